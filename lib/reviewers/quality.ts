import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { type BootstrapCi } from "@/lib/stats/bootstrap";
import { bootstrapPairedTable, percentAgreementFromCounts } from "@/lib/stats/paired-table";
import { loadAgreementCriteria } from "@/lib/agreement/criteria";
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
    leaveOneOutCounts(projectId),
  ]);

  const byReviewer = new Map<string, { own: string; others: string; count: number }[]>();
  for (const row of compared) {
    const rows = byReviewer.get(row.reviewerId);
    if (rows) rows.push(row);
    else byReviewer.set(row.reviewerId, [row]);
  }
  const labelsBy = new Map(labelRows.map((row) => [row.reviewerId, row]));

  const reviewers = members
    .filter((m) => labelsBy.has(m.user.id) || m.role === "REVIEWER")
    .map((m): ReviewerQuality => {
      const labels = labelsBy.get(m.user.id);
      const pairs = byReviewer.get(m.user.id) ?? [];
      const compared = pairs.reduce((sum, pair) => sum + pair.count, 0);
      const agreement =
        compared === 0
          ? statNull(0, "no unit shared with another reviewer")
          : compared < MIN_COMPARED
            ? statNull(compared, `not enough data: ${compared} shared judgments, at least ${MIN_COMPARED} needed`)
            : agreementWithOthers(pairs);
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

/**
 * Share of a reviewer's judgments equal to the others' consensus, with its 95 %
 * interval, from the (own, others) counts: a table over the codes seen, so half a
 * million judgments cost what their few distinct pairs cost (lib/stats resamples
 * the cells, which is resampling the judgments).
 */
function agreementWithOthers(pairs: readonly { own: string; others: string; count: number }[]) {
  const codes = [...new Set(pairs.flatMap((pair) => [pair.own, pair.others]))].sort();
  const index = new Map(codes.map((code, i) => [code, i]));
  const table = codes.map(() => codes.map(() => 0));
  for (const pair of pairs) table[index.get(pair.own)!]![index.get(pair.others)!]! += pair.count;
  return bootstrapPairedTable(table, { agreement: percentAgreementFromCounts }, BOOTSTRAP).agreement;
}

/** Per (reviewer, own code, the others' consensus): how many units (see leaveOneOutSql). */
export async function leaveOneOutCounts(projectId: string) {
  const criteria = await loadAgreementCriteria(projectId);
  return db.$queryRaw<{ reviewerId: string; own: string; others: string; count: number }[]>(
    leaveOneOutSql(projectId, criteria.map((c) => ({ key: c.key, kind: c.kind }))),
  );
}

/**
 * Each reviewer's own code against the consensus of the other reviewers of the
 * same unit — the database's consensus_of, the rule of "HumanJudgment", over
 * the codes without that reviewer's — counted per (reviewer, own, others).
 * Read from "HumanJudgment": the reviewer ids and codes of a unit are stored in
 * the same order, so a unit contributes one row per reviewer, grouped on
 * (reviewer, key, profile, position) — the profile fixes the codes — and the
 * leave-one-out consensus is worked out once per group, not once per unit.
 * Each key's kind (its newest version's) comes from loadAgreementCriteria, as on
 * the dashboards. Agreement here is exact agreement, a categorical figure: a
 * numeric consensus between scale points (3.5) is no level anyone could have
 * answered, so such units are left out (docs/METRICS.md, consensus rule).
 */
function leaveOneOutSql(projectId: string, criteria: { key: string; kind: string }[]) {
  return Prisma.sql`
  WITH kinds AS (
    SELECT * FROM unnest(${criteria.map((c) => c.key)}::text[], ${criteria.map((c) => c.kind)}::text[]) AS k(key, kind)
  ),
  seats AS (
    SELECT u.reviewer, h."criterionKey" AS key, h."profileId", u.seat, COUNT(*) AS units
    FROM "HumanJudgment" h CROSS JOIN LATERAL unnest(h."reviewerIds") WITH ORDINALITY AS u(reviewer, seat)
    WHERE h."projectId" = ${projectId} AND h.reviewers >= 2
    GROUP BY u.reviewer, h."criterionKey", h."profileId", u.seat
  ),
  loo AS (
    SELECT s.reviewer, s.units, k.kind, p.codes[s.seat] AS own,
      consensus_of(k.kind, p.codes[:s.seat - 1] || p.codes[s.seat + 1:]) AS others
    FROM seats s JOIN "JudgmentProfile" p ON p.id = s."profileId" JOIN kinds k ON k.key = s.key
  )
  SELECT reviewer AS "reviewerId", own, others, SUM(units)::int AS count
  FROM loo WHERE others IS NOT NULL AND (NOT criterion_kind_is_numeric(kind) OR others::float8 = trunc(others::float8))
  GROUP BY reviewer, own, others`;
}
