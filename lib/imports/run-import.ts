import crypto from "node:crypto";
import { SafeError, type ValidationIssue } from "@/lib/errors";
import type { ImportSetup, ImportSummary, KindImporter } from "./importer";
import { itemsImporter } from "./items";
import { judgeScoresImporter } from "./judge-scores";
import { labelsImporter } from "./labels";
import { applyMapping, rowMappingFor } from "./mapping";
import { outputsImporter } from "./outputs";
import { decodeUtf8, FileFormatError, formatBytes, readRecordBatches, type FileFormat, type ParsedRecord } from "./parse";
import { connectForImport, takeProjectImportSlot } from "./import-slots";
import { maySkipForeignKeyChecks, newId } from "./pg";
import { rowIssuesFromZod } from "./row-issues";
import { KIND_LABELS, OPTIONS_SCHEMAS, type FieldMapping, type ImportKindName } from "./schemas";

// The one import path: browser uploads, API batches, the CLI and the demo seed
// all end here. Bytes stream through decode → records → mapping → row schema →
// kind checks → COPY/batched inserts, all inside ONE transaction that holds an
// advisory lock on the dataset. Any error anywhere: every row is still
// validated (so people see all problems at once), then the transaction rolls
// back and nothing was written. Success: an Import row keyed by the content
// hash commits with the data, so re-sending the same upload is a no-op.

export const MAX_REPORTED_ISSUES = 1000;
const BATCH_ROWS = 5000;

export type ImportSource = { bytes: AsyncIterable<Uint8Array>; format?: FileFormat } | { rows: unknown[] };

export type ImportInput = {
  projectId: string;
  kind: ImportKindName;
  userId: string | null;
  tokenId?: string | null;
  fileName?: string;
  options: unknown;
  mapping?: FieldMapping;
  source: ImportSource;
  /** Validate everything, then roll back: what the upload screen shows before "Commit". */
  dryRun?: boolean;
  maxBytes?: number;
  databaseUrl?: string;
};

export type ImportResult = {
  status: "committed" | "unchanged" | "validated";
  importId: string | null;
  kind: ImportKindName;
  rows: number;
  summary: ImportSummary;
};

export async function runImport(input: ImportInput): Promise<ImportResult> {
  const optionsParsed = OPTIONS_SCHEMAS[input.kind].safeParse(input.options ?? {});
  if (!optionsParsed.success) {
    const issues = optionsParsed.error.issues.map((i) => ({ field: `options.${i.path.join(".")}`, message: i.message }));
    throw new SafeError("VALIDATION", `${issues[0]!.field}: ${issues[0]!.message}`, issues);
  }
  const options = optionsParsed.data;
  const hash = crypto.createHash("sha256").update(JSON.stringify([input.kind, options, input.mapping ?? null]));
  const issues: ValidationIssue[] = [];
  let issueCount = 0;
  const addIssue = (issue: ValidationIssue) => {
    issueCount++;
    if (issues.length < MAX_REPORTED_ISSUES) issues.push(issue);
  };

  const client = await connectForImport(input.databaseUrl);
  let rows = 0;
  let inflight: Promise<{ error: unknown } | null> = Promise.resolve(null);
  let importer: KindImporter<unknown> | undefined;
  try {
    await client.query("BEGIN");
    await takeProjectImportSlot(client, input.projectId);
    // Uploads to one dataset take turns; different datasets import in parallel.
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`touchstone:dataset:${input.projectId}:${options.dataset}`]);
    const setup: ImportSetup = { client, projectId: input.projectId, userId: input.userId, issues, skipForeignKeyChecks: await maySkipForeignKeyChecks(client) };
    importer = (await createImporter(input.kind, setup, options)) as KindImporter<unknown>;
    const kindImporter = importer;
    const batchRows = importer.batchRows ?? BATCH_ROWS;
    const fastParse = importer.fastParse?.bind(importer);

    const mappingFor = rowMappingFor(input.kind, input.mapping);
    const mappingContext = { turnBase: (options as { turnBase?: 0 | 1 }).turnBase, ...importer.mappingContext };
    let currentRow = 0;
    const report = (field: string, message: string) => addIssue({ row: currentRow, field, message });
    const acceptRecord = (record: ParsedRecord) => {
      if (record.error !== undefined) {
        addIssue({ row: record.row, field: record.field ?? "(row)", message: record.error });
        return;
      }
      const rowMapping = mappingFor(record.value);
      currentRow = record.row;
      for (const candidate of applyMapping(input.kind, rowMapping, record.value, mappingContext)) {
        rows++;
        const fast = fastParse?.(candidate);
        if (fast !== undefined) {
          kindImporter.accept(fast, record.row, report);
          continue;
        }
        const parsed = kindImporter.schema.safeParse(candidate);
        if (!parsed.success) {
          rowIssuesFromZod(record.row, parsed.error).forEach(addIssue);
          continue;
        }
        kindImporter.accept(parsed.data, record.row, report);
      }
    };
    try {
      for await (const batch of recordBatchesOf(input.source, hash, input.maxBytes)) {
        for (const record of batch) {
          acceptRecord(record);
          if (issueCount > 0) importer.discard();
          else if (importer.buffered() >= batchRows) {
            // Send this batch while the next one is parsed: at most one write in flight.
            await settle(inflight);
            inflight = importer.flush().then(
              () => null,
              (error: unknown) => ({ error }),
            );
          }
        }
      }
    } catch (error) {
      if (error instanceof FileFormatError) addIssue({ row: error.row, field: error.field, message: error.message });
      else {
        await inflight;
        throw error;
      }
    }
    await settle(inflight);

    if (issueCount > 0) {
      await importer.close?.();
      await client.query("ROLLBACK");
      const more = issueCount > issues.length ? ` (the first ${issues.length} are listed)` : "";
      throw new SafeError("VALIDATION", `${issueCount.toLocaleString("en")} problem${issueCount === 1 ? "" : "s"} found${more}; nothing was imported. ${describe(issues[0]!)}`, issues);
    }

    if (importer.buffered() > 0) await importer.flush();
    const { summary, unchanged } = await importer.finish();
    const contentHash = hash.digest("hex");
    if (input.dryRun) {
      await client.query("ROLLBACK");
      return { status: "validated", importId: null, kind: input.kind, rows, summary: { ...summary, ...(unchanged ? { unchanged: true } : {}) } };
    }
    const previous = await client.query<{ id: string; summary: ImportSummary; rowCount: number }>(
      `SELECT id, summary, "rowCount" FROM "Import" WHERE "projectId" = $1 AND kind = $2::"ImportKind" AND "contentHash" = $3 AND status = 'COMMITTED'`,
      [input.projectId, input.kind, contentHash],
    );
    if (unchanged || previous.rows[0]) {
      // Same content as before: keep the database exactly as it is.
      await client.query("ROLLBACK");
      const earlier = previous.rows[0];
      return { status: "unchanged", importId: earlier?.id ?? null, kind: input.kind, rows, summary: earlier?.summary ?? summary };
    }
    const importId = newId();
    await client.query(
      `INSERT INTO "Import" (id, "projectId", kind, "fileName", "contentHash", status, "rowCount", summary, "createdById", "finishedAt")
       VALUES ($1, $2, $3::"ImportKind", $4, $5, 'COMMITTED', $6, $7, $8, now())`,
      [importId, input.projectId, input.kind, (input.fileName ?? "upload").slice(0, 300), contentHash, rows, JSON.stringify(summary), input.userId],
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, "projectId", "actorId", "tokenId", action, "targetType", "targetId", data) VALUES ($1, $2, $3, $4, $5, 'Import', $6, $7)`,
      [newId(), input.projectId, input.userId, input.tokenId ?? null, `import.${input.kind.toLowerCase()}`, importId, JSON.stringify({ fileName: input.fileName ?? "upload", rows, ...summary })],
    );
    await client.query("COMMIT");
    return { status: "committed", importId, kind: input.kind, rows, summary };
  } catch (error) {
    // A COPY still open would hold the connection: end it before rolling back.
    await importer?.close?.().catch(() => {});
    await client.query("ROLLBACK").catch(() => {});
    throw toSafe(error);
  } finally {
    client.release();
  }
}

/** Waits for the batch being written; rethrows its failure. */
async function settle(inflight: Promise<{ error: unknown } | null>) {
  const failed = await inflight;
  if (failed) throw failed.error;
}

function createImporter(kind: ImportKindName, setup: ImportSetup, options: unknown) {
  switch (kind) {
    case "ITEMS":
      return itemsImporter(setup, options as Parameters<typeof itemsImporter>[1]);
    case "OUTPUTS":
      return outputsImporter(setup, options as Parameters<typeof outputsImporter>[1]);
    case "JUDGE_SCORES":
      return judgeScoresImporter(setup, options as Parameters<typeof judgeScoresImporter>[1]);
    case "LABELS":
      return labelsImporter(setup, options as Parameters<typeof labelsImporter>[1]);
  }
}

function describe(issue: ValidationIssue) {
  return `${issue.row !== undefined ? `Row ${issue.row}, ` : ""}${issue.field}: ${issue.message}`;
}

/** Records, a chunk at a time, from raw bytes (hashed and size-checked as they pass) or from an API batch. */
async function* recordBatchesOf(source: ImportSource, hash: crypto.Hash, maxBytes?: number): AsyncGenerator<ParsedRecord[]> {
  if ("rows" in source) {
    if (source.rows.length === 0) throw new FileFormatError("The batch is empty: `rows` has no entries.", "rows");
    hash.update(JSON.stringify(source.rows));
    yield source.rows.map((value, index): ParsedRecord =>
      value === null || typeof value !== "object" || Array.isArray(value)
        ? { row: index + 1, error: "Each row must be a JSON object." }
        : { row: index + 1, value: value as Record<string, unknown> },
    );
    return;
  }
  let total = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of (source as { bytes: AsyncIterable<Uint8Array> }).bytes) {
      total += chunk.length;
      if (maxBytes !== undefined && total > maxBytes) {
        throw new SafeError("PAYLOAD_TOO_LARGE", `The file is larger than this project's upload limit of ${formatBytes(maxBytes)}.`, [
          { field: "(file)", message: `Over the ${formatBytes(maxBytes)} limit.` },
        ]);
      }
      hash.update(chunk);
      yield chunk;
    }
  }
  yield* readRecordBatches(decodeUtf8(counted()), source.format);
}

/** Database data errors (a value PostgreSQL cannot store) are the file's fault, not a 500. */
function toSafe(error: unknown) {
  if (error instanceof SafeError) return error;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && code.startsWith("22")) {
    const message = `The upload holds a value the database cannot store: ${(error as Error).message}.`;
    return new SafeError("VALIDATION", message, [{ field: "(file)", message }]);
  }
  return error;
}

export { KIND_LABELS };
