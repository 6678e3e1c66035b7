import { criteriaCte } from "@/lib/agreement/sql";
import { db } from "@/lib/db/client";
import { percentAgreement } from "@/lib/stats/agreement";
import { bootstrapCi, type BootstrapCi } from "@/lib/stats/bootstrap";
import { median } from "@/lib/stats/descriptive";
import { statNull, type Stat } from "@/lib/stats/types";

// Reviewer quality: how many labels, how long they take, and how often each
// reviewer agrees with the consensus of the *other* reviewers on the same
// unit (leave-one-out, so a reviewer never agrees with themselves). The
// leave-one-out consensus is computed in SQL; agreement and its CI in lib/stats.

/** Fewer compared judgments than this: no agreement figure and no outlier flag. */
export const MIN_COMPARED = 10;
const BOOTSTRAP = { rounds: 1000, seed: 20_233 } as const;

export type ReviewerQuality = {
  id: string;
  name: string;
  email: string;
  role: string;
  labels: number;
  medianActiveMs: Stat;
  agreement: BootstrapCi | Stat;
  outlier: boolean;
  outlierReason?: string;
};

export async function loadReviewerQuality(projectId: string): Promise<{ reviewers: ReviewerQuality[]; teamMedian: Stat }> {
  const [members, labelRows, compared] = await Promise.all([
    db.membership.findMany({ where: { projectId }, select: { role: true, user: { select: { id: true, name: true, email: true } } } }),
    db.$queryRaw<{ reviewerId: string; activeMs: number[]; labels: number }[]>`
      SELECT l."reviewerId", ARRAY_AGG(l."activeMs") FILTER (WHERE l."activeMs" > 0) AS "activeMs", COUNT(*)::int AS labels
      FROM "Label" l JOIN "RubricVersion" rv ON rv.id = l."rubricVersionId" JOIN "Rubric" r ON r.id = rv."rubricId"
      WHERE r."projectId" = ${projectId} GROUP BY l."reviewerId"`,
    // Own code vs the others' consensus (strict majority; rounded median for ordinal kinds), counted.
    db.$queryRaw<{ reviewerId: string; own: string; others: string; count: number }[]>`
      WITH ${criteriaCte(projectId, {})},
      other_votes AS (
        SELECT me."reviewerId", me.key, me."targetKey", me.code AS own, o.code, COUNT(*) AS votes,
          MAX(COUNT(*)) OVER (PARTITION BY me."reviewerId", me.key, me."targetKey") AS top
        FROM human me JOIN human o ON o.key = me.key AND o."targetKey" = me."targetKey" AND o."reviewerId" <> me."reviewerId"
        WHERE me.kind NOT IN ('LIKERT', 'RANKING')
        GROUP BY me."reviewerId", me.key, me."targetKey", me.code, o.code
      ),
      loo AS (
        SELECT "reviewerId", own, MIN(code) AS others FROM other_votes WHERE votes = top
        GROUP BY "reviewerId", key, "targetKey", own HAVING COUNT(*) = 1
        UNION ALL
        SELECT me."reviewerId", me.code, ROUND(percentile_cont(0.5) WITHIN GROUP (ORDER BY o.value)::numeric)::float8::text
        FROM human me JOIN human o ON o.key = me.key AND o."targetKey" = me."targetKey" AND o."reviewerId" <> me."reviewerId"
        WHERE me.kind IN ('LIKERT', 'RANKING') AND o.value IS NOT NULL
        GROUP BY me."reviewerId", me.key, me."targetKey", me.code
      )
      SELECT "reviewerId", own, others, COUNT(*)::int AS count FROM loo GROUP BY 1, 2, 3`,
  ]);

  const byReviewer = new Map<string, { own: string; others: string }[]>();
  for (const row of compared) {
    const list = byReviewer.get(row.reviewerId) ?? [];
    for (let i = 0; i < row.count; i++) list.push({ own: row.own, others: row.others });
    byReviewer.set(row.reviewerId, list);
  }
  const labelsBy = new Map(labelRows.map((row) => [row.reviewerId, row]));
  const agreementOf = (pairs: { own: string; others: string }[]) => percentAgreement(pairs.map((p) => p.own), pairs.map((p) => p.others));

  const reviewers = members
    .filter((m) => labelsBy.has(m.user.id) || m.role === "REVIEWER")
    .map((m): ReviewerQuality => {
      const labels = labelsBy.get(m.user.id);
      const pairs = byReviewer.get(m.user.id) ?? [];
      const agreement =
        pairs.length === 0
          ? statNull(0, "no unit shared with another reviewer")
          : pairs.length < MIN_COMPARED
            ? statNull(pairs.length, `not enough data: ${pairs.length} shared judgments, at least ${MIN_COMPARED} needed`)
            : bootstrapCi(pairs, agreementOf, BOOTSTRAP);
      const active = labels?.activeMs ?? [];
      return {
        id: m.user.id,
        name: m.user.name,
        email: m.user.email,
        role: m.role,
        labels: labels?.labels ?? 0,
        medianActiveMs: active.length ? median(active) : statNull(0, "no timed labels (imports carry no active time)"),
        agreement,
        outlier: false,
      };
    })
    .sort((a, b) => b.labels - a.labels || a.name.localeCompare(b.name));

  // Outlier: the reviewer's whole 95 % interval lies below the team's median agreement.
  const points = reviewers.map((r) => r.agreement.value).filter((v): v is number => v !== null);
  const teamMedian = points.length >= 2 ? median(points) : statNull(points.length, "fewer than 2 reviewers with an agreement figure");
  if (teamMedian.value !== null) {
    for (const reviewer of reviewers) {
      const upper = "upper" in reviewer.agreement ? reviewer.agreement.upper : null;
      if (upper !== null && upper < teamMedian.value) {
        reviewer.outlier = true;
        reviewer.outlierReason = `95 % interval lies wholly below the team median of ${(teamMedian.value * 100).toFixed(0)} %`;
      }
    }
  }
  return { reviewers, teamMedian };
}
