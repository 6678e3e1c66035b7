import type { Metadata } from "next";
import { StatTile } from "@/components/stat-tile";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { requireProjectPage } from "@/lib/projects/access";
import { listSetups, reviewProgress } from "@/lib/review/queries";

export const metadata: Metadata = { title: "Review" };

const MODE_LABELS: Record<string, string> = { SINGLE: "Single rating", PAIRWISE: "Pairwise", RANKING: "Ranking" };

export default async function ReviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, can } = await requireProjectPage(projectId, "labels.submit");
  const [progress, setups] = await Promise.all([reviewProgress(projectId, user.id), listSetups(projectId, user.id)]);
  const minutes = Math.round(progress.activeMs / 60_000);
  const base = `/projects/${projectId}/review`;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <StatTile label="My labels" value={progress.submitted} />
        <StatTile label="Skipped" value={progress.skipped} />
        <StatTile label="Active time" value={`${minutes} min`} />
        <StatTile label="Waiting for me" value={progress.availableToMe} />
      </dl>
      <Card title="Team progress">
        <ProgressBar value={progress.teamDone} max={progress.teamNeeded} label="Team review progress" />
      </Card>
      <Card
        title="Review queues"
        description="Pick a queue and start: the next task is handed to you under a lease, your draft is saved as you work."
        actions={
          <div className="flex gap-2">
            <ButtonLink variant="secondary" href={`${base}/mine`}>
              My work
            </ButtonLink>
            {can("review.configure") && <ButtonLink href={`${base}/setup`}>New review setup</ButtonLink>}
          </div>
        }
      >
        {setups.length === 0 ? (
          <EmptyState title="No review tasks yet">Review tasks appear here once a lead or admin sets up a review for this project.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {setups.map((setup) => (
              <li key={setup.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="font-medium text-slate-900">{setup.name}</p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                    <Badge tone="brand">{MODE_LABELS[setup.mode] ?? setup.mode}</Badge>
                    <span>{setup.dataset}</span>·<span>{setup.rubric}</span>·<span>{setup.overlap} reviewers per task</span>
                    {setup.blind && <Badge>Blind</Badge>}
                  </p>
                  <p className="mt-1 text-xs text-slate-600">
                    {setup.complete} of {setup.tasks} tasks complete · {setup.for_me} waiting for you
                  </p>
                </div>
                {setup.for_me > 0 ? (
                  <ButtonLink href={`${base}/${setup.id}`} aria-label={`Start reviewing ${setup.name}`}>
                    Start reviewing
                  </ButtonLink>
                ) : (
                  <span className="text-sm text-slate-600">Nothing left for you</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
