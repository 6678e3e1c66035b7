import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listDatasets } from "@/lib/datasets/queries";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Data" };

export default async function DatasetsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "datasets.read");
  const datasets = await listDatasets(projectId);
  if (datasets.length === 0) {
    return <EmptyState title="No datasets yet">Upload a dataset of prompts, then the outputs of each run and the judges&apos; scores.</EmptyState>;
  }
  return (
    <div className="space-y-6">
      {datasets.map((dataset) => (
        <Card key={dataset.id} title={dataset.name} description={dataset.description}>
          <ul className="divide-y divide-slate-100">
            {dataset.versions.map((version) => (
              <li key={version.id} className="py-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-medium">Version {version.version}</h3>
                  <span className="text-sm text-slate-600">
                    {version.itemCount.toLocaleString("en")} items · {version.createdAt.toISOString().slice(0, 10)}
                  </span>
                </div>
                {version.runs.length > 0 && (
                  <table className="mt-2 w-full text-left text-sm">
                    <caption className="sr-only">Runs on version {version.version}</caption>
                    <thead className="text-xs uppercase tracking-wide text-slate-500">
                      <tr>
                        <th className="py-1 pr-4 font-medium">Run</th>
                        <th className="py-1 pr-4 font-medium">Model</th>
                        <th className="py-1 pr-4 font-medium">Prompt</th>
                        <th className="py-1 text-right font-medium">Outputs</th>
                      </tr>
                    </thead>
                    <tbody>
                      {version.runs.map((run) => (
                        <tr key={run.id}>
                          <td className="py-1 pr-4">{run.name}</td>
                          <td className="py-1 pr-4 font-mono text-xs">{run.model}</td>
                          <td className="py-1 pr-4">{run.promptVersion || "—"}</td>
                          <td className="py-1 text-right tabular-nums">{run._count.outputs.toLocaleString("en")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        </Card>
      ))}
    </div>
  );
}
