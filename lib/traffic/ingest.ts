import type pg from "pg";
import { SafeError, type ValidationIssue } from "@/lib/errors";
import { trafficId } from "./ids";
import { compileMaskingRules, maskRow } from "./masking";
import { ensureTrafficPartitions, forgetKnownPartitions, DAY_MS } from "./partitions";
import { trafficPool } from "./pool";
import { DEFAULT_RETENTION_DAYS, maskingRuleSchema, type TrafficIngestResult, type TrafficRow } from "./schemas";

// Both endpoints (REST rows and OTLP spans) end here: check each row's
// timestamp against the project's retention, mask, make sure the days'
// partitions exist, then store the batch with one INSERT … ON CONFLICT DO
// NOTHING — one statement, so the batch is all-or-nothing and a re-sent row
// (same caller id and timestamp) changes nothing.

export type TrafficSource = "api" | "otlp";

/** How far ahead of the server's clock a timestamp may be (clock skew), in days. */
const FUTURE_DAYS = 1;

const COLUMNS = `"occurredAt" timestamp(3), id uuid, "callerId" text, "traceId" text, messages jsonb, answer text, context jsonb,
  "toolCalls" jsonb, model text, "appVersion" text, segment text, "latencyMs" float8, "inputTokens" int, "outputTokens" int, "costUsd" float8, metadata jsonb`;

// The rows actually inserted (not re-sent ones) are drawn for the project's
// enabled online evaluation rules in the same statement, so a stored row and
// its draw commit together. The draw is a hash of (rule, row id) in [0, 1):
// deterministic, independent across rules, uniform over rows.
const INSERT = `WITH inserted AS (
    INSERT INTO "TrafficEvent" ("projectId", "occurredAt", id, "callerId", source, "traceId", messages, answer, context, "toolCalls",
      model, "appVersion", segment, "latencyMs", "inputTokens", "outputTokens", "costUsd", metadata)
    SELECT $1, r."occurredAt", r.id, r."callerId", $2, r."traceId", r.messages, r.answer, r.context, r."toolCalls",
      r.model, r."appVersion", r.segment, r."latencyMs", r."inputTokens", r."outputTokens", r."costUsd", r.metadata
    FROM jsonb_to_recordset($3::jsonb) AS r(${COLUMNS})
    ON CONFLICT ("projectId", "callerId", "occurredAt") DO NOTHING
    RETURNING "occurredAt", id, model, "appVersion", segment, metadata
  ), drawn AS (
    INSERT INTO "TrafficSample" ("projectId", "ruleId", "occurredAt", "eventId", segment)
    SELECT $1, rule.id, i."occurredAt", i.id, i.segment
    FROM inserted i JOIN "EvaluationRule" rule ON rule."projectId" = $1 AND rule.enabled
    WHERE ('x' || substr(md5(rule.id || i.id::text), 1, 8))::bit(32)::bigint / 4294967296.0 < rule."samplingRate"
      AND (cardinality(rule.segments) = 0 OR i.segment = ANY (rule.segments))
      AND (cardinality(rule.models) = 0 OR i.model = ANY (rule.models))
      AND (cardinality(rule."appVersions") = 0 OR i."appVersion" = ANY (rule."appVersions"))
      AND i.metadata @> rule."metadataFilter"
    ON CONFLICT ("ruleId", "eventId") DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM drawn)::int AS drawn`;

export type ProjectTrafficSettings = { retentionDays: number; maskingRules: ReturnType<typeof maskingRuleSchema.parse>[]; maxUploadBytes: number };

export async function readTrafficSettings(client: Pick<pg.ClientBase, "query">, projectId: string): Promise<ProjectTrafficSettings | null> {
  const { rows } = await client.query<{ maxUploadBytes: number; retentionDays: number | null; maskingRules: unknown }>(
    `SELECT p."maxUploadBytes", s."retentionDays", s."maskingRules" FROM "Project" p LEFT JOIN "TrafficSettings" s ON s."projectId" = p.id WHERE p.id = $1`,
    [projectId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    retentionDays: row.retentionDays ?? DEFAULT_RETENTION_DAYS,
    maskingRules: Array.isArray(row.maskingRules) ? row.maskingRules.map((rule) => maskingRuleSchema.parse(rule)) : [],
    maxUploadBytes: row.maxUploadBytes,
  };
}

function timeIssues(rows: TrafficRow[], retentionDays: number, now: Date, field: string): ValidationIssue[] {
  const oldest = now.getTime() - retentionDays * DAY_MS;
  const newest = now.getTime() + FUTURE_DAYS * DAY_MS;
  return rows.flatMap((row, index) => {
    const time = row.occurredAt.getTime();
    if (time < oldest) return [{ row: index + 1, field, message: `${field} is older than this project's retention of ${retentionDays} days: it would be deleted at once.` }];
    if (time > newest) return [{ row: index + 1, field, message: `${field} is more than ${FUTURE_DAYS} day in the future; check the sender's clock.` }];
    return [];
  });
}

// PostgreSQL's text and jsonb hold no NUL character and no lone surrogate
// (half of a UTF-16 pair). JSON.stringify writes exactly those as \u escapes
// (a well-formed pair is written as is), so they are found in the encoded row;
// an even run of backslashes before them is escaped text, not an escape.
const UNSTORABLE = /(?:^|[^\\])(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2})/i;

/** Rows PostgreSQL would refuse, by number, instead of failing the batch with a 500. */
function unstorableIssues(encoded: string[]): ValidationIssue[] {
  return encoded.flatMap((json, index) => {
    const match = UNSTORABLE.exec(json);
    if (!match) return [];
    const message = match[1] === "0000" ? "Contains a NUL character (\\u0000), which cannot be stored." : "Contains a broken Unicode character (half of a surrogate pair), which cannot be stored.";
    return [{ row: index + 1, field: "(row)", message }];
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
  rows: TrafficRow[],
  source: TrafficSource,
  // `settings`: already read by the caller (the endpoints need the upload limit first).
  options: { now?: Date; timestampField?: string; settings?: ProjectTrafficSettings } = {},
): Promise<TrafficIngestResult> {
  const pool = trafficPool();
  const settings = options.settings ?? (await readTrafficSettings(pool, projectId));
  if (!settings) throw new SafeError("NOT_FOUND", "Project not found.");
  const issues = timeIssues(rows, settings.retentionDays, options.now ?? new Date(), options.timestampField ?? "timestamp");
  if (issues.length) refuse(issues);

  const rules = compileMaskingRules(settings.maskingRules);
  const encoded = rows.map((row) => {
    const masked = maskRow(row, rules);
    return JSON.stringify({ ...masked, id: trafficId(masked.occurredAt) });
  });
  const unstorable = unstorableIssues(encoded);
  if (unstorable.length) refuse(unstorable);

  const document = `[${encoded.join(",")}]`;
  const insert = async () => {
    await ensureTrafficPartitions(pool, rows.map((row) => row.occurredAt));
    return (await pool.query<{ inserted: number; drawn: number }>(INSERT, [projectId, source, document])).rows[0]!.inserted;
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
  return { received: rows.length, inserted, alreadyStored: rows.length - inserted };
}
