import type pg from "pg";
import type { JudgeRunProgress, JudgeRunStatus } from "./contracts";

// A run's live figures, aggregated in SQL over its calls: done, errors,
// cached, tokens, cost (null when the connection has no prices) and the rate
// of the last 30 seconds while it runs (over its whole time once it stopped).

const RATE_WINDOW_S = 30;

type Row = {
  id: string;
  judgeId: string;
  status: JudgeRunStatus;
  total: number;
  failure: string | null;
  estimatedCostUsd: number | null;
  pricesKnown: boolean;
  done: number;
  errors: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  recent: number;
  elapsedS: number | null;
  windowS: number | null;
};

const PROGRESS_SQL = `
  SELECT r.id, r."judgeId", r.status::text AS status, r.total, r.failure, r."estimatedCostUsd",
    (c."inputPricePerMTok" IS NOT NULL AND c."outputPricePerMTok" IS NOT NULL) AS "pricesKnown",
    count(jc.id) FILTER (WHERE jc.done)::int AS done,
    count(jc.id) FILTER (WHERE jc."isError")::int AS errors,
    count(jc.id) FILTER (WHERE jc.cached)::int AS cached,
    coalesce(sum(jc."inputTokens"), 0)::float8 AS "inputTokens",
    coalesce(sum(jc."outputTokens"), 0)::float8 AS "outputTokens",
    coalesce(sum(jc."costUsd"), 0)::float8 AS "costUsd",
    count(jc.id) FILTER (WHERE jc."doneAt" > now() - make_interval(secs => $2))::int AS recent,
    extract(epoch FROM (coalesce(r."finishedAt", max(jc."doneAt")) - r."startedAt"))::float8 AS "elapsedS",
    least($2, extract(epoch FROM (now() - r."startedAt")))::float8 AS "windowS"
  FROM "JudgeRun" r
  JOIN "Judge" j ON j.id = r."judgeId"
  LEFT JOIN "LlmConnection" c ON c.id = j."connectionId"
  LEFT JOIN "JudgeCall" jc ON jc."runId" = r.id
  WHERE r.id = $1 AND r."projectId" = $3
  GROUP BY r.id, c.id`;

export async function readJudgeRunProgress(client: pg.Pool | pg.ClientBase, projectId: string, runId: string): Promise<JudgeRunProgress | null> {
  const { rows } = await client.query<Row>(PROGRESS_SQL, [runId, RATE_WINDOW_S, projectId]);
  const row = rows[0];
  if (!row) return null;
  const running = row.status === "RUNNING" || row.status === "QUEUED";
  const rate = running
    ? row.windowS && row.windowS > 0 ? row.recent / row.windowS : 0
    : row.elapsedS && row.elapsedS > 0 ? row.done / row.elapsedS : 0;
  return {
    id: row.id,
    judgeId: row.judgeId,
    status: row.status,
    total: row.total,
    done: row.done,
    errors: row.errors,
    cached: row.cached,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    costUsd: row.pricesKnown ? row.costUsd : null,
    estimatedCostUsd: row.estimatedCostUsd,
    callsPerSecond: rate,
    failure: row.failure,
  };
}
