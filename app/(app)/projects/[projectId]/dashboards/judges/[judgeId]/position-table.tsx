import type { CriterionPosition } from "@/lib/agreement/bias";
import { Figure } from "../../figure";

// Position bias per criterion over valid pairs (Zheng et al. 2023 §3.4,
// docs/METRICS.md#position-bias): failed calls are counted in their own column, never as
// consistent or inconsistent, and every rate is a share of the valid pairs.

const COUNT = "py-2 pr-4 text-right tabular-nums";

export function PositionTable({ rows }: { rows: readonly CriterionPosition[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="position-by-criterion">
        <caption className="mb-2 text-left text-xs text-slate-500">
          Pairs judged in both shown orders, per criterion. Valid = no error in either order. Inconsistent = the winner differs between the orders, a tie against
          a winner included; biased to first / second = the inconsistent pairs that favour that shown position. Rates are shares of valid pairs, with 95 %
          intervals.
        </caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Criterion</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Both orders</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Valid</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Consistent</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Inconsistent</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Error pairs</th>
            <th scope="col" className="py-2 pr-4 font-medium">Inconsistency rate</th>
            <th scope="col" className="py-2 pr-4 font-medium">Biased to first</th>
            <th scope="col" className="py-2 font-medium">Biased to second</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.criterionKey} data-testid={`position-${row.criterionKey}`}>
              <th scope="row" className="py-2 pr-4 font-medium">
                {row.criterionName}
                {row.oneOrderOnly > 0 && <span className="block text-xs font-normal text-slate-500">{row.oneOrderOnly.toLocaleString("en")} judged in one order only, not counted</span>}
              </th>
              <td className={COUNT}>{row.judgedBothOrders.toLocaleString("en")}</td>
              <td className={COUNT} data-testid="position-valid">{row.validPairs.toLocaleString("en")}</td>
              <td className={COUNT}>{row.consistent.toLocaleString("en")}</td>
              <td className={COUNT}>{row.inconsistent.toLocaleString("en")}</td>
              <td className={COUNT} data-testid="position-errors">{row.errorPairs.toLocaleString("en")}</td>
              <td className="py-2 pr-4"><Figure stat={row.inconsistencyRate} kind="percent" testId="position-inconsistency" /></td>
              <td className="py-2 pr-4"><Figure stat={row.firstPositionPreference} kind="percent" testId="position-first" /></td>
              <td className="py-2"><Figure stat={row.secondPositionPreference} kind="percent" testId="position-second" /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
