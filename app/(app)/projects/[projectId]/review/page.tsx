import type { Metadata } from "next";
import { StatTile } from "@/components/stat-tile";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { requireProjectPage } from "@/lib/projects/access";
import { reviewProgress } from "@/lib/review/queries";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user } = await requireProjectPage(projectId, "labels.submit");
  const progress = await reviewProgress(projectId, user.id);
  const minutes = Math.round(progress.activeMs / 60_000);
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
      {progress.teamNeeded === 0 && (
        <EmptyState title="No review tasks yet">
          Review tasks appear here once a lead or admin sets up a review for this project.
        </EmptyState>
      )}
    </div>
  );
}
