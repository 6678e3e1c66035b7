import type { Metadata } from "next";
import Link from "next/link";
import { StatTile } from "@/components/stat-tile";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireProjectPage } from "@/lib/projects/access";
import { myLabels, reviewProgress } from "@/lib/review/queries";
import { EDIT_WINDOW_MS } from "@/lib/review/schemas";
import { ReviewSubpageHeader } from "../review-subpage-header";

export const metadata: Metadata = { title: "My work" };

function formatDuration(ms: number) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export default async function MyWorkPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user } = await requireProjectPage(projectId, "labels.viewOwn");
  const [progress, labels] = await Promise.all([reviewProgress(projectId, user.id), myLabels(projectId, user.id)]);
  // eslint-disable-next-line react-hooks/purity -- a server render: "now" is the request time.
  const now = Date.now();
  return (
    <div className="space-y-6">
      <ReviewSubpageHeader projectId={projectId} title="My work" />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <StatTile label="Labels" value={progress.submitted} />
        <StatTile label="Skipped" value={progress.skipped} />
        <StatTile label="Time spent" value={formatDuration(progress.activeMs)} />
        <StatTile label="Left for me" value={progress.availableToMe} />
      </dl>
      <Card title="My labels" description="Only your own labels. Labels from the last 7 days can be reopened and edited; every edit keeps the previous answers.">
        {labels.length === 0 ? (
          <EmptyState title="No labels yet">Start reviewing and your labels show up here.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th className="py-2 pr-4 font-medium">Item</th>
                  <th className="py-2 pr-4 font-medium">Queue</th>
                  <th className="py-2 pr-4 font-medium">Submitted</th>
                  <th className="py-2 pr-4 font-medium">Active time</th>
                  <th className="py-2 pr-4 font-medium">Edits</th>
                  <th className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {labels.map((label) => (
                  <tr key={label.id}>
                    <td className="py-2 pr-4 font-mono text-xs text-slate-800">
                      {label.item}
                      {label.turn && (
                        <span className="ml-2 font-sans text-slate-600">
                          turn {label.turn.position} of {label.turn.of}
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-4 text-slate-700">{label.setup}</td>
                    <td className="py-2 pr-4 text-slate-700">{label.created_at.toISOString().slice(0, 16).replace("T", " ")}</td>
                    <td className="py-2 pr-4 tabular-nums text-slate-700">{formatDuration(label.active_ms)}</td>
                    <td className="py-2 pr-4 tabular-nums text-slate-700">{label.revisions}</td>
                    <td className="py-2 text-right">
                      {now - label.created_at.getTime() < EDIT_WINDOW_MS ? (
                        <Link href={`/projects/${projectId}/review/${label.setup_id}?label=${label.id}`} className="font-medium text-brand-700 underline" aria-label={`Reopen label for ${label.item}${label.turn ? `, turn ${label.turn.position}` : ""}`}>
                          Reopen
                        </Link>
                      ) : (
                        <span className="text-xs text-slate-600">Locked</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
