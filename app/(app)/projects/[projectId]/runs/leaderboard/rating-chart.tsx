export type RatingPoint = { name: string; rating: number; lower: number; upper: number };

/**
 * Ratings as dots on their 95% bootstrap interval, on one shared scale with a
 * dashed line at the anchor (1000). Plain HTML, so it prints, scales and
 * reads out (the figcaption lists the numbers) without client code.
 */
export function RatingChart({ rows }: { rows: RatingPoint[] }) {
  const min = Math.min(1000, ...rows.map((r) => r.lower));
  const max = Math.max(1000, ...rows.map((r) => r.upper));
  const pad = Math.max(10, (max - min) * 0.08);
  const lo = Math.floor((min - pad) / 10) * 10;
  const hi = Math.ceil((max + pad) / 10) * 10;
  const x = (v: number) => `${(((v - lo) / (hi - lo)) * 100).toFixed(2)}%`;
  return (
    <figure aria-label="Bradley–Terry ratings with 95% intervals" className="space-y-2">
      <ul className="space-y-3" aria-hidden="true">
        {rows.map((row) => (
          <li key={row.name} className="grid grid-cols-[8rem_1fr] items-center gap-3 text-xs">
            <span className="truncate text-right text-slate-700">{row.name}</span>
            <span className="relative block h-5">
              <span className="absolute inset-y-0 w-px border-l border-dashed border-slate-400" style={{ left: x(1000) }} />
              <span className="absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-brand-100 ring-1 ring-brand-500/40" style={{ left: x(row.lower), width: `calc(${x(row.upper)} - ${x(row.lower)})` }} />
              <span className="absolute top-1/2 h-3 w-3 -translate-x-1/2 -translate-y-1/2 rounded-full bg-brand-600 ring-2 ring-white" style={{ left: x(row.rating) }} />
            </span>
          </li>
        ))}
      </ul>
      <div className="grid grid-cols-[8rem_1fr] gap-3 text-xs text-slate-500" aria-hidden="true">
        <span />
        <span className="flex justify-between tabular-nums">
          <span>{lo}</span>
          <span>{Math.round((lo + hi) / 2)}</span>
          <span>{hi}</span>
        </span>
      </div>
      <figcaption className="sr-only">
        {rows.map((r) => `${r.name}: ${r.rating.toFixed(0)} (95% interval ${r.lower.toFixed(0)}–${r.upper.toFixed(0)})`).join("; ")}
      </figcaption>
    </figure>
  );
}
