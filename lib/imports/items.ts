import crypto from "node:crypto";
import { SafeError } from "@/lib/errors";
import { duplicateItem } from "./duplicate-rows";
import { fastItemRow } from "./fast-rows";
import type { ImportSetup, KindImporter } from "./importer";
import { CopyWriter, copyBuffer, encode, escapeText, idSequence, jsonText, newId } from "./pg";
import { itemRowSchema, type ItemRow, type ItemsOptions } from "./schemas";

// Dataset items: every upload under a name is a new version of that dataset
// (items keep their externalId), unless its content equals an existing
// version's, in which case that version is reused and nothing is written.

const COLUMNS = ["id", "datasetVersionId", "externalId", "position", "inputText", "inputTurns", "context", "reference", "tags", "group", "metadata", "contentHash"];

// One call instead of a Hash object per row (crypto.hash is Node ≥ 20.12; engines allow 20.9).
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * Hash of what makes an item the same item: everything but its position.
 * Defined as the SHA-256 of JSON.stringify([input, context, reference, tags,
 * group, metadata]); jsonText writes the same text faster for plain strings.
 */
export function itemContentHash(row: Pick<ItemRow, "input" | "context" | "reference" | "tags" | "group" | "metadata">) {
  return sha256Hex(
    `[${jsonText(row.input)},${jsonText(row.context ?? null)},${jsonText(row.reference ?? null)},${JSON.stringify(row.tags)},${jsonText(row.group ?? null)},${JSON.stringify(row.metadata)}]`,
  );
}

export async function itemsImporter({ client, projectId, userId, skipForeignKeyChecks }: ImportSetup, options: ItemsOptions): Promise<KindImporter<ItemRow>> {
  const { rows: datasets } = await client.query<{ id: string; kind: string }>(
    `INSERT INTO "Dataset" (id, "projectId", name, description) VALUES ($1, $2, $3, $4)
     ON CONFLICT ("projectId", name) DO UPDATE SET description = CASE WHEN $5::boolean THEN EXCLUDED.description ELSE "Dataset".description END
     RETURNING id, kind::text`,
    [newId(), projectId, options.dataset, options.description ?? "", options.description !== undefined],
  );
  // The production dataset grows from sampled traffic only (lib/evaluation/production-dataset.ts).
  if (datasets[0]!.kind === "PRODUCTION") {
    const message = `"${options.dataset}" holds sampled production traffic and cannot take uploaded items: choose another dataset name.`;
    throw new SafeError("VALIDATION", message, [{ field: "options.dataset", message }]);
  }
  const datasetId = datasets[0]!.id;
  const { rows: previous } = await client.query<{ id: string; version: number }>(
    `SELECT id, version FROM "DatasetVersion" WHERE "datasetId" = $1 ORDER BY version DESC LIMIT 1`,
    [datasetId],
  );
  const versionId = newId();
  const versionNumber = (previous[0]?.version ?? 0) + 1;
  // The real content hash is known only at the end; a unique placeholder until then.
  await client.query(
    `INSERT INTO "DatasetVersion" (id, "datasetId", version, note, "contentHash", "createdById") VALUES ($1, $2, $3, $4, $5, $6)`,
    [versionId, datasetId, versionNumber, options.note ?? "", `pending:${versionId}`, userId],
  );

  const seen = new Map<string, number>();
  const hashes: string[] = [];
  // The table's one foreign key points at the version inserted above, in this
  // transaction, which nobody else can see, let alone delete, before commit:
  // checking it once per row would add nothing.
  const copy = new CopyWriter(client, "DatasetItem", COLUMNS, { skipForeignKeyChecks });
  const nextId = idSequence();
  const versionField = escapeText(versionId);
  const copyRows = copyBuffer(copy);

  return {
    schema: itemRowSchema,
    fastParse: fastItemRow,
    batchRows: 500,
    accept(row, rowNumber, report) {
      const first = seen.get(row.externalId);
      if (first !== undefined) {
        const duplicate = duplicateItem(row.externalId);
        report(duplicate.field, duplicate.message(first));
        return;
      }
      seen.set(row.externalId, rowNumber);
      const hash = itemContentHash(row);
      hashes.push(`${row.externalId}\u0000${hash}`);
      if (copyRows.discarded()) return;
      // Encoded now, as one line in COLUMNS order: the text is ready when the batch is sent.
      const chat = typeof row.input !== "string";
      copyRows.push(
        `${nextId()}\t${versionField}\t${escapeText(row.externalId)}\t${seen.size - 1}\t${chat ? "\\N" : escapeText(row.input as string)}\t${
          chat ? encode({ json: row.input }) : "\\N"
        }\t${row.context ? encode({ json: row.context }) : "\\N"}\t${encode(row.reference)}\t${encode({ textArray: row.tags })}\t${encode(row.group)}\t${encode({
          json: row.metadata,
        })}\t${hash}\n`,
      );
    },
    ...copyRows.writes,
    async finish() {
      await copy.end();
      const contentHash = versionContentHash(hashes);
      const { rows: same } = await client.query<{ id: string; version: number }>(
        `SELECT id, version FROM "DatasetVersion" WHERE "datasetId" = $1 AND "contentHash" = $2`,
        [datasetId, contentHash],
      );
      if (same[0]) {
        return { unchanged: true, summary: { dataset: options.dataset, datasetVersionId: same[0].id, version: same[0].version, items: seen.size, added: 0, removed: 0, changed: 0 } };
      }
      await client.query(`UPDATE "DatasetVersion" SET "contentHash" = $2, "itemCount" = $3 WHERE id = $1`, [versionId, contentHash, seen.size]);
      const diff = previous[0] ? await versionDiff(client, previous[0].id, versionId) : { added: seen.size, removed: 0, changed: 0 };
      return {
        summary: {
          dataset: options.dataset,
          datasetVersionId: versionId,
          version: versionNumber,
          previousVersionId: previous[0]?.id ?? null,
          items: seen.size,
          ...diff,
        },
      };
    },
  };
}

/** A version's content hash from its items' "externalId\u0000itemContentHash" lines (order does not matter): equal hashes, same items. */
export function versionContentHash(itemLines: string[]) {
  return crypto.createHash("sha256").update([...itemLines].sort().join("\n")).digest("hex");
}

/** Added, removed and changed items between two versions, matched by externalId (a join on content hashes). */
export async function versionDiff(client: { query: ImportSetup["client"]["query"] }, fromId: string, toId: string) {
  const { rows } = await client.query<{ added: number; removed: number; changed: number }>(
    `SELECT
       count(*) FILTER (WHERE a.id IS NULL)::int AS added,
       count(*) FILTER (WHERE b.id IS NULL)::int AS removed,
       count(*) FILTER (WHERE a.id IS NOT NULL AND b.id IS NOT NULL AND a."contentHash" <> b."contentHash")::int AS changed
     FROM (SELECT id, "externalId", "contentHash" FROM "DatasetItem" WHERE "datasetVersionId" = $1) a
     FULL JOIN (SELECT id, "externalId", "contentHash" FROM "DatasetItem" WHERE "datasetVersionId" = $2) b ON a."externalId" = b."externalId"`,
    [fromId, toId],
  );
  return rows[0]!;
}
