import { db } from "@/lib/db/client";
import type { JudgeRunStatus } from "@/lib/generated/prisma/client";

// Online judges queue one JudgeRun per batch of sampled traffic (a batch is
// the unit that commits with its samples: online-scoring.ts), so a busy rule
// makes hundreds of small runs a day. The judge-runs list shows them as one
// row per rule — how many batches and calls, how many still running or
// failed, the latest batch — and lists one rule's batches on request.

/** How far back the per-rule summary looks: the rules page keeps the day-by-day history. */
export const ONLINE_SUMMARY_DAYS = 7;

export type OnlineRuleRuns = {
  ruleId: string;
  /** Null when the rule was deleted since (its runs and scores stay). */
  ruleName: string | null;
  judge: { name: string; version: number | null; promptVersion: string };
  batches: number;
  calls: number;
  active: number;
  failed: number;
  latest: { id: string; status: JudgeRunStatus; total: number; createdAt: Date };
};

type SummaryRow = {
  ruleId: string;
  ruleName: string | null;
  judgeName: string;
  judgeVersion: number | null;
  promptVersion: string;
  batches: number;
  calls: number;
  active: number;
  failed: number;
  latestId: string;
  latestStatus: JudgeRunStatus;
  latestTotal: number;
  latestAt: Date;
};

/** One row per rule with online runs in the last ONLINE_SUMMARY_DAYS days, the most recently active first. */
export async function onlineRunsByRule(projectId: string, now = new Date()): Promise<OnlineRuleRuns[]> {
  const since = new Date(now.getTime() - ONLINE_SUMMARY_DAYS * 86_400_000);
  const rows = await db.$queryRaw<SummaryRow[]>`
    WITH online AS (
      SELECT r.id, r.scope->>'ruleId' AS rule_id, r."judgeId", r.status, r.total, r."createdAt"
      FROM "JudgeRun" r
      WHERE r."projectId" = ${projectId} AND r."createdAt" >= ${since.toISOString()}::timestamp AND r.scope->>'purpose' = 'online'
    ),
    totals AS (
      SELECT rule_id, count(*)::int AS batches, sum(total)::int AS calls,
        count(*) FILTER (WHERE status IN ('QUEUED', 'RUNNING'))::int AS active,
        count(*) FILTER (WHERE status = 'FAILED')::int AS failed
      FROM online GROUP BY rule_id
    ),
    latest AS (SELECT DISTINCT ON (rule_id) * FROM online ORDER BY rule_id, "createdAt" DESC, id DESC)
    SELECT l.rule_id AS "ruleId", er.name AS "ruleName", j.name AS "judgeName", j.version AS "judgeVersion", j."promptVersion",
      t.batches, t.calls, t.active, t.failed, l.id AS "latestId", l.status AS "latestStatus", l.total AS "latestTotal", l."createdAt" AS "latestAt"
    FROM latest l
    JOIN totals t ON t.rule_id IS NOT DISTINCT FROM l.rule_id
    JOIN "Judge" j ON j.id = l."judgeId"
    LEFT JOIN "EvaluationRule" er ON er.id = l.rule_id AND er."projectId" = ${projectId}
    ORDER BY l."createdAt" DESC`;
  return rows.map((row) => ({
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    judge: { name: row.judgeName, version: row.judgeVersion, promptVersion: row.promptVersion },
    batches: row.batches,
    calls: row.calls,
    active: row.active,
    failed: row.failed,
    latest: { id: row.latestId, status: row.latestStatus, total: row.latestTotal, createdAt: row.latestAt },
  }));
}

/** The rule's name for its batches page; null when it is not (or no longer) this project's. */
export async function onlineRuleName(projectId: string, ruleId: string): Promise<string | null> {
  const rule = await db.evaluationRule.findFirst({ where: { id: ruleId, projectId }, select: { name: true } });
  return rule?.name ?? null;
}
