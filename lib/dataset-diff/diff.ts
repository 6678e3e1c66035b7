import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";

// Diff of two versions of one dataset: items matched by externalId, changed
// when their content hash differs (so the diff is a join, not a JSON compare),
// and which runs were scored on which version.

export const DIFF_LIST_LIMIT = 1000;

export type DiffItem = { externalId: string; tags: string[]; fromPosition: number | null; toPosition: number | null };

export type VersionRuns = { id: string; name: string; model: string; outputs: number; judgeScores: number; labels: number }[];

export type DatasetDiff = {
  dataset: { id: string; name: string };
  from: { id: string; version: number; itemCount: number; note: string; createdAt: Date; runs: VersionRuns };
  to: { id: string; version: number; itemCount: number; note: string; createdAt: Date; runs: VersionRuns };
  counts: { added: number; removed: number; changed: number; unchanged: number };
  added: DiffItem[];
  removed: DiffItem[];
  changed: DiffItem[];
  truncated: boolean;
};

type Row = { status: "added" | "removed" | "changed" | "unchanged"; external_id: string; tags: string[]; from_position: number | null; to_position: number | null; total: number };

async function loadVersion(projectId: string, id: string, field: "from" | "to") {
  const version = await db.datasetVersion.findFirst({
    where: { id, dataset: { projectId } },
    select: { id: true, version: true, itemCount: true, note: true, createdAt: true, dataset: { select: { id: true, name: true } } },
  });
  if (!version) throw new SafeError("NOT_FOUND", `Unknown dataset version (${field}).`, [{ field, message: "Not a dataset version of this project." }]);
  return version;
}

async function runsOn(datasetVersionId: string): Promise<VersionRuns> {
  const rows = await db.$queryRaw<{ id: string; name: string; model: string; outputs: number; judge_scores: number; labels: number }[]>`
    SELECT r.id, r.name, r.model,
      (SELECT count(*)::int FROM "Output" o WHERE o."runId" = r.id) AS outputs,
      (SELECT count(*)::int FROM "JudgeScore" s JOIN "Output" o ON o.id = s."outputId" WHERE o."runId" = r.id) AS judge_scores,
      (SELECT count(DISTINCT v."labelId")::int FROM "LabelValue" v JOIN "Output" o ON o.id = v."outputId" WHERE o."runId" = r.id) AS labels
    FROM "Run" r WHERE r."datasetVersionId" = ${datasetVersionId}
    ORDER BY r."createdAt", r.name`;
  return rows.map((row) => ({ id: row.id, name: row.name, model: row.model, outputs: row.outputs, judgeScores: row.judge_scores, labels: row.labels }));
}

export async function diffDatasetVersions(projectId: string, fromId: string, toId: string): Promise<DatasetDiff> {
  const from = await loadVersion(projectId, fromId, "from");
  const to = await loadVersion(projectId, toId, "to");
  if (from.dataset.id !== to.dataset.id) {
    throw new SafeError("VALIDATION", `These are versions of different datasets (${from.dataset.name}, ${to.dataset.name}): diff two versions of one dataset.`, [{ field: "to", message: "Different dataset." }]);
  }
  const rows = await db.$queryRaw<Row[]>`
    WITH joined AS (
      SELECT COALESCE(b."externalId", a."externalId") AS external_id, COALESCE(b.tags, a.tags) AS tags,
        a.position AS from_position, b.position AS to_position,
        CASE WHEN a.id IS NULL THEN 'added' WHEN b.id IS NULL THEN 'removed'
             WHEN a."contentHash" <> b."contentHash" THEN 'changed' ELSE 'unchanged' END AS status
      FROM (SELECT * FROM "DatasetItem" WHERE "datasetVersionId" = ${from.id}) a
      FULL JOIN (SELECT * FROM "DatasetItem" WHERE "datasetVersionId" = ${to.id}) b ON a."externalId" = b."externalId"
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY status ORDER BY COALESCE(to_position, from_position), external_id) AS rn,
        count(*) OVER (PARTITION BY status)::int AS total
      FROM joined
    )
    SELECT status, external_id, tags, from_position, to_position, total FROM ranked
    WHERE rn <= ${DIFF_LIST_LIMIT} OR (status = 'unchanged' AND rn = 1)
    ORDER BY status, rn`;
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const lists: Record<"added" | "removed" | "changed", DiffItem[]> = { added: [], removed: [], changed: [] };
  for (const row of rows) {
    counts[row.status] = row.total;
    if (row.status !== "unchanged") lists[row.status].push({ externalId: row.external_id, tags: row.tags, fromPosition: row.from_position, toPosition: row.to_position });
  }
  const summary = (v: typeof from, runs: VersionRuns) => ({ id: v.id, version: v.version, itemCount: v.itemCount, note: v.note, createdAt: v.createdAt, runs });
  return {
    dataset: from.dataset,
    from: summary(from, await runsOn(from.id)),
    to: summary(to, await runsOn(to.id)),
    counts,
    ...lists,
    truncated: counts.added > DIFF_LIST_LIMIT || counts.removed > DIFF_LIST_LIMIT || counts.changed > DIFF_LIST_LIMIT,
  };
}
