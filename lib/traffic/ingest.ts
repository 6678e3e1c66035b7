import type pg from "pg";
import { SafeError, type ValidationIssue } from "@/lib/errors";
import { trafficId } from "./ids";
import { fastTrafficLine, type FastTrafficRow } from "./fast-rows";
import { compileMaskingRules, maskRow, textMasker } from "./masking";
import { ensureTrafficPartitions, forgetKnownPartitions, DAY_MS } from "./partitions";
import { trafficPool } from "./pool";
import { encodeTrafficRow, storeTrafficLines, UnstorableText } from "./store";
import { DEFAULT_RETENTION_DAYS, maskingRuleSchema, type TrafficIngestResult, type TrafficRow } from "./schemas";

// Both endpoints (REST rows and OTLP spans) end here: check each row's
// timestamp against the project's retention, mask, make sure the days'
// partitions exist, then store the batch in one transaction (store.ts), with
// the project's evaluation rules drawing their samples in the same statement.

export type TrafficSource = "api" | "otlp";

type IngestRow = TrafficRow | FastTrafficRow;

/** How far ahead of the server's clock a timestamp may be (clock skew), in days. */
const FUTURE_DAYS = 1;

export type ProjectTrafficSettings = {
  retentionDays: number;
  maskingRules: ReturnType<typeof maskingRuleSchema.parse>[];
  maxUploadBytes: number;
  /** Whether any evaluation rule is enabled: without one, the insert skips drawing samples. */
  drawsSamples: boolean;
};

export async function readTrafficSettings(client: Pick<pg.ClientBase, "query">, projectId: string): Promise<ProjectTrafficSettings | null> {
  const { rows } = await client.query<{ maxUploadBytes: number; retentionDays: number | null; maskingRules: unknown; drawsSamples: boolean }>(
    `SELECT p."maxUploadBytes", s."retentionDays", s."maskingRules",
       EXISTS (SELECT 1 FROM "EvaluationRule" r WHERE r."projectId" = p.id AND r.enabled) AS "drawsSamples"
     FROM "Project" p LEFT JOIN "TrafficSettings" s ON s."projectId" = p.id WHERE p.id = $1`,
    [projectId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    retentionDays: row.retentionDays ?? DEFAULT_RETENTION_DAYS,
    maskingRules: Array.isArray(row.maskingRules) ? row.maskingRules.map((rule) => maskingRuleSchema.parse(rule)) : [],
    maxUploadBytes: row.maxUploadBytes,
    drawsSamples: row.drawsSamples,
  };
}

function timeIssues(rows: IngestRow[], retentionDays: number, now: Date, field: string): ValidationIssue[] {
  const oldest = now.getTime() - retentionDays * DAY_MS;
  const newest = now.getTime() + FUTURE_DAYS * DAY_MS;
  return rows.flatMap((row, index) => {
    const time = row.occurredAt.getTime();
    if (time < oldest) return [{ row: index + 1, field, message: `${field} is older than this project's retention of ${retentionDays} days: it would be deleted at once.` }];
    if (time > newest) return [{ row: index + 1, field, message: `${field} is more than ${FUTURE_DAYS} day in the future; check the sender's clock.` }];
    return [];
  });
}

function refuse(issues: ValidationIssue[]): never {
  const first = issues[0]!;
  throw new SafeError("VALIDATION", `Row ${first.row}: ${first.message} Nothing was stored.`, issues);
}

/**
 * Masks and stores `rows` for `projectId`. `timestampField` names the field
 * errors point at ("timestamp" for REST rows, the span's start time for OTLP).
 */
export async function ingestTraffic(
  projectId: string,
  rows: IngestRow[],
  source: TrafficSource,
  // `settings`: already read by the caller (the endpoints need the upload limit first).
  options: { now?: Date; timestampField?: string; settings?: ProjectTrafficSettings } = {},
): Promise<TrafficIngestResult> {
  const pool = trafficPool();
  const settings = options.settings ?? (await readTrafficSettings(pool, projectId));
  if (!settings) throw new SafeError("NOT_FOUND", "Project not found.");
  const issues = timeIssues(rows, settings.retentionDays, options.now ?? new Date(), options.timestampField ?? "timestamp");
  if (issues.length) refuse(issues);
  // Returned without awaiting: the rows (and the caller's parsed body) are
  // not kept alive while the batch waits on PostgreSQL, only its COPY text.
  return storeBatch(pool, projectId, source, encodeBatch(rows, settings), settings.drawsSamples);
}

type EncodedBatch = { lines: string; received: number; dates: Date[] };

/** Masks each row and encodes it as one COPY text; rows PostgreSQL would refuse are named, by number, instead of failing the batch with a 500. */
function encodeBatch(rows: IngestRow[], settings: ProjectTrafficSettings): EncodedBatch {
  const rules = compileMaskingRules(settings.maskingRules);
  let lines = "";
  const unstorable: ValidationIssue[] = [];
  const maskedTexts = new Map<string, string>();
  const mask = textMasker(rules, maskedTexts);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    try {
      const id = trafficId(row.occurredAt);
      lines += "body" in row ? fastTrafficLine(row.body, row.occurredAt, id, mask) : encodeTrafficRow(maskRow(row, rules, maskedTexts), id);
    } catch (error) {
      if (!(error instanceof UnstorableText)) throw error;
      unstorable.push({ row: index + 1, field: "(row)", message: error.message });
    }
  }
  if (unstorable.length) refuse(unstorable);
  return { lines, received: rows.length, dates: rows.map((row) => row.occurredAt) };
}

async function storeBatch(pool: pg.Pool, projectId: string, source: TrafficSource, batch: EncodedBatch, drawsSamples: boolean): Promise<TrafficIngestResult> {
  const insert = async () => {
    await ensureTrafficPartitions(pool, batch.dates);
    return storeTrafficLines(pool, projectId, source, batch.lines, drawsSamples);
  };
  let inserted: number;
  try {
    inserted = await insert();
  } catch (error) {
    // 23514: no partition for a row's day — another server dropped one this
    // server still believed in. Forget what it knew and try once more.
    if ((error as { code?: string }).code !== "23514") throw error;
    forgetKnownPartitions();
    inserted = await insert();
  }
  return { received: batch.received, inserted, alreadyStored: batch.received - inserted };
}
