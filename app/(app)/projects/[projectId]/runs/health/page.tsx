import { MetricsText } from "@/components/metrics-text";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ChoiceField } from "@/components/ui/filter-form";
import { StatTile } from "@/components/stat-tile";
import { loadCriterionGroups } from "@/lib/comparisons/criteria";
import { listDatasets } from "@/lib/datasets/queries";
import { discriminates } from "@/lib/dataset-health/core-subset";
import { datasetHealth, type DatasetHealth } from "@/lib/dataset-health/health";
import { safeMessageOrThrow } from "@/lib/errors";
import { requireProjectPage } from "@/lib/projects/access";
import { formatMetric, param } from "../format";
import { SaveCoreSubset } from "./save-core-subset";
import { ErrorBanner } from "@/components/ui/error-banner";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Dataset health" };

export default async function DatasetHealthPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "dashboards.view");
  const query = await searchParams;
  const [datasets, criteria] = await Promise.all([listDatasets(projectId), loadCriterionGroups(projectId)]);
  const versions = datasets.flatMap((d) => d.versions.map((v) => ({ id: v.id, label: `${d.name} v${v.version} (${v.runs.length} runs)`, runs: v.runs.length })));
  if (versions.length === 0) return <EmptyState title="No datasets yet">Upload a dataset and the outputs of several runs to measure its items.</EmptyState>;
  const values = {
    datasetVersion: param(query.datasetVersion) || (versions.find((v) => v.runs >= 2) ?? versions[0]!).id,
    criterion: param(query.criterion) || undefined,
  };
  let health: DatasetHealth | null = null;
  let error: string | null = null;
  try {
    health = await runAnalytic(() => datasetHealth(projectId, values));
  } catch (caught) {
    error = safeMessageOrThrow(caught);
  }

  return (
    <div className="space-y-6">
      <Card title="Dataset health" description="How well each item separates runs (docs/METRICS.md#dataset-health): difficulty = share of runs passing, discrimination = item–rest point-biserial correlation over the runs × items pass matrix, score r = item–rest correlation over the runs' decided scores.">
        <form method="get" className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <ChoiceField id="health-version" name="datasetVersion" label="Dataset version" value={values.datasetVersion} choices={versions.map((v) => ({ value: v.id, label: v.label }))} />
          <ChoiceField
            id="health-criterion"
            name="criterion"
            label="Pass/fail on"
            value={values.criterion}
            anyLabel={criteria[0] ? `${criteria[0].name} (default)` : "—"}
            choices={criteria.slice(1).map((c) => ({ value: c.key, label: c.name }))}
          />
          <div>
            <Button type="submit">Update</Button>
          </div>
        </form>
      </Card>
      <ErrorBanner message={error} />
      {health && <HealthResult projectId={projectId} health={health} canWrite={can("datasets.write")} />}
    </div>
  );
}

function HealthResult({ projectId, health, canWrite }: { projectId: string; health: DatasetHealth; canWrite: boolean }) {
  if (health.items.length === 0) {
    return <EmptyState title="Not enough data">{health.core.found ? null : health.core.reason}. Items need a decided score (reviewers or a judge) for every run on this version.</EmptyState>;
  }
  const { core } = health;
  const discriminating = health.items.filter(discriminates).length;
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <StatTile label="Runs" value={health.runs.length} />
        <StatTile label="Items measured" value={health.items.length} />
        <StatTile label="Discriminating items (r > 0)" value={discriminating} />
        <StatTile label="Core subset" value={core.found ? `${core.size} items` : "—"} />
      </dl>
      {health.runs.length < 10 && (
        <p className="text-sm text-amber-800">
          Only {health.runs.length} runs: discrimination is a rough guide until about ten runs have been scored (<MetricsText text="docs/METRICS.md#discrimination" />).
        </p>
      )}
      <Card
        title="Suggested core subset"
        description="The smallest set of items, taken by discrimination within tag strata, whose run ranking keeps Kendall τ-b ≥ 0.9 against the full set. Items with discrimination ≤ 0 (pass/fail or score r) are left out unless their stratum has nothing better (docs/METRICS.md#core-subset)."
      >
        {core.found ? (
          <div className="space-y-4">
            <p className="text-sm text-slate-800">
              <strong>{core.size}</strong> of {core.fullSize} items ({Math.round((100 * core.size) / core.fullSize)}%) keep the ranking with Kendall τ-b = <strong>{core.tau.toFixed(3)}</strong>.
            </p>
            <table className="w-full max-w-xl text-left text-sm">
              <caption className="sr-only">Run scores on the full set and the core subset</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-1 pr-4 font-medium">Run</th>
                  <th scope="col" className="py-1 pr-4 text-right font-medium">Full set</th>
                  <th scope="col" className="py-1 text-right font-medium">Core subset</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {health.runs.map((run) => (
                  <tr key={run.id}>
                    <th scope="row" className="py-1 pr-4 text-left font-medium">{run.name}</th>
                    <td className="py-1 pr-4 text-right tabular-nums">{formatMetric(run.fullScore, "rate")}</td>
                    <td className="py-1 text-right tabular-nums">{formatMetric(run.coreScore, "rate")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {core.fallback.externalIds.length > 0 && (
              <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {core.fallback.externalIds.length === 1 ? "1 core item has" : `${core.fallback.externalIds.length} core items have`} discrimination ≤ 0 ({core.fallback.externalIds.join(", ")}): tag {core.fallback.strata.length === 1 ? "stratum" : "strata"}{" "}
                {core.fallback.strata.map((stratum) => `"${stratum}"`).join(", ")} had no item that ranks runs the way the rest of the set does, so the subset keeps the best of {core.fallback.strata.length === 1 ? "it" : "them"}. Check those items before relying on them.
              </p>
            )}
            <SaveCoreSubset projectId={projectId} datasetVersionId={health.datasetVersion.id} externalIds={core.externalIds} canWrite={canWrite} />
          </div>
        ) : (
          <EmptyState title="No core subset">{core.reason}.</EmptyState>
        )}
      </Card>
      {health.robustness && (
        <Card title="Paraphrase robustness" description={`${health.robustness.groups} paraphrase groups; each paraphrase is paired with its group's original (the item named like the group, else the first). Drop = pass rate on originals − on paraphrases; McNemar exact test on the discordant pairs (docs/METRICS.md#paraphrase-robustness).`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Robustness per run</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Run</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Pairs</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Originals</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Paraphrases</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Drop</th>
                <th scope="col" className="py-2 text-right font-medium">McNemar p (b / c)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {health.robustness.runs.map((run) => (
                <tr key={run.runId}>
                  <th scope="row" className="py-2 pr-4 text-left font-medium">{run.runName}</th>
                  <td className="py-2 pr-4 text-right tabular-nums">{run.pairs}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{formatMetric(run.original.value, "rate")}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{formatMetric(run.paraphrased.value, "rate")}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{run.drop.value === null ? "—" : `${(run.drop.value * 100).toFixed(1)} pp`}</td>
                  <td className="py-2 text-right tabular-nums">
                    {run.mcnemar.value === null ? "—" : run.mcnemar.value.toFixed(3)} ({run.mcnemar.b} / {run.mcnemar.c})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">
            Ranking stability (Kendall τ-b, originals vs paraphrases): {health.robustness.rankingTau.value === null ? health.robustness.rankingTau.reason : health.robustness.rankingTau.value.toFixed(3)}
          </p>
        </Card>
      )}
      <Card title="Items" description={`Sorted by discrimination (docs/METRICS.md#discrimination). ${health.incompleteItems > 0 ? `${health.incompleteItems} items without a decided score for every run are left out.` : ""}`}>
        {/* Focusable so keyboard users can scroll the long table (axe scrollable-region-focusable). */}
        <div className="max-h-[32rem] overflow-auto" tabIndex={0} role="region" aria-label="Items, sorted by discrimination">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Item difficulty and discrimination</caption>
            <thead className="sticky top-0 bg-white text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Item</th>
                <th scope="col" className="py-2 pr-4 font-medium">Tags</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Runs passing</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Discrimination</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Mean score</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Score r</th>
                <th scope="col" className="py-2 font-medium">Core</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {[...health.items]
                .sort((a, b) => (b.discrimination ?? -Infinity) - (a.discrimination ?? -Infinity))
                .map((item) => (
                  <tr key={item.itemId}>
                    <td className="py-1.5 pr-4 font-mono text-xs">{item.externalId}</td>
                    <td className="py-1.5 pr-4 text-xs text-slate-600">{item.tags.join(", ") || "—"}</td>
                    <td className="py-1.5 pr-4 text-right tabular-nums">{formatMetric(item.difficulty, "rate")}</td>
                    <td className={`py-1.5 pr-4 text-right tabular-nums ${item.discrimination !== null && item.discrimination <= 0 ? "text-red-700" : ""}`}>
                      {item.discrimination === null ? <span className="text-xs text-slate-500">{item.reason}</span> : item.discrimination.toFixed(2)}
                    </td>
                    <td className="py-1.5 pr-4 text-right tabular-nums">{item.scoreMean.toFixed(2)}</td>
                    <td className={`py-1.5 pr-4 text-right tabular-nums ${item.scoreCorrelation !== null && item.scoreCorrelation <= 0 ? "text-red-700" : ""}`}>
                      {item.scoreCorrelation === null ? <span className="text-xs text-slate-500">{item.scoreReason}</span> : item.scoreCorrelation.toFixed(2)}
                    </td>
                    <td className="py-1.5">{item.inCore && <Badge tone="brand">core</Badge>}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
