import type { GridRow } from "@/lib/estimates/grid";
import { formatMetric } from "../format";
import { formatInterval } from "./format";

/** Per run × criterion: judge only (uncorrected), experts only and PPI++ with their intervals, n, N, λ, effective labels. */
// `metricLabel` names the figure when it is not the row's own metric (a win rate, shown as a rate).
export function EstimatesTable({ rows, caption = "Calibrated estimates per run and criterion", metricLabel }: { rows: GridRow[]; caption?: string; metricLabel?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Run</th>
            <th scope="col" className="py-2 pr-4 font-medium">Criterion</th>
            <th scope="col" className="py-2 pr-4 font-medium">Judge only (uncorrected)</th>
            <th scope="col" className="py-2 pr-4 font-medium">Experts only</th>
            <th scope="col" className="py-2 pr-4 font-medium">PPI++</th>
            {/* n and N differ by case only: keep it. */}
            <th scope="col" className="py-2 pr-4 text-right font-medium normal-case" title="Expert-labelled units">
              n
            </th>
            <th scope="col" className="py-2 pr-4 text-right font-medium normal-case" title="Judge-only units">
              N
            </th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">λ</th>
            <th scope="col" className="py-2 text-right font-medium">Effective labels</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ run, key, name, metric, figures }) => (
            <tr key={`${run.id}:${key}`}>
              <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-900">
                {run.name}
                <span className="block text-xs font-normal text-slate-500">{run.model}</span>
              </th>
              <td className="py-2 pr-4">
                {name}
                <span className="block text-xs text-slate-500">{metricLabel ?? metric}</span>
              </td>
              <td className="py-2 pr-4 tabular-nums text-slate-600">
                {figures.judgeOnly.units === 0 ? (
                  <span className="text-xs">no judge scores</span>
                ) : (
                  <>
                    {formatMetric(figures.judgeOnly.estimate, metric)} <span className="text-xs italic">uncorrected</span>
                  </>
                )}
              </td>
              {figures.notEnoughData ? (
                <td colSpan={2} className="py-2 pr-4 text-xs text-amber-800">
                  {figures.notEnoughData}
                </td>
              ) : (
                <>
                  <td className="py-2 pr-4 tabular-nums">
                    {formatMetric(figures.classical?.estimate, metric)} <span className="text-xs text-slate-500">{formatInterval(figures.classical, metric)}</span>
                  </td>
                  <td className="py-2 pr-4 font-medium tabular-nums text-slate-900">
                    {formatMetric(figures.ppi?.estimate, metric)} <span className="text-xs font-normal text-slate-500">{formatInterval(figures.ppi, metric)}</span>
                  </td>
                </>
              )}
              <td className="py-2 pr-4 text-right tabular-nums">{figures.n}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{figures.N}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{figures.ppi ? figures.ppi.lambda.toFixed(2) : "—"}</td>
              <td className="py-2 text-right tabular-nums">{figures.effectiveLabels === null ? "—" : Math.round(figures.effectiveLabels)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
