import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { recentJudgeRuns } from "@/lib/judge-runner/run-queries";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Judge runs" };

// The project's judge runs, newest first; each opens its live progress.
export default async function JudgeRunsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const runs = await recentJudgeRuns(projectId);
  return (
    <div className="space-y-6">
      <PageHeader title="Judge runs" description="Runs of judge versions on the job queue, executed by the judge workers." />
      {runs.length === 0 ? (
        <EmptyState title="No judge runs yet">Start one from a judge&apos;s workbench.</EmptyState>
      ) : (
        <Card title="Latest runs">
          <ul className="divide-y divide-slate-100" aria-label="Judge runs">
            {runs.map((run) => (
              <li key={run.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <Link href={`/projects/${projectId}/judges/runs/${run.id}`} className="font-medium text-brand-700 hover:underline">
                  {run.judge.name} {run.judge.version ? `v${run.judge.version}` : run.judge.promptVersion}
                </Link>
                <span className="flex items-center gap-3 text-sm text-slate-600">
                  {run.total.toLocaleString("en")} calls · {run.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                  <Badge tone={run.status === "DONE" ? "green" : run.status === "RUNNING" ? "brand" : run.status === "FAILED" || run.status === "PAUSED" ? "amber" : "neutral"}>
                    {run.status.toLowerCase()}
                  </Badge>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
