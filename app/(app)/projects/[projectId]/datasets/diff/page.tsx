import type { Metadata } from "next";
import { StatTile } from "@/components/stat-tile";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Select } from "@/components/ui/field";
import { diffDatasetVersions, type DatasetDiff, type DiffItem, type VersionRuns } from "@/lib/dataset-diff/diff";
import { listDatasets } from "@/lib/datasets/queries";
import { safeMessageOrThrow } from "@/lib/errors";
import { requireProjectPage } from "@/lib/projects/access";
import { ErrorBanner } from "@/components/ui/error-banner";

export const metadata: Metadata = { title: "Dataset version diff" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function DatasetDiffPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "datasets.read");
  const query = await searchParams;
  const datasets = await listDatasets(projectId);
  const versions = datasets.flatMap((d) => d.versions.map((v) => ({ id: v.id, label: `${d.name} v${v.version}`, datasetId: d.id, version: v.version })));
  const multi = datasets.find((d) => d.versions.length >= 2);
  // versions come newest first: default to the two newest of the first dataset that has two.
  const from = first(query.from) || multi?.versions[1]?.id || versions[0]?.id;
  const to = first(query.to) || multi?.versions[0]?.id || versions[0]?.id;

  let diff: DatasetDiff | null = null;
  let error: string | null = null;
  if (from && to && from !== to) {
    try {
      diff = await diffDatasetVersions(projectId, from, to);
    } catch (caught) {
      error = safeMessageOrThrow(caught);
    }
  }

  return (
    <div className="space-y-6">
      <Card title="Compare dataset versions" description="Items are matched by external id; an item changed when its content (input, context, reference, tags) differs.">
        {versions.length < 2 ? (
          <EmptyState title="Only one version">Upload a dataset again under the same name to create a second version.</EmptyState>
        ) : (
          <form method="get" className="grid gap-4 sm:grid-cols-3 sm:items-end">
            {(["from", "to"] as const).map((name) => (
              <Field key={name} label={name === "from" ? "From version" : "To version"} htmlFor={`diff-${name}`}>
                <Select id={`diff-${name}`} name={name} defaultValue={name === "from" ? from : to}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.label}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
            <div>
              <Button type="submit">Compare</Button>
            </div>
          </form>
        )}
      </Card>
      <ErrorBanner message={error} />
      {from && to && from === to && versions.length >= 2 && <p className="text-sm text-slate-600">Pick two different versions.</p>}
      {diff && <DiffResult diff={diff} />}
    </div>
  );
}

function DiffResult({ diff }: { diff: DatasetDiff }) {
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <StatTile label="Added" value={diff.counts.added} />
        <StatTile label="Removed" value={diff.counts.removed} />
        <StatTile label="Changed" value={diff.counts.changed} />
        <StatTile label="Unchanged" value={diff.counts.unchanged} />
      </dl>
      <div className="grid gap-6 lg:grid-cols-3">
        <ItemList title="Added" items={diff.added} total={diff.counts.added} />
        <ItemList title="Removed" items={diff.removed} total={diff.counts.removed} />
        <ItemList title="Changed" items={diff.changed} total={diff.counts.changed} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <RunsCard title={`Runs on ${diff.dataset.name} v${diff.from.version}`} runs={diff.from.runs} />
        <RunsCard title={`Runs on ${diff.dataset.name} v${diff.to.version}`} runs={diff.to.runs} />
      </div>
    </>
  );
}

function ItemList({ title, items, total }: { title: string; items: DiffItem[]; total: number }) {
  return (
    <Card title={`${title} (${total.toLocaleString("en")})`}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">None.</p>
      ) : (
        <ul className="max-h-80 space-y-1 overflow-auto text-sm">
          {items.map((item) => (
            <li key={item.externalId} className="flex justify-between gap-3">
              <span className="font-mono text-xs">{item.externalId}</span>
              <span className="text-xs text-slate-500">{item.tags.join(", ")}</span>
            </li>
          ))}
          {total > items.length && <li className="text-xs text-slate-500">… and {(total - items.length).toLocaleString("en")} more</li>}
        </ul>
      )}
    </Card>
  );
}

function RunsCard({ title, runs }: { title: string; runs: VersionRuns }) {
  return (
    <Card title={title}>
      {runs.length === 0 ? (
        <p className="text-sm text-slate-500">No run was scored on this version.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">Run</th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">Outputs</th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">Judge scores</th>
              <th scope="col" className="py-1 text-right font-medium">Labels</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {runs.map((run) => (
              <tr key={run.id}>
                <th scope="row" className="py-1 pr-4 text-left font-medium">
                  {run.name} <span className="text-xs font-normal text-slate-500">{run.model}</span>
                </th>
                <td className="py-1 pr-4 text-right tabular-nums">{run.outputs.toLocaleString("en")}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{run.judgeScores.toLocaleString("en")}</td>
                <td className="py-1 text-right tabular-nums">{run.labels.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
