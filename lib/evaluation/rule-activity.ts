import { db } from "@/lib/db/client";
import { utcDay } from "./cost-cap";

// What each rule did per UTC day: samples drawn, still pending, scored (of
// which ERROR scores), skipped by the cost cap, and what the judge spent.
// Counts go by the sampled answer's day (occurredAt, through the samples'
// (ruleId, occurredAt) index); spend by the day its batch was sent, which is
// the cap's day. For live traffic the two are the same day.

export type RuleDay = {
  ruleId: string;
  day: string; // YYYY-MM-DD (UTC)
  sampled: number;
  pending: number;
  scored: number;
  errors: number;
  skippedCap: number;
  // Null when some call's cost is unknown (a connection without prices).
  costUsd: number | null;
};

type CountRow = { ruleId: string; day: string; sampled: number; pending: number; scored: number; errors: number; skippedCap: number };
type CostRow = { ruleId: string; day: string; costUsd: number | null; unknown: boolean };

/** Per rule and day, the last `days` UTC days up to `now`'s, newest first; days without activity are left out. */
export async function ruleActivity(projectId: string, ruleIds: string[], options: { days?: number; now?: Date } = {}): Promise<RuleDay[]> {
  if (!ruleIds.length) return [];
  const from = new Date(utcDay(options.now ?? new Date()).start.getTime() - ((options.days ?? 14) - 1) * 86_400_000);
  const counts = await db.$queryRaw<CountRow[]>`
    SELECT s."ruleId", to_char(s."occurredAt", 'YYYY-MM-DD') AS day,
      count(*)::int AS sampled,
      count(*) FILTER (WHERE s.status = 'PENDING')::int AS pending,
      count(*) FILTER (WHERE s.status = 'SCORED')::int AS scored,
      count(*) FILTER (WHERE s.status = 'SCORED' AND j.error IS NOT NULL)::int AS errors,
      count(*) FILTER (WHERE s.status = 'SKIPPED_CAP')::int AS "skippedCap"
    FROM "TrafficSample" s
    JOIN "EvaluationRule" r ON r.id = s."ruleId"
    LEFT JOIN "JudgeScore" j ON j."judgeId" = r."judgeId" AND j."outputId" = s."outputId"
    WHERE s."ruleId" = ANY(${ruleIds}::text[]) AND s."projectId" = ${projectId} AND s."occurredAt" >= ${from.toISOString()}::timestamp
    GROUP BY 1, 2`;
  const costs = await db.$queryRaw<CostRow[]>`
    SELECT r.scope->>'ruleId' AS "ruleId", to_char(r."createdAt", 'YYYY-MM-DD') AS day,
      sum(c."costUsd")::float8 AS "costUsd", bool_or(c.done AND NOT c.cached AND NOT c."isError" AND c."costUsd" IS NULL) AS unknown
    FROM "JudgeRun" r JOIN "JudgeCall" c ON c."runId" = r.id
    WHERE r."projectId" = ${projectId} AND r."createdAt" >= ${from.toISOString()}::timestamp AND r.scope->>'purpose' = 'online' AND r.scope->>'ruleId' = ANY(${ruleIds}::text[])
    GROUP BY 1, 2`;
  const byKey = new Map<string, RuleDay>();
  const entry = (ruleId: string, day: string) => {
    const key = `${ruleId} ${day}`;
    if (!byKey.has(key)) byKey.set(key, { ruleId, day, sampled: 0, pending: 0, scored: 0, errors: 0, skippedCap: 0, costUsd: 0 });
    return byKey.get(key)!;
  };
  for (const row of counts) Object.assign(entry(row.ruleId, row.day), { ...row });
  for (const row of costs) entry(row.ruleId, row.day).costUsd = row.unknown ? null : (row.costUsd ?? 0);
  return [...byKey.values()].sort((a, b) => (a.day === b.day ? a.ruleId.localeCompare(b.ruleId) : b.day.localeCompare(a.day)));
}
