import { db } from "@/lib/db/client";

// Test-only reference: the rollups recomputed from the raw rows, to check that
// the triggers keep "MonitorRollup" and "TrafficVolume" exact.

type Row = { key: string; n: number };

export async function rollupFromTriggers(projectId: string): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT concat_ws('|', m."ruleId", m.hour, m.segment, m.failed, m.value, m.category, m.human) AS key, m.n
    FROM "MonitorRollup" m JOIN "EvaluationRule" r ON r.id = m."ruleId" WHERE r."projectId" = ${projectId} AND m.n <> 0 ORDER BY 1`;
}

export async function rollupFromRows(projectId: string): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT concat_ws('|', s."ruleId", date_trunc('hour', s."occurredAt"), s.segment, js.error IS NOT NULL, js.value, lower(js.category), h.consensus[1]) AS key, count(*)::int AS n
    FROM "TrafficSample" s
    JOIN "EvaluationRule" r ON r.id = s."ruleId"
    JOIN "JudgeScore" js ON js."outputId" = s."outputId" AND js."judgeId" = r."judgeId"
    JOIN "Criterion" c ON c.id = js."criterionId"
    LEFT JOIN "HumanJudgment" h ON h."projectId" = r."projectId" AND h."criterionKey" = c.key AND h."targetKey" = s."outputId"
    WHERE s."projectId" = ${projectId}
    GROUP BY 1 ORDER BY 1`;
}

export async function volumeFromTriggers(projectId: string): Promise<Row[]> {
  return db.$queryRaw<Row[]>`SELECT concat_ws('|', hour, segment) AS key, n FROM "TrafficVolume" WHERE "projectId" = ${projectId} AND n <> 0 ORDER BY 1`;
}

export async function volumeFromRows(projectId: string): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT concat_ws('|', date_trunc('hour', "occurredAt"), segment) AS key, count(*)::int AS n FROM "TrafficEvent" WHERE "projectId" = ${projectId} GROUP BY 1 ORDER BY 1`;
}
