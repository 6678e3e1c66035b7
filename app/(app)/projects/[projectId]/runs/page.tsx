import { MetricsText } from "@/components/metrics-text";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { compareRuns, type ChangedItem, type CriterionComparison, type RunComparison } from "@/lib/comparisons/compare";
import { describePassRule } from "@/lib/rubrics/kinds";
import { compareRunsSchema } from "@/lib/comparisons/schemas";
import { comparisonEstimates, type PairedEstimate } from "@/lib/estimates/paired";
import { listDatasets } from "@/lib/datasets/queries";
import { safeMessageOrThrow } from "@/lib/errors";
import { listJudgesWithCounts } from "@/lib/judges/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { CompareForm } from "./compare-form";
import { formatCi, formatMetric, formatSigned, param } from "./format";
import { SourceBadge } from "./source-badge";
import { ErrorBanner } from "@/components/ui/error-banner";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Run comparison" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RunComparisonPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: SearchParams }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const query = await searchParams;
  const [datasets, judges] = await Promise.all([listDatasets(projectId), listJudgesWithCounts(projectId)]);
  const runs = datasets.flatMap((dataset) => dataset.versions.flatMap((version) => version.runs.map((run) => ({ ...run, group: `${dataset.name} v${version.version}`, versionId: version.id }))));

  if (runs.length < 2) {
    return (
      <EmptyState title="Two runs needed">
        Upload the outputs of at least two runs on the same dataset version to compare them.
      </EmptyState>
    );
  }

  // Without a choice yet, start with the first two runs of the newest version that has two.
  const pairVersion = datasets.flatMap((d) => d.versions).find((v) => v.runs.length >= 2);
  const values = {
    baseline: param(query.baseline) ?? pairVersion?.runs[0]?.id,
    candidate: param(query.candidate) ?? pairVersion?.runs[1]?.id,
    judge: param(query.judge) || undefined,
    tag: param(query.tag) || undefined,
    criterion: param(query.criterion) || undefined,
  };

  let comparison: RunComparison | null = null;
  let estimates: PairedEstimate[] | null = null;
  let error: string | null = null;
  if (values.baseline && values.candidate) {
    const parsed = compareRunsSchema.safeParse(values);
    if (!parsed.success) error = parsed.error.issues.map((issue) => issue.message).join(" ");
    else {
      try {
        ({ comparison, estimates } = await runAnalytic(async () => {
          const found = await compareRuns(projectId, parsed.data);
          // The PPI++ column needs a judge; without one the bootstrap figures stand alone.
          return { comparison: found, estimates: found.judge ? await comparisonEstimates(projectId, found, parsed.data) : null };
        }));
      } catch (caught) {
        error = safeMessageOrThrow(caught);
      }
    }
  }

  return (
    <div className="space-y-6">
      <Card title="Compare two runs" description="Scores come from a lead's adjudication, else the reviewers' consensus (median or majority), else the chosen judge; every item says which (docs/METRICS.md#decided-score).">
        <CompareForm
          runs={runs.map((run) => ({ id: run.id, name: run.name, model: run.model, group: run.group }))}
          judges={judges.filter((j) => j.pointwise > 0).map((j) => ({ id: j.id, label: `${j.name}${j.promptVersion ? ` ${j.promptVersion}` : ""}` }))}
          values={values}
        />
      </Card>
      <ErrorBanner message={error} />
      {comparison && <ComparisonResult projectId={projectId} comparison={comparison} estimates={estimates} />}
    </div>
  );
}

function ComparisonResult({ projectId, comparison, estimates }: { projectId: string; comparison: RunComparison; estimates: PairedEstimate[] | null }) {
  const { baseline, candidate } = comparison;
  return (
    <>
      <Card
        title={`${baseline.name} → ${candidate.name}`}
        description={
          <>
            {baseline.datasetName} v{baseline.datasetVersion}
            {comparison.tag && <> · items tagged “{comparison.tag}”</>} · judge where no human consensus:{" "}
            {comparison.judge ? `${comparison.judge.name}${comparison.judge.promptVersion ? ` ${comparison.judge.promptVersion}` : ""}` : "none"} · 95% bootstrap intervals, {comparison.bootstrap.rounds.toLocaleString("en")} resamples · definitions: <MetricsText text="docs/METRICS.md#runs" /> · PPI++ difference: the judge&apos;s difference corrected by the experts&apos; on items labelled in both runs, 95% normal interval (<MetricsText text="docs/METRICS.md#calibrated-estimates-app" />)
          </>
        }
        actions={
          <div className="flex gap-2 text-sm">
            <Badge tone={comparison.regressedUnits > 0 ? "amber" : "green"}>{comparison.regressedUnits} regressed</Badge>
            <Badge tone="brand">{comparison.improvedUnits} improved</Badge>
          </div>
        }
      >
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Per-criterion comparison</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Criterion</th>
                <th scope="col" className="py-2 pr-4 font-medium">Baseline</th>
                <th scope="col" className="py-2 pr-4 font-medium">Candidate</th>
                <th scope="col" className="py-2 pr-4 font-medium">Difference</th>
                <th scope="col" className="py-2 pr-4 font-medium">PPI++ difference</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Regressed</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Improved</th>
                <th scope="col" className="py-2 font-medium">Decided by (baseline / candidate)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {comparison.criteria.map((criterion) => (
                <CriterionRow key={`${criterion.rubricName}:${criterion.key}`} criterion={criterion} estimate={estimates?.find((e) => e.key === criterion.key) ?? null} />
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Changed items" description="Regressed: the baseline passed and the candidate fails. Improved: the reverse. Open an item to read both outputs side by side (docs/METRICS.md#regressions).">
        {comparison.items.length === 0 ? (
          <EmptyState title="No item changed">Every item decided in both runs has the same pass/fail outcome.</EmptyState>
        ) : (
          <>
            <ChangedItems projectId={projectId} comparison={comparison} />
            {comparison.itemsTruncated && <p className="mt-3 text-xs text-slate-500">Showing the first {comparison.items.length} changes; narrow by tag or criterion to see the rest.</p>}
          </>
        )}
      </Card>
    </>
  );
}

function CriterionRow({ criterion, estimate }: { criterion: CriterionComparison; estimate: PairedEstimate | null }) {
  const { metric } = criterion;
  const worse = (criterion.delta.upper ?? 0) < 0;
  const better = (criterion.delta.lower ?? 0) > 0;
  const total = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
  const share = (s: Record<string, number>) => {
    const n = total(s);
    return n === 0 ? "—" : `${Math.round((100 * (s.adjudicated! + s.human!)) / n)}% human`;
  };
  return (
    <tr>
      <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-900">
        {criterion.name}
        <span className="block text-xs font-normal text-slate-500">
          {metric} · pass = {describePassRule(criterion.pass)} · n = {criterion.paired}
        </span>
      </th>
      <td className="py-2 pr-4 tabular-nums">
        {formatMetric(criterion.baseline.value, metric)} <span className="text-xs text-slate-500">{formatCi(criterion.baseline, metric)}</span>
      </td>
      <td className="py-2 pr-4 tabular-nums">
        {formatMetric(criterion.candidate.value, metric)} <span className="text-xs text-slate-500">{formatCi(criterion.candidate, metric)}</span>
      </td>
      <td className={`py-2 pr-4 tabular-nums ${worse ? "text-red-700" : better ? "text-emerald-700" : ""}`}>
        {formatSigned(criterion.delta.value, metric)} <span className="text-xs">{formatCi(criterion.delta, metric, true)}</span>
      </td>
      <PpiDifferenceCell estimate={estimate} metric={metric} />
      <td className="py-2 pr-4 text-right tabular-nums">{criterion.regressed}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{criterion.improved}</td>
      <td className="py-2 text-xs text-slate-600">
        {share(criterion.sources.baseline)} / {share(criterion.sources.candidate)}
      </td>
    </tr>
  );
}

/** The judge's difference corrected by the experts' (PPI++), with its 95 % interval and what it rests on. */
function PpiDifferenceCell({ estimate, metric }: { estimate: PairedEstimate | null; metric: "mean" | "pass rate" }) {
  if (!estimate) return <td className="py-2 pr-4 text-xs text-slate-500">no judge</td>;
  const ppi = estimate.ppi;
  if (!ppi) return <td className="py-2 pr-4 text-xs text-amber-800">{estimate.notEnoughData}</td>;
  const tone = ppi.upper < 0 ? "text-red-700" : ppi.lower > 0 ? "text-emerald-700" : "";
  return (
    <td className={`py-2 pr-4 tabular-nums ${tone}`}>
      {formatSigned(ppi.estimate, metric)} <span className="text-xs">[{formatSigned(ppi.lower, metric)}, {formatSigned(ppi.upper, metric)}]</span>
      <span className="block text-xs text-slate-500">
        n = {estimate.n}, N = {estimate.N}, λ = {ppi.lambda.toFixed(2)}
      </span>
    </td>
  );
}

function scoreText(side: ChangedItem["baseline"]) {
  return side.category ?? (side.value === null ? "—" : String(Number(side.value.toFixed(2))));
}

function ChangedItems({ projectId, comparison }: { projectId: string; comparison: RunComparison }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Items that regressed or improved</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Item</th>
            <th scope="col" className="py-2 pr-4 font-medium">Criterion</th>
            <th scope="col" className="py-2 pr-4 font-medium">Change</th>
            <th scope="col" className="py-2 pr-4 font-medium">{comparison.baseline.name}</th>
            <th scope="col" className="py-2 font-medium">{comparison.candidate.name}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {comparison.items.map((item) => {
            const href = `/projects/${projectId}/runs/item?${new URLSearchParams({ baseline: comparison.baseline.id, candidate: comparison.candidate.id, item: item.itemId, turn: String(item.turn) })}`;
            return (
              <tr key={`${item.itemId}:${item.turn}:${item.criterionKey}`}>
                <td className="py-2 pr-4">
                  <Link href={href} className="font-mono text-xs font-medium text-brand-700 underline-offset-2 hover:underline">
                    {item.externalId}
                    {item.turn > 0 && ` · turn ${item.turn}`}
                  </Link>
                  {item.tags.length > 0 && <span className="ml-2 text-xs text-slate-500">{item.tags.join(", ")}</span>}
                </td>
                <td className="py-2 pr-4">{item.criterionKey}</td>
                <td className="py-2 pr-4">
                  <Badge tone={item.direction === "regressed" ? "amber" : "green"}>{item.direction}</Badge>
                </td>
                <td className="py-2 pr-4 tabular-nums">
                  {scoreText(item.baseline)} <SourceBadge source={item.baseline.source} />
                </td>
                <td className="py-2 tabular-nums">
                  {scoreText(item.candidate)} <SourceBadge source={item.candidate.source} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
