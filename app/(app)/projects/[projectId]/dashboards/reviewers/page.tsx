import type { Metadata } from "next";
import { CiBarChart } from "@/components/charts/ci-bar-chart";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireProjectPage } from "@/lib/projects/access";
import { MIN_COMPARED, loadReviewerQuality } from "@/lib/reviewers/quality";
import { Figure } from "../figure";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Reviewer quality" };

function duration(ms: number) {
  const seconds = Math.round(ms / 1000);
  return seconds < 90 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export default async function ReviewersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const { reviewers, teamMedian } = await runAnalytic(() => loadReviewerQuality(projectId));
  return (
    <Card
      title="Reviewer quality"
      description={`Agreement with the consensus of the other reviewers on the same units (leave-one-out), with a 95 % bootstrap interval. A reviewer is flagged when the whole interval lies below the team median${teamMedian.value === null ? "" : ` (${(teamMedian.value * 100).toFixed(1)} %)`}; below ${MIN_COMPARED} shared judgments there is no figure (docs/METRICS.md#reviewer-quality).`}
    >
      {reviewers.length === 0 ? (
        <EmptyState title="No reviewers yet">Invite reviewers in Settings, then set up a review.</EmptyState>
      ) : (
        <div className="space-y-6">
          <table className="w-full text-left text-sm" data-testid="reviewer-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Reviewer</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Labels</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Median active time</th>
                <th scope="col" className="py-2 pr-4 font-medium">Agreement with others</th>
                <th scope="col" className="py-2 font-medium">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {reviewers.map((r) => (
                <tr key={r.id} data-reviewer={r.email}>
                  <th scope="row" className="py-2 pr-4 font-medium text-slate-900">
                    {r.name}
                    <div className="text-xs font-normal text-slate-500">{r.email}</div>
                  </th>
                  <td className="py-2 pr-4 text-right tabular-nums">{r.labels}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{r.medianActiveMs.value === null ? <span className="text-xs text-slate-500">{r.medianActiveMs.reason}</span> : duration(r.medianActiveMs.value)}</td>
                  <td className="py-2 pr-4">
                    <Figure stat={r.agreement} kind="percent" testId={`reviewer-agreement:${r.email}`} />
                    {r.agreement.value !== null && <span className="ml-2 text-xs text-slate-500">n = {r.agreement.n}</span>}
                  </td>
                  <td className="py-2">
                    {r.outlier ? (
                      <span title={r.outlierReason}>
                        <Badge tone="amber">Outlier</Badge>
                        <span className="sr-only">: {r.outlierReason}</span>
                      </span>
                    ) : r.agreement.value === null ? (
                      <span className="text-xs text-slate-500">—</span>
                    ) : (
                      <Badge tone="green">In line</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <CiBarChart
            title="Agreement of each reviewer with the others' consensus"
            rows={reviewers.filter((r) => r.agreement.value !== null).map((r) => ({ label: r.name, value: r.agreement.value, lower: "lower" in r.agreement ? r.agreement.lower : null, upper: "upper" in r.agreement ? r.agreement.upper : null }))}
            valueName="Agreement with consensus"
            axisLabel="Share of judgments equal to the others' consensus"
            domain={[0, 1]}
          />
        </div>
      )}
    </Card>
  );
}
