import type { Label } from "@/lib/stats/types";

// A confusion matrix as a heat map: rows are the human consensus, columns the
// judge, cell shade proportional to the count. A real table, so screen
// readers read it cell by cell and every count is visible, not only a colour.

export function ConfusionHeatmap({ categories, counts, caption, format = String }: {
  categories: Label[];
  counts: number[][];
  caption: string;
  format?: (label: Label) => string;
}) {
  const max = Math.max(1, ...counts.flat());
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-1 text-center text-sm">
        <caption className="mb-2 text-left text-xs text-slate-500">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 text-right text-xs font-medium text-slate-500">
              Human ↓ · Judge →
            </th>
            {categories.map((category) => (
              <th key={String(category)} scope="col" className="min-w-12 px-2 text-xs font-medium text-slate-600">
                {format(category)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((rowCategory, i) => (
            <tr key={String(rowCategory)}>
              <th scope="row" className="px-2 text-right text-xs font-medium text-slate-600">
                {format(rowCategory)}
              </th>
              {categories.map((colCategory, j) => {
                const count = counts[i]![j]!;
                const share = count / max;
                return (
                  <td
                    key={String(colCategory)}
                    className={`h-10 min-w-12 rounded tabular-nums ${i === j ? "ring-1 ring-slate-400" : ""} ${share > 0.55 ? "text-white" : "text-slate-800"}`}
                    style={{ backgroundColor: count === 0 ? "#f8fafc" : `rgba(79, 70, 229, ${0.12 + share * 0.88})` }}
                    aria-label={`human ${format(rowCategory)}, judge ${format(colCategory)}: ${count}`}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
