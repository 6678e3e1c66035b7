import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listJudgesWithCounts } from "@/lib/judges/queries";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const judges = await listJudgesWithCounts(projectId);
  return (
    <Card title="Judges" description="Automated scorers in this project; each prompt version is its own judge.">
      {judges.length === 0 ? (
        <EmptyState title="No judges yet">Upload judge scores to compare judges with your reviewers.</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">Judge</th>
              <th className="py-2 pr-4 font-medium">Model</th>
              <th className="py-2 pr-4 font-medium">Prompt version</th>
              <th className="py-2 pr-4 font-medium">Kind</th>
              <th className="py-2 text-right font-medium">Scores</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {judges.map((judge) => (
              <tr key={judge.id}>
                <td className="py-2 pr-4 font-medium">{judge.name}</td>
                <td className="py-2 pr-4 font-mono text-xs">{judge.model}</td>
                <td className="py-2 pr-4">{judge.promptVersion || "—"}</td>
                <td className="py-2 pr-4">
                  <Badge>{judge.kind.toLowerCase()}</Badge>
                </td>
                <td className="py-2 text-right tabular-nums">{judge.scores.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
