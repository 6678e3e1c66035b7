import type { PlanReview } from "@/lib/estimates/plans";

/** Saved plans: the predicted labels and width beside what the figure shows now. */
export function SavedPlans({ plans }: { plans: PlanReview[] }) {
  // Plans store targets on the figure's scale; pass rates and means are told apart by their size only in the target, so show raw values.
  const width = (w: number | null) => (w === null ? "—" : `±${Number(w.toPrecision(3))}`);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Saved budget plans: predicted against achieved</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Saved</th>
            <th scope="col" className="py-2 pr-4 font-medium">Figure</th>
            <th scope="col" className="py-2 pr-4 font-medium">Target</th>
            <th scope="col" className="py-2 pr-4 font-medium">Predicted labels</th>
            <th scope="col" className="py-2 pr-4 font-medium">Labelled now</th>
            <th scope="col" className="py-2 pr-4 font-medium">Width then → now</th>
            <th scope="col" className="py-2 font-medium">Outcome</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {plans.map((plan) => {
            const planned = plan.labelledAtPlan + plan.predictedLabels;
            const reached = plan.halfWidthNow !== null && plan.halfWidthNow <= plan.targetHalfWidth;
            return (
              <tr key={plan.id}>
                <td className="py-2 pr-4 text-xs text-slate-600">{plan.createdAt.toISOString().slice(0, 10)}</td>
                <td className="py-2 pr-4">
                  {plan.runName} · {plan.criterionKey}
                  {plan.slice && <span className="block text-xs text-slate-500">slice {plan.slice}</span>}
                </td>
                <td className="py-2 pr-4 tabular-nums">{width(plan.targetHalfWidth)}</td>
                <td className="py-2 pr-4 tabular-nums">
                  +{plan.predictedLabels} (n = {planned})
                </td>
                <td className="py-2 pr-4 tabular-nums">{plan.labelledNow}</td>
                <td className="py-2 pr-4 tabular-nums">
                  {width(plan.halfWidthAtPlan)} → {width(plan.halfWidthNow)}
                </td>
                <td className="py-2 text-xs">{reached ? "Target reached" : plan.labelledNow >= planned ? "Planned labels in, target missed" : `${planned - plan.labelledNow} label(s) still to come`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
