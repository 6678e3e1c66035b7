import type pg from "pg";
import { SafeError } from "@/lib/errors";

// Reads the rows an upload refers to (dataset version, items, runs, outputs,
// criteria, reviewers) inside the upload's transaction, into maps keyed the
// way files name things.

export type Version = { id: string; version: number; datasetId: string };

/**
 * The named dataset's given version, or its latest, locked (FOR KEY SHARE)
 * until the upload ends: deleting it, or its items by cascade, waits for
 * that, so what the upload read about them stays true until it commits.
 */
export async function findVersion(client: pg.PoolClient, projectId: string, dataset: string, version?: number): Promise<Version> {
  const { rows } = await client.query<{ id: string; version: number; datasetId: string }>(
    `SELECT v.id, v.version, v."datasetId" FROM "DatasetVersion" v JOIN "Dataset" d ON d.id = v."datasetId"
     WHERE d."projectId" = $1 AND d.name = $2 AND ($3::int IS NULL OR v.version = $3) ORDER BY v.version DESC LIMIT 1 FOR KEY SHARE OF v`,
    [projectId, dataset, version ?? null],
  );
  if (!rows[0]) {
    throw new SafeError("VALIDATION", version ? `Dataset "${dataset}" has no version ${version}.` : `No dataset named "${dataset}" in this project: upload its items first.`, [
      { field: version ? "options.version" : "options.dataset", message: version ? `Dataset "${dataset}" has no version ${version}.` : `Unknown dataset "${dataset}".` },
    ]);
  }
  return rows[0];
}

export type ItemInfo = { id: string; userTurns: number };

export async function loadItems(client: pg.PoolClient, versionId: string) {
  const { rows } = await client.query<{ id: string; externalId: string; userTurns: number | null }>(
    `SELECT id, "externalId",
       CASE WHEN "inputTurns" IS NULL THEN NULL ELSE (SELECT count(*)::int FROM jsonb_array_elements("inputTurns") t WHERE t->>'role' = 'user') END AS "userTurns"
     FROM "DatasetItem" WHERE "datasetVersionId" = $1`,
    [versionId],
  );
  return new Map<string, ItemInfo>(rows.map((r) => [r.externalId, { id: r.id, userTurns: Math.max(1, r.userTurns ?? 1) }]));
}

/**
 * Outputs of every run on the version, keyed `run \0 externalId \0 turn`.
 * The runs are locked (FOR KEY SHARE) first, until the upload ends: deleting
 * one, and so its outputs, waits for that.
 */
export async function loadOutputs(client: pg.PoolClient, versionId: string) {
  const { rows: runRows } = await client.query<{ name: string }>(`SELECT name FROM "Run" WHERE "datasetVersionId" = $1 FOR KEY SHARE`, [versionId]);
  const { rows } = await client.query<{ id: string; run: string; externalId: string; turn: number; itemId: string }>(
    `SELECT o.id, r.name AS run, i."externalId", o.turn, o."itemId" FROM "Output" o
     JOIN "Run" r ON r.id = o."runId" JOIN "DatasetItem" i ON i.id = o."itemId"
     WHERE r."datasetVersionId" = $1`,
    [versionId],
  );
  const outputs = new Map<string, { id: string; itemId: string }>();
  for (const r of rows) outputs.set(outputKey(r.run, r.externalId, r.turn), { id: r.id, itemId: r.itemId });
  return { outputs, runs: new Set(runRows.map((r) => r.name)) };
}

export function outputKey(run: string, externalId: string, turn: number) {
  return `${run}\u0000${externalId}\u0000${turn}`;
}

/** pairwiseScope: COMPARISON when the criterion is asked once of a pair (labels then name runA and runB). */
export type CriterionInfo = { id: string; key: string; kind: string; config: Record<string, unknown>; pairwiseScope: string };

/** The latest version's criteria of the named rubric, or of the project's only rubric; locked like findVersion's version. */
export async function loadCriteria(client: pg.PoolClient, projectId: string, rubric?: string) {
  const { rows: rubrics } = await client.query<{ id: string; name: string }>(
    `SELECT id, name FROM "Rubric" WHERE "projectId" = $1 AND ($2::text IS NULL OR name = $2) ORDER BY "createdAt"`,
    [projectId, rubric ?? null],
  );
  if (rubrics.length === 0) {
    throw new SafeError("VALIDATION", rubric ? `No rubric named "${rubric}".` : "This project has no rubric yet: create one before importing scores or labels.", [
      { field: "options.rubric", message: rubric ? `Unknown rubric "${rubric}".` : "No rubric in this project." },
    ]);
  }
  if (rubrics.length > 1) {
    throw new SafeError("VALIDATION", `This project has several rubrics; say which one (${rubrics.map((r) => r.name).join(", ")}).`, [
      { field: "options.rubric", message: "Choose a rubric." },
    ]);
  }
  const { rows } = await client.query<CriterionInfo & { rubricVersionId: string }>(
    `SELECT c.id, c.key, c.kind::text AS kind, c.config, c."pairwiseScope"::text AS "pairwiseScope", c."rubricVersionId" FROM "Criterion" c
     WHERE c."rubricVersionId" = (SELECT id FROM "RubricVersion" WHERE "rubricId" = $1 ORDER BY version DESC LIMIT 1)
     FOR KEY SHARE OF c`,
    [rubrics[0]!.id],
  );
  const rubricVersionId = rows[0]?.rubricVersionId;
  if (!rubricVersionId) throw new SafeError("VALIDATION", `Rubric "${rubrics[0]!.name}" has no criteria.`, [{ field: "options.rubric", message: "The rubric has no criteria." }]);
  return { rubricVersionId, criteria: new Map<string, CriterionInfo>(rows.map((r) => [r.key, r])) };
}

/** The project's members by lower-cased email; their users locked (FOR KEY SHARE) until the upload ends. */
export async function loadMembers(client: pg.PoolClient, projectId: string) {
  const { rows } = await client.query<{ id: string; email: string }>(
    `SELECT u.id, lower(u.email) AS email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."projectId" = $1 FOR KEY SHARE OF u`,
    [projectId],
  );
  return new Map(rows.map((r) => [r.email, r.id]));
}
