import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { factualityByRun } from "@/lib/comparisons/factuality";
import { requireProjectPage } from "@/lib/projects/access";
import { formatMetric } from "../format";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Factuality" };

export default async function FactualityPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const report = await runAnalytic(() => factualityByRun(projectId));
  if (report.criteria.length === 0) {
    return <EmptyState title="No factuality criterion">Add a factuality criterion (correct / incorrect / not attempted) to a rubric to see SimpleQA-style rates per run.</EmptyState>;
  }
  const pct = (x: number | undefined) => formatMetric(x, "rate");
  return (
    <div className="space-y-6">
      {report.criteria.map((criterion) => (
        <Card
          key={`${criterion.rubricName}:${criterion.key}`}
          title={`${criterion.name} — ${criterion.rubricName}`}
          description={`SimpleQA-style rates (docs/METRICS.md#factuality). Grades come from a lead's adjudication, else the reviewers' majority, else ${report.judge ? `${report.judge.name}${report.judge.promptVersion ? ` ${report.judge.promptVersion}` : ""}` : "a judge (none has scores)"}. F-score = harmonic mean of correct and correct-given-attempted.`}
        >
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Factuality per run</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Run</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">Correct</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">Incorrect</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">Not attempted</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">Correct given attempted</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">F-score</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">n</th>
                  <th scope="col" className="py-2 font-medium">Decided by</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {criterion.runs.map((run) => (
                  <tr key={run.runId}>
                    <th scope="row" className="py-2 pr-4 text-left font-medium">{run.runName}</th>
                    {run.metrics ? (
                      <>
                        <td className="py-2 pr-4 text-right tabular-nums">{pct(run.metrics.correct)}</td>
                        <td className="py-2 pr-4 text-right tabular-nums">{pct(run.metrics.incorrect)}</td>
                        <td className="py-2 pr-4 text-right tabular-nums">{pct(run.metrics.notAttempted)}</td>
                        <td className="py-2 pr-4 text-right tabular-nums">{pct(run.metrics.accuracyGivenAttempted)}</td>
                        <td className="py-2 pr-4 text-right font-semibold tabular-nums">{pct(run.metrics.f1)}</td>
                        <td className="py-2 pr-4 text-right tabular-nums">{run.metrics.n}</td>
                      </>
                    ) : (
                      <td colSpan={6} className="py-2 pr-4 text-slate-500">
                        No graded outputs yet
                      </td>
                    )}
                    <td className="py-2 text-xs text-slate-600">
                      {run.sources.adjudicated} adjudicated · {run.sources.human} reviewers · {run.sources.judge} judge
                      {run.otherGrades > 0 && ` · ${run.otherGrades} other grades left out`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ))}
    </div>
  );
}
