import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { connectForImport, takeProjectImportSlot } from "@/lib/imports/import-slots";
import { itemContentHash, versionContentHash, versionDiff } from "@/lib/imports/items";
import { newId } from "@/lib/imports/pg";
import type { ItemRow } from "@/lib/imports/schemas";
import { ensureProductionDataset, PRODUCTION_DATASET_NAME } from "../production-dataset";
import type { PromoteInput } from "./schemas";

// Production failures become regression items. The new golden version is the
// latest version's items plus the promoted ones, under the imports'
// invariants (lib/imports/items.ts): itemContentHash per item, the version's
// content hash over them, versionDiff, identical content reusing the version,
// and the import's lock on the dataset. Kept items are copied row for row with
// their stored hashes: read back through jsonb, metadata may come in another
// key order than the upload's, which would change a recomputed hash. The
// promoted input is the stored production item: masked at ingest, never
// unmasked here.

export const PROMOTED_TAG = "production";

export type Provenance = {
  eventId: string;
  callerId: string | null;
  /** Set for traffic that came in through OTLP (the trace id); null for REST rows. */
  traceId: string | null;
  occurredAt: string;
  ruleId: string | null;
  /** The UTC day the answer was given: the period monitoring and spot checks group it in. */
  period: string;
  promotedBy: string | null;
  promotedAt: string;
};

type TrafficMetadata = { eventId: string; occurredAt: string; callerId?: string; traceId?: string };

/** A promoted item's externalId: the traffic row's id, which no other item of the project carries. */
export function promotedExternalId(eventId: string) {
  return `traffic-${eventId}`;
}

/**
 * The object with its keys in jsonb's order (shorter first, then by code
 * unit), recursively: stored and read back it keeps that order, so its item
 * hash is the same whether it was just built or read from a version.
 */
export function jsonbOrdered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrdered);
  if (!value || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, jsonbOrdered((value as Record<string, unknown>)[key])]));
}

/**
 * The experts' labels on production outputs, per criterion: the ground truth
 * where adjudicated, else the reviewers' consensus (both as "HumanJudgment"
 * keeps them). Numeric codes become numbers.
 */
async function expertLabels(outputIds: string[]) {
  const rows = await db.humanJudgment.findMany({ where: { targetKey: { in: outputIds } }, select: { targetKey: true, criterionKey: true, consensus: true } });
  const byOutput = new Map<string, Record<string, string | number | (string | number)[]>>();
  for (const row of rows) {
    if (row.consensus.length === 0) continue;
    const values = row.consensus.map((code) => (code.trim() !== "" && Number.isFinite(Number(code)) ? Number(code) : code));
    const labels = byOutput.get(row.targetKey) ?? {};
    labels[row.criterionKey] = values.length === 1 ? values[0]! : values;
    byOutput.set(row.targetKey, labels);
  }
  return byOutput;
}

async function targetDataset(projectId: string, target: PromoteInput["target"]) {
  if ("datasetId" in target) {
    const dataset = await db.dataset.findFirst({ where: { id: target.datasetId, projectId }, select: { id: true, name: true, kind: true } });
    if (!dataset) throw new SafeError("NOT_FOUND", "target.datasetId: that dataset is not part of this project.", [{ field: "target.datasetId", message: "Unknown dataset." }]);
    if (dataset.kind !== "GOLDEN") throw new SafeError("VALIDATION", "target.datasetId: production answers go into a golden dataset, not the production one.", [{ field: "target.datasetId", message: "Choose a golden dataset." }]);
    return dataset;
  }
  const name = target.newDatasetName;
  const existing = await db.dataset.findFirst({ where: { projectId, name }, select: { id: true } });
  if (existing || name === PRODUCTION_DATASET_NAME) {
    throw new SafeError("CONFLICT", `target.newDatasetName: a dataset called "${name}" exists already; choose it from the list or pick another name.`, [{ field: "target.newDatasetName", message: "That name is taken." }]);
  }
  return { id: null, name, kind: "GOLDEN" as const };
}


export async function promoteToGolden(input: PromoteInput, actorId: string | null) {
  const { projectId } = input;
  const production = await ensureProductionDataset(projectId);
  const items = await db.datasetItem.findMany({
    where: { id: { in: input.itemIds }, datasetVersionId: production.datasetVersionId },
    select: { id: true, inputTurns: true, context: true, metadata: true, outputs: { where: { runId: production.runId, turn: 0 }, select: { id: true } } },
  });
  const missing = input.itemIds.filter((itemId) => !items.some((item) => item.id === itemId));
  if (missing.length > 0) {
    throw new SafeError(
      "VALIDATION",
      `itemIds: ${missing.length} of the selected answers are not production answers of this project (first: ${missing[0]}).`,
      missing.slice(0, 20).map((itemId) => ({ field: "itemIds", message: `${itemId} is not a production answer of this project.` })),
    );
  }
  if (input.ruleId && !(await db.evaluationRule.findFirst({ where: { id: input.ruleId, projectId }, select: { id: true } }))) {
    throw new SafeError("NOT_FOUND", "ruleId: that evaluation rule is not part of this project.", [{ field: "ruleId", message: "Unknown evaluation rule." }]);
  }
  const dataset = await targetDataset(projectId, input.target);
  const latest = dataset.id ? await db.datasetVersion.findFirst({ where: { datasetId: dataset.id }, orderBy: { version: "desc" }, select: { id: true, version: true } }) : null;
  const previous = latest ? await db.datasetItem.findMany({ where: { datasetVersionId: latest.id }, select: { externalId: true, contentHash: true, metadata: true } }) : [];
  const previousById = new Map(previous.map((item) => [item.externalId, item]));

  const labels = await expertLabels(items.flatMap((item) => item.outputs.map((output) => output.id)));
  const firstRules = await db.trafficSample.findMany({ where: { itemId: { in: items.map((item) => item.id) } }, orderBy: { id: "asc" }, select: { itemId: true, ruleId: true } });
  const promotedAt = new Date().toISOString();
  const promoted: ItemRow[] = items.map((item) => {
    const { traffic, ...metadata } = item.metadata as { traffic: TrafficMetadata } & Record<string, unknown>;
    const externalId = promotedExternalId(traffic.eventId);
    const earlier = (previousById.get(externalId)?.metadata as { provenance?: Provenance } | undefined)?.provenance;
    // Promoted before: its provenance stands (first promotion), so promoting it again changes nothing unless the experts' labels did.
    const provenance: Provenance = earlier ?? {
      eventId: traffic.eventId,
      callerId: traffic.callerId ?? null,
      traceId: traffic.traceId ?? null,
      occurredAt: traffic.occurredAt,
      ruleId: input.ruleId ?? firstRules.find((sample) => sample.itemId === item.id)?.ruleId ?? null,
      period: traffic.occurredAt.slice(0, 10),
      promotedBy: actorId,
      promotedAt,
    };
    const expert = item.outputs[0] ? labels.get(item.outputs[0].id) : undefined;
    return {
      externalId,
      input: item.inputTurns as ItemRow["input"],
      context: (item.context ?? undefined) as ItemRow["context"],
      tags: [PROMOTED_TAG],
      metadata: jsonbOrdered({ ...metadata, provenance, ...(expert ? { expertLabels: expert } : {}) }) as Record<string, unknown>,
    };
  });

  const result = await writeVersion(projectId, dataset, latest, previous, promoted, actorId);
  await recordAudit({
    projectId,
    actorId,
    action: "traffic.promote",
    targetType: "DatasetVersion",
    targetId: result.datasetVersionId,
    data: { dataset: dataset.name, version: result.version, promoted: promoted.length, unchanged: result.unchanged },
  });
  return { ...result, dataset: dataset.name, promoted: promoted.length };
}

type Target = { id: string | null; name: string };

/**
 * One transaction, serialised with uploads to the same dataset (the import's
 * project slot and dataset lock): the version's hash from the kept items'
 * stored hashes and the promoted items' itemContentHash; an existing version
 * with that hash is reused; otherwise the kept items are copied as they are
 * (same hashes, same order) and the promoted ones appended.
 */
async function writeVersion(
  projectId: string,
  target: Target,
  latest: { id: string; version: number } | null,
  previous: { externalId: string; contentHash: string }[],
  promoted: ItemRow[],
  actorId: string | null,
) {
  const promotedHashes = new Map(promoted.map((row) => [row.externalId, itemContentHash(row)]));
  const kept = previous.filter((item) => !promotedHashes.has(item.externalId));
  const lines = [...kept.map((item) => `${item.externalId}\u0000${item.contentHash}`), ...[...promotedHashes].map(([externalId, hash]) => `${externalId}\u0000${hash}`)];
  const contentHash = versionContentHash(lines);
  const note = `Adds ${promoted.length} production answer${promoted.length === 1 ? "" : "s"} from traffic.`;
  const client = await connectForImport();
  try {
    await client.query("BEGIN");
    await takeProjectImportSlot(client, projectId);
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`touchstone:dataset:${projectId}:${target.name}`]);
    const { rows: datasets } = await client.query<{ id: string }>(
      `INSERT INTO "Dataset" (id, "projectId", name, description, kind) VALUES ($1, $2, $3, $4, 'GOLDEN')
       ON CONFLICT ("projectId", name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [newId(), projectId, target.name, "Regression items promoted from production traffic."],
    );
    const datasetId = datasets[0]!.id;
    const { rows: same } = await client.query<{ id: string; version: number }>(`SELECT id, version FROM "DatasetVersion" WHERE "datasetId" = $1 AND "contentHash" = $2`, [datasetId, contentHash]);
    if (same[0]) {
      await client.query("ROLLBACK");
      return { datasetVersionId: same[0].id, version: same[0].version, unchanged: true, added: 0, changed: 0 };
    }
    const { rows: newest } = await client.query<{ id: string }>(`SELECT id FROM "DatasetVersion" WHERE "datasetId" = $1 ORDER BY version DESC LIMIT 1`, [datasetId]);
    // An upload made a version since we read the latest one: build on it, not beside it.
    if ((newest[0]?.id ?? null) !== (latest?.id ?? null)) throw new SafeError("CONFLICT", "The dataset got a new version meanwhile; add the answers again to build on it.");
    const versionId = newId();
    const version = (latest?.version ?? 0) + 1;
    await client.query(`INSERT INTO "DatasetVersion" (id, "datasetId", version, note, "contentHash", "itemCount", "createdById") VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      versionId,
      datasetId,
      version,
      note,
      contentHash,
      kept.length + promoted.length,
      actorId,
    ]);
    if (latest) {
      await client.query(
        `INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", "inputTurns", context, reference, tags, "group", metadata, "contentHash")
         SELECT gen_random_uuid()::text, $2, "externalId", (row_number() OVER (ORDER BY position) - 1)::int, "inputText", "inputTurns", context, reference, tags, "group", metadata, "contentHash"
         FROM "DatasetItem" WHERE "datasetVersionId" = $1 AND NOT ("externalId" = ANY($3::text[]))`,
        [latest.id, versionId, [...promotedHashes.keys()]],
      );
    }
    for (const [index, row] of promoted.entries()) {
      await client.query(
        `INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputTurns", context, tags, metadata, "contentHash") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [newId(), versionId, row.externalId, kept.length + index, JSON.stringify(row.input), row.context ? JSON.stringify(row.context) : null, row.tags, JSON.stringify(row.metadata), promotedHashes.get(row.externalId)],
      );
    }
    const diff = latest ? await versionDiff(client, latest.id, versionId) : { added: promoted.length, removed: 0, changed: 0 };
    await client.query("COMMIT");
    return { datasetVersionId: versionId, version, unchanged: false, added: diff.added, changed: diff.changed };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
