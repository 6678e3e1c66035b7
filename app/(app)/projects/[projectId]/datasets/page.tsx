import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listDatasets } from "@/lib/datasets/queries";
import { listRecentImports } from "@/lib/imports/queries";
import { KIND_LABELS } from "@/lib/imports/schemas";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Data" };

export default async function DatasetsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "datasets.read");
  const [datasets, imports] = await Promise.all([listDatasets(projectId), listRecentImports(projectId)]);
  const header = (
    <PageHeader
      title="Data"
      description="Datasets and their versions, the runs answering them, and recent uploads."
      actions={can("datasets.write") && <ButtonLink href={`/projects/${projectId}/datasets/upload`}>Upload data</ButtonLink>}
    />
  );
  if (datasets.length === 0) {
    return (
      <div>
        {header}
        <EmptyState title="No datasets yet">Upload a dataset of prompts, then the outputs of each run and the judges&apos; scores.</EmptyState>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      {header}
      {datasets.map((dataset) => (
        <Card key={dataset.id} title={dataset.name} description={dataset.description}>
          <ul className="divide-y divide-slate-100">
            {dataset.versions.map((version, index) => {
              // Versions come newest first: the next one in the list is the one this version replaced.
              const previous = dataset.versions[index + 1];
              return (
                <li key={version.id} className="py-3">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <h3 className="font-medium">Version {version.version}</h3>
                    <span className="text-sm text-slate-600">
                      {version.itemCount.toLocaleString("en")} items · {version.createdAt.toISOString().slice(0, 10)}
                      {" · "}
                      <Link href={`/projects/${projectId}/datasets/versions/${version.id}`} className="text-brand-700 underline underline-offset-2" aria-label={`Browse items of ${dataset.name} version ${version.version}`}>
                        Browse items
                      </Link>
                      {previous && (
                        <>
                          {" · "}
                          <Link
                            href={`/projects/${projectId}/datasets/diff?${new URLSearchParams({ from: previous.id, to: version.id })}`}
                            className="text-brand-700 underline underline-offset-2"
                            aria-label={`Changes since v${previous.version} in ${dataset.name} version ${version.version}`}
                          >
                            Changes since v{previous.version}
                          </Link>
                        </>
                      )}
                    </span>
                  </div>
                  {version.note && <p className="mt-1 text-sm text-slate-700">{version.note}</p>}
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
              );
            })}
          </ul>
        </Card>
      ))}
      {imports.length > 0 && (
        <Card title="Recent uploads">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Recent uploads</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">When</th>
                <th className="py-1 pr-4 font-medium">What</th>
                <th className="py-1 pr-4 font-medium">File</th>
                <th className="py-1 pr-4 font-medium">By</th>
                <th className="py-1 text-right font-medium">Rows</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((entry) => (
                <tr key={entry.id}>
                  <td className="py-1 pr-4 tabular-nums">{entry.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td className="py-1 pr-4">{KIND_LABELS[entry.kind]}</td>
                  <td className="max-w-xs truncate py-1 pr-4 font-mono text-xs">{entry.fileName}</td>
                  <td className="py-1 pr-4">{entry.createdBy?.name ?? "—"}</td>
                  <td className="py-1 text-right tabular-nums">{entry.rowCount.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
