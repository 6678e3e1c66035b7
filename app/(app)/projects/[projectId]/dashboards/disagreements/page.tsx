import type { Metadata } from "next";
import Link from "next/link";
import { PromoteProductionItems } from "@/components/promote-to-golden";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ChoiceOptions, LABELLED_CONTROL_CLASS, LabelledControl } from "@/components/ui/filter-form";
import { loadAgreementCriteria } from "@/lib/agreement/criteria";
import { listDisagreements, parseSlice } from "@/lib/agreement/disagreements";
import { unitFlags } from "@/lib/agreement/unit-flags";
import { FLAG_LABELS, FLAGS } from "@/lib/review/schemas";
import { db } from "@/lib/db/client";
import { requireProjectPage } from "@/lib/projects/access";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Disagreements" };


export default async function DisagreementsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ judge?: string; criterion?: string; slice?: string }> }) {
  const { projectId } = await params;
  const query = await searchParams;
  const { can } = await requireProjectPage(projectId, "dashboards.view");
  const [judges, criteria, runs, tagRows] = await Promise.all([
    db.judge.findMany({ where: { projectId }, select: { id: true, name: true, promptVersion: true }, orderBy: [{ name: "asc" }, { promptVersion: "asc" }] }),
    loadAgreementCriteria(projectId),
    db.run.findMany({ where: { projectId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.$queryRaw<{ tag: string }[]>`
      SELECT DISTINCT unnest(i.tags) AS tag FROM "DatasetItem" i
      JOIN "DatasetVersion" v ON v.id = i."datasetVersionId" JOIN "Dataset" d ON d.id = v."datasetId"
      WHERE d."projectId" = ${projectId} ORDER BY 1`,
  ]);
  const judge = judges.find((j) => j.id === query.judge) ?? judges[0];
  // Without a choice, the first criterion this judge actually scored.
  const scored = judge
    ? await db.$queryRaw<{ key: string }[]>`
        SELECT DISTINCT c.key FROM "Criterion" c WHERE c.id IN (
          SELECT DISTINCT "criterionId" FROM "JudgeScore" WHERE "judgeId" = ${judge.id}
          UNION SELECT DISTINCT "criterionId" FROM "PairwiseJudgeScore" WHERE "judgeId" = ${judge.id})`
    : [];
  const criterion = criteria.find((c) => c.key === query.criterion) ?? criteria.find((c) => scored.some((s) => s.key === c.key)) ?? criteria[0];
  const slice = parseSlice(query.slice);
  const rows = judge && criterion ? await runAnalytic(() => listDisagreements(projectId, { judgeId: judge.id, criterionKey: criterion.key, slice })) : [];
  const flags = criterion ? await unitFlags(projectId, criterion.key, rows.map((row) => row.targetKey)) : new Map<string, never>();
  const base = `/projects/${projectId}/dashboards`;
  // Units from production traffic can become regression items of a golden dataset (lib/evaluation/promotion).
  const production = can("traffic.promote") ? await productionItems(projectId, [...new Set(rows.map((row) => row.itemId))]) : null;

  return (
    <div className="space-y-6">
      <Card title="Where the judge and the reviewers disagree most" description="Units ranked by how far the judge is from the human consensus (scale points for scales; any mismatch otherwise). Open one to read both sides and settle it (docs/METRICS.md#disagreements).">
        <form className="grid gap-3 md:grid-cols-4" method="get">
          <LabelledControl label="Judge">
            <select name="judge" defaultValue={judge?.id} className={LABELLED_CONTROL_CLASS}>
              <ChoiceOptions choices={judges.map((j) => ({ value: j.id, label: `${j.name} ${j.promptVersion}` }))} />
            </select>
          </LabelledControl>
          <LabelledControl label="Criterion">
            <select name="criterion" defaultValue={criterion?.key} className={LABELLED_CONTROL_CLASS}>
              <ChoiceOptions choices={criteria.map((c) => ({ value: c.key, label: c.name }))} />
            </select>
          </LabelledControl>
          <LabelledControl label="Slice">
            <select name="slice" defaultValue={query.slice ?? ""} className={LABELLED_CONTROL_CLASS}>
              <ChoiceOptions
                anyLabel="All units"
                choices={[...runs.map((r) => ({ value: `run:${r.id}`, label: `Run ${r.name}` })), ...tagRows.map(({ tag }) => ({ value: `tag:${tag}`, label: `Tag ${tag}` }))]}
              />
            </select>
          </LabelledControl>
          <div className="flex items-end">
            <Button type="submit">Show</Button>
          </div>
        </form>
      </Card>

      {!judge || !criterion ? (
        <EmptyState title="No judges or criteria yet" />
      ) : rows.length === 0 ? (
        <EmptyState title="No disagreements">
          {judge.name} {judge.promptVersion} agrees with the human consensus on every unit of this criterion and slice it was compared on — or no unit has both.
        </EmptyState>
      ) : (
        <Card title={`${rows.length} unit${rows.length === 1 ? "" : "s"} for ${criterion.name}`}>
          <table className="w-full text-left text-sm" data-testid="disagreements">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Item</th>
                <th scope="col" className="py-2 pr-4 font-medium">Run</th>
                <th scope="col" className="py-2 pr-4 font-medium">Human consensus</th>
                <th scope="col" className="py-2 pr-4 font-medium">Judge</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Distance</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Reviewers</th>
                <th scope="col" className="py-2 font-medium">Flags and comments</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.targetKey}>
                  <th scope="row" className="py-2 pr-4 font-medium">
                    <Link
                      className="text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
                      href={`${base}/disagreements/unit?criterion=${encodeURIComponent(criterion.key)}&target=${encodeURIComponent(row.targetKey)}&judge=${judge.id}`}
                    >
                      {row.externalId}
                    </Link>
                  </th>
                  <td className="py-2 pr-4">{row.runNames}</td>
                  <td className="py-2 pr-4 font-mono">{row.human}</td>
                  <td className="py-2 pr-4 font-mono">{row.judge}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{row.distance}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{row.reviewers}</td>
                  <td className="py-2 text-xs text-slate-700" data-testid="unit-flags">
                    {flagText(flags.get(row.targetKey))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {production && production.items.length > 0 && (
        <Card title="Add production answers to a golden dataset" description="These units come from production traffic: select failures to keep them as regression items, with the experts' labels and their provenance.">
          <PromoteProductionItems projectId={projectId} items={production.items} datasets={production.datasets} />
        </Card>
      )}
    </div>
  );
}

/** The shown items that belong to the production dataset, labelled by their time, and the golden datasets to add them to. */
async function productionItems(projectId: string, itemIds: string[]) {
  if (itemIds.length === 0) return null;
  const [items, datasets] = await Promise.all([
    db.datasetItem.findMany({ where: { id: { in: itemIds }, datasetVersion: { dataset: { projectId, kind: "PRODUCTION" } } }, select: { id: true, externalId: true, metadata: true } }),
    db.dataset.findMany({ where: { projectId, kind: "GOLDEN" }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const label = (item: (typeof items)[number]) => {
    const traffic = (item.metadata as { traffic?: { occurredAt?: string; callerId?: string } } | null)?.traffic;
    return traffic?.occurredAt ? `${traffic.occurredAt.slice(0, 16).replace("T", " ")} · ${traffic.callerId ?? item.externalId}` : item.externalId;
  };
  return { items: items.map((item) => ({ id: item.id, label: label(item) })), datasets };
}

/** "Broken item · 2 comments": what reviewers flagged on the unit (the unit page shows the comments). */
function flagText(unit: { flags: string[]; comments: number } | undefined) {
  if (!unit || (unit.flags.length === 0 && unit.comments === 0)) return "—";
  const names = unit.flags.map((flag) => ((FLAGS as readonly string[]).includes(flag) ? FLAG_LABELS[flag as (typeof FLAGS)[number]] : flag));
  const comments = unit.comments > 0 ? [`${unit.comments} comment${unit.comments === 1 ? "" : "s"}`] : [];
  return [...names, ...comments].join(" · ");
}
