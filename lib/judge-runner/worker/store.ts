import type pg from "pg";
import type { JudgeTarget } from "@/lib/judge-runner/contracts";
import { newId } from "@/lib/imports/pg";

// Writes finished calls in batches, exactly once: one statement marks the
// calls done (only those not done yet) and inserts the scores of exactly those
// calls, ON CONFLICT DO NOTHING on the scores' unique keys. A worker killed
// before the statement commits leaves the calls pending (they run again); one
// killed after leaves them done (they never run again); two workers finishing
// the same call both try, and the row lock on the call lets one win.

export type CallOutcome = {
  callId: string;
  target: JudgeTarget;
  isError: boolean;
  cached: boolean;
  attempts: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  // Pointwise: value or category; pairwise: verdict (ERROR for a failed call).
  value?: number | null;
  category?: string | null;
  verdict?: "A" | "B" | "TIE" | "BOTH_BAD" | "ERROR";
  error?: string | null;
  rationale: string;
  rawText: string | null;
  cacheEntry?: { key: string; model: string; text: string; inputTokens: number; outputTokens: number };
};

const WRITE_SQL = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      "callId" bigint, "scoreId" text, "isError" boolean, cached boolean, attempts int,
      "inputTokens" int, "outputTokens" int, "costUsd" float8, kind text,
      "outputId" text, "criterionId" text, "itemId" text, "outputAId" text, "outputBId" text, "shownOrder" text,
      value float8, category text, verdict text, error text, rationale text, "rawText" text)
  ), marked AS (
    UPDATE "JudgeCall" c SET done = true, "isError" = i."isError", cached = i.cached, attempts = i.attempts,
      "inputTokens" = i."inputTokens", "outputTokens" = i."outputTokens", "costUsd" = i."costUsd", "doneAt" = now()
    FROM input i WHERE c.id = i."callId" AND c."runId" = $2 AND NOT c.done
    RETURNING c.id
  ), pointwise AS (
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value, category, error, rationale, "rawText")
    SELECT i."scoreId", $3, i."outputId", i."criterionId", i.value, i.category, i.error, i.rationale, i."rawText"
    FROM input i JOIN marked m ON m.id = i."callId" WHERE i.kind = 'pointwise'
    ON CONFLICT ("judgeId", "outputId", "criterionId") DO NOTHING
    RETURNING 1
  ), pairwise AS (
    INSERT INTO "PairwiseJudgeScore" (id, "judgeId", "criterionId", "itemId", "outputAId", "outputBId", "shownOrder", verdict, rationale, "rawText")
    SELECT i."scoreId", $3, i."criterionId", i."itemId", i."outputAId", i."outputBId", i."shownOrder"::"ShownOrder", i.verdict::"PairVerdict", i.rationale, i."rawText"
    FROM input i JOIN marked m ON m.id = i."callId" WHERE i.kind = 'pairwise'
    ON CONFLICT ("judgeId", "criterionId", "outputAId", "outputBId", "shownOrder") DO NOTHING
    RETURNING 1
  ), cache AS (
    INSERT INTO "JudgeResponseCache" (key, model, text, "inputTokens", "outputTokens")
    SELECT DISTINCT ON (x.key) x.key, x.model, x.text, x."inputTokens", x."outputTokens"
    FROM jsonb_to_recordset($4::jsonb) AS x(key text, model text, text text, "inputTokens" int, "outputTokens" int)
    ON CONFLICT (key) DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM marked)::int AS marked,
         ((SELECT count(*) FROM pointwise) + (SELECT count(*) FROM pairwise))::int AS scored`;

/** Stores finished calls of one run in one statement; returns how many turned done and how many scores were new. */
export async function writeOutcomes(client: pg.Pool | pg.ClientBase, runId: string, judgeId: string, outcomes: CallOutcome[]) {
  if (!outcomes.length) return { marked: 0, scored: 0 };
  const rows = outcomes.map((o) => ({
    callId: o.callId,
    scoreId: newId(),
    isError: o.isError,
    cached: o.cached,
    attempts: o.attempts,
    inputTokens: o.inputTokens,
    outputTokens: o.outputTokens,
    costUsd: o.costUsd,
    ...o.target,
    value: o.value ?? null,
    category: o.category ?? null,
    verdict: o.verdict ?? null,
    error: o.error ?? null,
    rationale: o.rationale,
    rawText: o.rawText,
  }));
  const cache = outcomes.flatMap((o) => (o.cacheEntry ? [o.cacheEntry] : []));
  const { rows: result } = await client.query<{ marked: number; scored: number }>(WRITE_SQL, [
    JSON.stringify(rows),
    runId,
    judgeId,
    JSON.stringify(cache),
  ]);
  return result[0]!;
}
