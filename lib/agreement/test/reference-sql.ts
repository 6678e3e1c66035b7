import { Prisma } from "@/lib/generated/prisma/client";
import { critCte, type AgreementFilter } from "../sql";

// Test-only reference SQL: the consensus recomputed from the label tables.

/**
 * `crit` and `human` (each reviewer's newest code per key and target) computed
 * from the label tables, for tests only: every screen reads the consensus
 * pre-aggregated in "HumanJudgment"; this from-scratch form (with consensusCtes)
 * is the reference that aggregate is tested against.
 */
export function criteriaCte(projectId: string, filter: AgreementFilter) {
  return Prisma.sql`${critCte(projectId, filter)},
  -- One judgment per reviewer, criterion key and target: the newest label wins
  -- when a reviewer labelled the same target under several rubric versions.
  human AS (
    SELECT DISTINCT ON (cr.key, lv."targetKey", l."reviewerId")
      cr.key, cr.kind, lv."targetKey", l."reviewerId", COALESCE(lv.category, lv.value::text) AS code, lv.value
    FROM "LabelValue" lv
    JOIN "Label" l ON l.id = lv."labelId"
    JOIN crit cr ON cr.id = lv."criterionId"
    WHERE lv.category IS NOT NULL OR lv.value IS NOT NULL
    ORDER BY cr.key, lv."targetKey", l."reviewerId", l."updatedAt" DESC
  )`;
}

/**
 * Human consensus per (criterion key, target), written out set-based and apart
 * from the database's consensus_of: the unique most frequent code for
 * categorical kinds (no consensus on a tie), the median for numeric kinds (the
 * mean of the two middle values for an even count, never rounded); replaced by
 * the lead's ground truth (AGREED / ADJUDICATED), and dropped when the ground
 * truth is CONTESTED. docs/METRICS.md states the same rule.
 */
export function consensusCtes(projectId: string) {
  return Prisma.sql`
  nominal_votes AS (
    SELECT key, "targetKey", code, COUNT(*) AS votes,
      MAX(COUNT(*)) OVER (PARTITION BY key, "targetKey") AS top
    FROM human WHERE NOT criterion_kind_is_numeric(kind)
    GROUP BY key, "targetKey", code
  ),
  human_consensus AS (
    SELECT key, "targetKey", MIN(code) AS code FROM nominal_votes WHERE votes = top
    GROUP BY key, "targetKey" HAVING COUNT(*) = 1
    UNION ALL
    SELECT key, "targetKey", (percentile_cont(0.5) WITHIN GROUP (ORDER BY value))::text AS code
    FROM human WHERE criterion_kind_is_numeric(kind) AND value IS NOT NULL
    GROUP BY key, "targetKey"
  ),
  truth AS (
    SELECT DISTINCT ON (cr.key, g."targetKey") cr.key, g."targetKey", g.status::text AS status,
      COALESCE(g.category, g.value::text) AS code
    FROM "GroundTruth" g JOIN crit cr ON cr.id = g."criterionId"
    WHERE g."projectId" = ${projectId}
    ORDER BY cr.key, g."targetKey", g."updatedAt" DESC
  ),
  consensus AS (
    SELECT COALESCE(t.key, h.key) AS key, COALESCE(t."targetKey", h."targetKey") AS "targetKey",
      CASE WHEN t.status = 'CONTESTED' THEN NULL ELSE COALESCE(t.code, h.code) END AS code
    FROM human_consensus h FULL JOIN truth t ON t.key = h.key AND t."targetKey" = h."targetKey"
  )`;
}

