import type { Metadata } from "next";
import Link from "next/link";
import { StatTile } from "@/components/stat-tile";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Select } from "@/components/ui/field";
import { diffDatasetVersions, type DatasetDiff, type DiffItem, type VersionRuns } from "@/lib/dataset-diff/diff";
import { changedItemFields, FIELD_CHANGES_LIMIT, type FieldChange } from "@/lib/dataset-diff/fields";
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
  let fields = new Map<string, FieldChange[]>();
  let error: string | null = null;
  if (from && to && from !== to) {
    try {
      diff = await diffDatasetVersions(projectId, from, to);
      fields = await changedItemFields(diff.from.id, diff.to.id, diff.changed.map((item) => item.externalId));
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
      {diff && <DiffResult projectId={projectId} diff={diff} fields={fields} />}
    </div>
  );
}

function DiffResult({ projectId, diff, fields }: { projectId: string; diff: DatasetDiff; fields: Map<string, FieldChange[]> }) {
  return (
    <>
      <div className="grid gap-3 text-sm sm:grid-cols-2">
        {[diff.from, diff.to].map((side) => (
          <p key={side.id} className="rounded-md border border-slate-200 bg-white px-4 py-3 text-slate-700">
            <Link href={`/projects/${projectId}/datasets/versions/${side.id}`} className="font-medium text-brand-700 underline underline-offset-2">
              {diff.dataset.name} v{side.version}
            </Link>
            {" · "}
            {side.itemCount.toLocaleString("en")} items · {side.createdAt.toISOString().slice(0, 10)}
            {side.note && <span className="mt-1 block">Note: {side.note}</span>}
          </p>
        ))}
      </div>
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
      {fields.size > 0 && <FieldChanges fields={fields} total={diff.counts.changed} />}
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

const FIELD_NAMES: Record<FieldChange["field"], string> = { input: "Input", context: "Retrieved context", reference: "Reference", tags: "Tags", group: "Group", metadata: "Metadata" };

/** What changed inside each changed item: every differing field, before and after. */
function FieldChanges({ fields, total }: { fields: Map<string, FieldChange[]>; total: number }) {
  return (
    <Card
      title="What changed in changed items"
      description={total > FIELD_CHANGES_LIMIT ? `The first ${FIELD_CHANGES_LIMIT} of ${total.toLocaleString("en")} changed items.` : "Each changed item's fields, before and after."}
    >
      <ul className="space-y-4" aria-label="Field changes">
        {[...fields].map(([externalId, changes]) => (
          <li key={externalId} data-testid="field-changes">
            <h3 className="font-mono text-sm font-semibold text-slate-900">{externalId}</h3>
            {changes.length === 0 ? (
              <p className="text-sm text-slate-600">Only fields the page does not show differ (e.g. how chat turns are stored).</p>
            ) : (
              <table className="mt-1 w-full table-fixed text-left text-sm">
                <caption className="sr-only">Fields of {externalId} that changed</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="w-36 py-1 pr-4 font-medium">Field</th>
                    <th scope="col" className="py-1 pr-4 font-medium">Before</th>
                    <th scope="col" className="py-1 font-medium">After</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 align-top">
                  {changes.map((change) => (
                    <tr key={change.field}>
                      <th scope="row" className="py-1 pr-4 font-medium text-slate-800">{FIELD_NAMES[change.field]}</th>
                      <td className="py-1 pr-4"><FieldValue text={change.before} tone="before" /></td>
                      <td className="py-1"><FieldValue text={change.after} tone="after" /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function FieldValue({ text, tone }: { text: string; tone: "before" | "after" }) {
  if (!text) return <span className="text-xs italic text-slate-500">(empty)</span>;
  const shown = text.length > 600 ? `${text.slice(0, 600)}…` : text;
  // Item text is data, not markup: shown as plain text, in its own direction.
  return (
    <pre dir="auto" tabIndex={0} className={`max-h-48 overflow-auto whitespace-pre-wrap break-words rounded px-2 py-1 font-sans text-xs ${tone === "before" ? "bg-red-50 text-red-900" : "bg-emerald-50 text-emerald-900"}`}>
      {shown}
    </pre>
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
