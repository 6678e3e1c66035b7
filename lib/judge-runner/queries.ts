import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { judgeTemplateSchema } from "./schemas";
import { splitCounts } from "./split";
import { DEFAULT_TEMPLATES } from "./template";

// What the judges screens read: definitions with their versions, the choices
// a new definition offers, the split of a criterion, and items to preview on.

export async function listDefinitions(projectId: string) {
  const definitions = await db.judgeDefinition.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      mode: true,
      criterionKey: true,
      promotedJudgeId: true,
      rubric: { select: { name: true } },
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, model: true, changeNote: true, createdAt: true } },
      _count: { select: { versions: true } },
    },
  });
  return definitions.map((d) => ({ ...d, latest: d.versions[0] ?? null, versionCount: d._count.versions }));
}

/** Rubrics with their latest criteria, and the project's connections: what a new definition picks from. */
export async function definitionChoices(projectId: string) {
  const [rubrics, connections] = await Promise.all([
    db.rubric.findMany({
      where: { projectId },
      orderBy: { name: "asc" },
      select: { id: true, name: true, versions: { orderBy: { version: "desc" }, take: 1, select: { criteria: { orderBy: { position: "asc" }, select: { key: true, name: true, kind: true } } } } },
    }),
    listConnections(projectId),
  ]);
  return {
    rubrics: rubrics.map((r) => ({ id: r.id, name: r.name, criteria: (r.versions[0]?.criteria ?? []).filter((c) => c.kind !== "RANKING") })),
    connections,
  };
}

function listConnections(projectId: string) {
  // Never the key: only what the editor shows.
  return db.llmConnection.findMany({ where: { projectId }, orderBy: { name: "asc" }, select: { id: true, name: true, model: true, isDemo: true, structuredOutput: true } });
}

export async function loadDefinition(projectId: string, definitionId: string) {
  const definition = await db.judgeDefinition.findFirst({
    where: { id: definitionId, projectId },
    select: {
      id: true,
      name: true,
      mode: true,
      rubricId: true,
      criterionKey: true,
      promotedJudgeId: true,
      rubric: { select: { name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          promptVersion: true,
          model: true,
          connectionId: true,
          template: true,
          params: true,
          fewShotK: true,
          bothOrders: true,
          swapAverage: true,
          changeNote: true,
          createdAt: true,
          createdById: true,
          _count: { select: { scores: true, pairwiseScores: true } },
        },
      },
    },
  });
  if (!definition) throw new SafeError("NOT_FOUND", "This judge definition does not exist.");
  const authors = await db.user.findMany({ where: { id: { in: definition.versions.flatMap((v) => (v.createdById ? [v.createdById] : [])) } }, select: { id: true, name: true } });
  const authorName = new Map(authors.map((a) => [a.id, a.name]));
  const versions = definition.versions.map((v) => {
    const template = judgeTemplateSchema.safeParse(v.template);
    return {
      ...v,
      // Versions of a definition always carry a number (set on save).
      version: v.version ?? 0,
      template: template.success ? template.data : DEFAULT_TEMPLATES[definition.mode],
      params: (v.params ?? {}) as { temperature?: number; maxTokens?: number; seed?: number },
      author: v.createdById ? (authorName.get(v.createdById) ?? "a removed user") : "—",
      scoreCount: v._count.scores + v._count.pairwiseScores,
    };
  });
  return { ...definition, versions, connections: await listConnections(projectId) };
}

export type LoadedDefinition = Awaited<ReturnType<typeof loadDefinition>>;

/** Items of the project's datasets to preview on (their newest version), with the runs that answered them. */
export async function previewChoices(projectId: string, limit = 100) {
  const items = await db.$queryRaw<{ id: string; externalId: string; dataset: string; version: number; label: string }[]>`
    SELECT i.id, i."externalId" AS "externalId", d.name AS dataset, dv.version,
      left(COALESCE(i."inputText", i."inputTurns"::text, ''), 80) AS label
    FROM "DatasetItem" i JOIN "DatasetVersion" dv ON dv.id = i."datasetVersionId" JOIN "Dataset" d ON d.id = dv."datasetId"
    WHERE d."projectId" = ${projectId} AND d.kind = 'GOLDEN'
      AND dv.version = (SELECT max(v2.version) FROM "DatasetVersion" v2 WHERE v2."datasetId" = d.id)
    ORDER BY d.name, i.position LIMIT ${limit}`;
  const runs = await db.run.findMany({ where: { projectId }, orderBy: { name: "asc" }, select: { id: true, name: true, datasetVersionId: true } });
  const versionOf = await db.datasetItem.findMany({ where: { id: { in: items.map((i) => i.id) } }, select: { id: true, datasetVersionId: true } });
  const versionById = new Map(versionOf.map((row) => [row.id, row.datasetVersionId]));
  return { items: items.map((item) => ({ ...item, datasetVersionId: versionById.get(item.id)! })), runs };
}

/** The split of a definition's criterion: counts per label, and the items on each side. */
export async function loadSplit(projectId: string, rubricId: string, criterionKey: string) {
  const [counts, rows] = await Promise.all([
    splitCounts(db, rubricId, criterionKey),
    db.$queryRaw<{ itemId: string; externalId: string; dataset: string; split: "POOL" | "HELDOUT"; stratum: string; moved: boolean }[]>`
      SELECT s."itemId" AS "itemId", i."externalId" AS "externalId", d.name AS dataset, s.split::text AS split, s.stratum, s."movedById" IS NOT NULL AS moved
      FROM "CalibrationSplit" s JOIN "DatasetItem" i ON i.id = s."itemId"
      JOIN "DatasetVersion" dv ON dv.id = i."datasetVersionId" JOIN "Dataset" d ON d.id = dv."datasetId"
      WHERE s."rubricId" = ${rubricId} AND s."criterionKey" = ${criterionKey} AND d."projectId" = ${projectId}
      ORDER BY s.split, s.stratum, d.name, i.position`,
  ]);
  return { ...counts, items: rows };
}
