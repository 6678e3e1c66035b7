import type { Metadata } from "next";
import { MetricsText } from "@/components/metrics-text";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBanner } from "@/components/ui/error-banner";
import { estimateGrid, listSampleSetups, type EstimateGrid } from "@/lib/estimates/grid";
import { reviewBudgetPlans } from "@/lib/estimates/plans";
import { winRateRows, type WinRates } from "@/lib/estimates/win-rates";
import { estimatesPageSchema } from "@/lib/estimates/schemas";
import { safeMessageOrThrow } from "@/lib/errors";
import { listJudgesWithCounts } from "@/lib/judges/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { param } from "../format";
import { BudgetPlanner } from "./budget-planner";
import { EstimatesForm } from "./estimates-form";
import { EstimatesTable } from "./estimates-table";
import { SavedPlans } from "./saved-plans";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Calibrated estimates" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Default planner target as typed: ±5 percentage points on a pass rate, ±0.1 on a scale. */
const defaultTarget = (metric: "mean" | "pass rate") => (metric === "mean" ? 0.1 : 5);

export default async function CalibratedEstimatesPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: SearchParams }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "dashboards.view");
  const query = await searchParams;
  const filters = { datasetVersion: param(query.datasetVersion) || undefined, judge: param(query.judge) || undefined, setup: param(query.setup) || undefined, slice: param(query.slice) || undefined };

  let grid: EstimateGrid | null = null;
  let winRates: WinRates | null = null;
  let empty: string | null = null;
  let error: string | null = null;
  const parsed = estimatesPageSchema.safeParse(filters);
  if (!parsed.success) error = parsed.error.issues.map((issue) => issue.message).join(" ");
  else {
    try {
      const result = await runAnalytic(() => estimateGrid(projectId, parsed.data));
      if ("empty" in result) empty = result.empty;
      else {
        grid = result;
        const runs = result.runs;
        winRates = await runAnalytic(() => winRateRows(projectId, runs, result.slice));
      }
    } catch (caught) {
      error = safeMessageOrThrow(caught);
    }
  }
  const [judges, setups, plans] = await Promise.all([listJudgesWithCounts(projectId), listSampleSetups(projectId), reviewBudgetPlans(projectId)]);

  if (empty) return <EmptyState title="Nothing to estimate yet">{empty}</EmptyState>;

  const [planRun, planKey] = (param(query.plan) ?? "").split(":");
  const firstRow = grid?.rows[0];
  const chosen = grid?.rows.find((r) => r.run.id === planRun && r.key === planKey) ?? firstRow;
  const typedTarget = Number(param(query.target));

  return (
    <div className="space-y-6">
      <Card
        title="Calibrated estimates"
        description="The judge scores every item but may be biased; experts are unbiased but label few. PPI++ corrects the judge's figure by its measured error on the expert-labelled items: a 95 % interval that holds however biased the judge is, narrower than the experts' alone when the judge carries signal. Definitions: docs/METRICS.md#calibrated-estimates-app"
      >
        <EstimatesForm
          versions={grid?.versions ?? []}
          judges={judges.filter((j) => j.pointwise > 0).map((j) => ({ id: j.id, label: `${j.name}${j.promptVersion ? ` ${j.promptVersion}` : ""}` }))}
          setups={setups}
          tags={grid?.tags ?? []}
          values={{ datasetVersion: grid?.version.id ?? filters.datasetVersion ?? "", judge: filters.judge, setup: filters.setup, slice: filters.slice }}
        />
      </Card>
      <ErrorBanner message={error} />
      {grid && (
        <Card
          title={`${grid.version.label}${grid.slice ? ` · items tagged “${grid.slice}”` : ""}`}
          description={
            <>
              Judge: {grid.judge.name}
              {grid.judge.promptVersion ? ` ${grid.judge.promptVersion}` : ""}
              {filters.judge ? "" : " (most scores on these runs)"} · expert sample:{" "}
              {grid.setup ? `setup “${grid.setup.name}”, weighted by 1/inclusion probability` : "every expert-labelled unit, as a uniform sample"} · n = expert-labelled units, N = judge-only units · 95 % normal intervals ·{" "}
              <MetricsText text="docs/METRICS.md#calibrated-estimates-app" />
            </>
          }
        >
          <EstimatesTable rows={grid.rows} />
        </Card>
      )}
      {winRates && (
        <Card
          title="Win rates"
          description={`Each run against each other run on the preference criteria: win 1, tie or both bad ½, loss 0; the judge's verdict in both shown orders against the experts' consensus on the pair. Judge: ${winRates.judges.join(", ")} (most verdicts on the criterion). Same intervals and "not enough data" rule as above.`}
        >
          <EstimatesTable rows={winRates.rows} caption="Calibrated win rates per pair of runs" metricLabel="win rate of the first" />
        </Card>
      )}
      {grid && chosen && (
        <Card title="Labelling budget" description="How many more expert labels would bring the PPI++ interval to the target, per slice, if the judge's error and spread stay as measured now (docs/METRICS.md#calibrated-estimates-app).">
          <BudgetPlanner
            projectId={projectId}
            grid={grid}
            choice={{ runId: chosen.run.id, key: chosen.key, target: Number.isFinite(typedTarget) && typedTarget > 0 ? typedTarget : defaultTarget(chosen.metric) }}
            filters={filters}
            canSave={can("review.configure")}
          />
        </Card>
      )}
      {plans.length > 0 && (
        <Card title="Saved plans" description="Each saved plan's prediction beside the same figure now, to see whether the labels delivered the width promised.">
          <SavedPlans plans={plans} />
        </Card>
      )}
    </div>
  );
}
