import type pg from "pg";
import { db } from "@/lib/db/client";

// The project's PRODUCTION dataset: where sampled production answers become
// ordinary items and outputs, so the judge runner, review setups, estimates
// and promotion work on them unchanged. One dataset per project ("Production
// traffic"), one version (1) that grows as traffic is sampled — the only
// version in Touchstone that is not immutable, which is why golden-dataset
// screens list GOLDEN datasets only — and one run ("Production") holding the
// answers. An item's externalId is the traffic row's id, so two rules drawing
// the same row share one item and one output.

export const PRODUCTION_DATASET_NAME = "Production traffic";
export const PRODUCTION_RUN_NAME = "Production";

export type ProductionDataset = { datasetId: string; datasetVersionId: string; runId: string };

/** The project's production dataset, version and run, created on first use (safe under concurrency). */
export async function ensureProductionDataset(projectId: string): Promise<ProductionDataset> {
  return db.$transaction(async (tx) => {
    // Serialises the creation per project; the unique keys make re-reads cheap afterwards.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('production-dataset'), hashtext(${projectId}))`;
    const dataset =
      (await tx.dataset.findUnique({ where: { projectId_name: { projectId, name: PRODUCTION_DATASET_NAME } } })) ??
      (await tx.dataset.create({
        data: { projectId, name: PRODUCTION_DATASET_NAME, kind: "PRODUCTION", description: "Production answers sampled by online evaluation rules and spot checks." },
      }));
    const version =
      (await tx.datasetVersion.findUnique({ where: { datasetId_version: { datasetId: dataset.id, version: 1 } } })) ??
      (await tx.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, note: "Grows as production traffic is sampled.", contentHash: "production" } }));
    const run =
      (await tx.run.findUnique({ where: { datasetVersionId_name: { datasetVersionId: version.id, name: PRODUCTION_RUN_NAME } } })) ??
      (await tx.run.create({ data: { projectId, datasetVersionId: version.id, name: PRODUCTION_RUN_NAME, model: "production" } }));
    return { datasetId: dataset.id, datasetVersionId: version.id, runId: run.id };
  });
}

// Items and outputs from the traffic rows of the given samples, then the
// samples point at them — three statements in one transaction; rows already
// materialised (by another rule's sample) are reused through the unique
// (version, externalId) and (run, item, turn) keys. The answer is turn 0: an
// OpenAI conversation ending with a user message has its one answer there
// (lib/review/conversation.ts). The content hash only has to tell items of
// this dataset apart (promotion recomputes the import's hash).
const MATERIALISE_ITEMS = `
  INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputTurns", context, tags, metadata, "contentHash")
  SELECT gen_random_uuid()::text, $2, e.id::text, $4 + row_number() OVER (ORDER BY e."occurredAt", e.id) - 1, e.messages, e.context, ARRAY[]::text[],
    e.metadata || jsonb_strip_nulls(jsonb_build_object('segment', e.segment, 'traffic', jsonb_build_object(
      'eventId', e.id, 'occurredAt', e."occurredAt", 'callerId', e."callerId", 'traceId', e."traceId", 'model', e.model, 'appVersion', e."appVersion"))),
    encode(sha256(convert_to(e.messages::text || coalesce(e.context::text, ''), 'UTF8')), 'hex')
  FROM (SELECT DISTINCT "projectId", "occurredAt", "eventId" FROM "TrafficSample" WHERE id = ANY($1::bigint[]) AND "projectId" = $3) s
  JOIN "TrafficEvent" e ON e."projectId" = s."projectId" AND e."occurredAt" = s."occurredAt" AND e.id = s."eventId"
  WHERE NOT EXISTS (SELECT 1 FROM "DatasetItem" d WHERE d."datasetVersionId" = $2 AND d."externalId" = e.id::text)
  ON CONFLICT ("datasetVersionId", "externalId") DO NOTHING`;

const MATERIALISE_OUTPUTS = `
  INSERT INTO "Output" (id, "runId", "itemId", turn, content, "latencyMs", "promptTokens", "completionTokens", "costUsd")
  SELECT gen_random_uuid()::text, $2, i.id, 0, coalesce(e.answer, ''), round(e."latencyMs")::int, e."inputTokens", e."outputTokens", e."costUsd"
  FROM "TrafficSample" s
  JOIN "TrafficEvent" e ON e."projectId" = s."projectId" AND e."occurredAt" = s."occurredAt" AND e.id = s."eventId"
  JOIN "DatasetItem" i ON i."datasetVersionId" = $3 AND i."externalId" = s."eventId"::text
  WHERE s.id = ANY($1::bigint[])
  ON CONFLICT ("runId", "itemId", turn) DO NOTHING`;

const LINK_SAMPLES = `
  UPDATE "TrafficSample" s SET "itemId" = i.id, "outputId" = o.id
  FROM "DatasetItem" i JOIN "Output" o ON o."itemId" = i.id AND o."runId" = $2 AND o.turn = 0
  WHERE s.id = ANY($1::bigint[]) AND i."datasetVersionId" = $3 AND i."externalId" = s."eventId"::text`;

/**
 * Makes the traffic rows of `sampleIds` (of one project) items and outputs of
 * the production dataset and links the samples to them. Samples whose traffic
 * row retention already deleted stay unlinked (itemId null).
 */
export async function materialiseSamples(client: pg.ClientBase, projectId: string, sampleIds: bigint[] | string[], production: ProductionDataset): Promise<number> {
  if (sampleIds.length === 0) return 0;
  const ids = sampleIds.map(String);
  await client.query("BEGIN");
  try {
    // Locks the version row: materialisations of one project queue here, so positions stay dense.
    const { rows } = await client.query<{ itemCount: number }>(`SELECT "itemCount" FROM "DatasetVersion" WHERE id = $1 FOR UPDATE`, [production.datasetVersionId]);
    const added = (await client.query(MATERIALISE_ITEMS, [ids, production.datasetVersionId, projectId, rows[0]!.itemCount])).rowCount ?? 0;
    await client.query(MATERIALISE_OUTPUTS, [ids, production.runId, production.datasetVersionId]);
    const linked = (await client.query(LINK_SAMPLES, [ids, production.runId, production.datasetVersionId])).rowCount ?? 0;
    await client.query(`UPDATE "DatasetVersion" SET "itemCount" = "itemCount" + $2 WHERE id = $1`, [production.datasetVersionId, added]);
    await client.query("COMMIT");
    return linked;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
