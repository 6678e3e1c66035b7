import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { planBySlice, type EstimateGrid } from "@/lib/estimates/grid";
import { formatHalfWidth, targetOnScale, type Metric } from "./format";
import { SavePlanButton } from "./save-plan-button";

export type PlannerChoice = { runId: string; key: string; target: number };

/**
 * "How many more expert labels to reach ±X?" for one run and criterion, on
 * all items and on each slice, from the current PPI++ variances
 * (lib/stats/ppi-budget.ts). A GET form, so the other filters ride along.
 */
export function BudgetPlanner({ projectId, grid, choice, filters, canSave }: { projectId: string; grid: EstimateGrid; choice: PlannerChoice; filters: Record<string, string | undefined>; canSave: boolean }) {
  const row = grid.rows.find((r) => r.run.id === choice.runId && r.key === choice.key) ?? grid.rows[0]!;
  const metric: Metric = row.metric;
  const target = targetOnScale(choice.target, metric);
  const plans = planBySlice(grid.units, row.run.id, row.g, grid.tags, target);
  return (
    <div className="space-y-4">
      <form method="get" className="grid gap-4 sm:grid-cols-3 sm:items-end">
        {Object.entries(filters).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
        <Field label="Figure" htmlFor="planner-figure">
          <Select id="planner-figure" name="plan" defaultValue={`${row.run.id}:${row.key}`}>
            {grid.rows.map((r) => (
              <option key={`${r.run.id}:${r.key}`} value={`${r.run.id}:${r.key}`}>
                {r.run.name} · {r.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={metric === "mean" ? "Target ± (scale points)" : "Target ± (percentage points)"} htmlFor="planner-target">
          <Input id="planner-target" name="target" type="number" min="0" step="any" defaultValue={String(choice.target)} required />
        </Field>
        <div className="sm:pb-0.5">
          <Button type="submit" variant="secondary" className="w-full">
            Plan
          </Button>
        </div>
      </form>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Expert labels needed per slice</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Slice</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">n labelled</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">N judge only</th>
              <th scope="col" className="py-2 pr-4 font-medium">PPI++ now</th>
              <th scope="col" className="py-2 pr-4 font-medium">More labels for {formatHalfWidth(target, metric)}</th>
              {canSave && <th scope="col" className="py-2 font-medium"><span className="sr-only">Save</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {plans.map((p) => (
              <tr key={p.slice ?? ""}>
                <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-900">{p.slice ?? "All items"}</th>
                <td className="py-2 pr-4 text-right tabular-nums">{p.n}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{p.N}</td>
                <td className="py-2 pr-4 tabular-nums">{formatHalfWidth(p.halfWidth, metric)}</td>
                <td className="py-2 pr-4 tabular-nums">
                  {!p.plan ? (
                    <span className="text-xs text-amber-800">{p.notEnoughData}</span>
                  ) : p.plan.reachable ? (
                    p.plan.more === 0 ? "Reached already" : `${p.plan.more.toLocaleString("en")} (predicted ${formatHalfWidth(p.plan.predictedHalfWidth, metric)})`
                  ) : (
                    <span className="text-xs text-amber-800">
                      {p.plan.more === 0
                        ? `Not reachable: more labels would not narrow it (now ${formatHalfWidth(p.plan.bestHalfWidth, metric)}${p.N === 0 ? ", every unit is labelled" : ""})`
                        : `Not reachable: at best ${formatHalfWidth(p.plan.bestHalfWidth, metric)} with ${p.plan.more.toLocaleString("en")} more`}
                    </span>
                  )}
                </td>
                {canSave && (
                  <td className="py-2">
                    {p.plan?.reachable && p.plan.more > 0 && (
                      <SavePlanButton plan={{ projectId, runId: row.run.id, criterionKey: row.key, judgeId: grid.judge.id, slice: p.slice ?? "", setupId: grid.setup?.id, targetHalfWidth: target }} />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
