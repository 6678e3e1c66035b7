import { MIN_BIAS_N, positionOf } from "@/lib/agreement/bias";
import { parseCode, type AgreementCriterion } from "@/lib/agreement/criteria";
import { BIAS_BOOTSTRAP, versionChangeFigures, type VersionChanges, type VersionUnit } from "@/lib/agreement/figures";
import { canonicalVerdictSql, critCte, judgedCte } from "@/lib/agreement/sql";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { pairedFigureChanges, type AgreementChange } from "@/lib/stats/agreement-change";
import { validPairPositionBias, type PositionPair } from "@/lib/stats/judge-bias";

// The workbench's "change from one version to another": the units (or pairs)
// both versions judged on the held-out items, read in SQL, and the change of
// each figure with a paired interval (lib/agreement versionChangeFigures for
// agreement with the experts; lib/stats validPairPositionBias for position
// consistency), docs/METRICS.md#version-change.

export type WorkbenchChanges = VersionChanges & {
  /** Pairwise judges: change in the share of valid pairs whose winner flips with the order, and in the first-position preference. */
  inconsistencyRate: AgreementChange | null;
  firstPositionPreference: AgreementChange | null;
};

/**
 * Units both versions scored on the held-out items whose consensus is a single
 * code, as (consensus, older code, newer code) with how many units share them.
 * A unit scored on several versions of the criterion counts once (its smallest code).
 */
async function versionUnits(projectId: string, criterion: AgreementCriterion, itemIds: string[], older: string, newer: string): Promise<VersionUnit[]> {
  const filter = { criterionKey: criterion.key, itemIds };
  const rows = await db.$queryRaw<{ human: string; older: string; newer: string; count: number }[]>(Prisma.sql`
    WITH ${critCte(projectId, filter)}, ${judgedCte(projectId, filter)},
    units AS (
      SELECT DISTINCT ON (jd."judgeId", jd."targetKey") jd."judgeId", jd."targetKey", jd.code, h.consensus[1] AS human
      FROM judged jd
      JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey"
      WHERE jd.code IS NOT NULL AND cardinality(h.consensus) = 1 AND jd."judgeId" IN (${older}, ${newer})
      ORDER BY jd."judgeId", jd."targetKey", jd.code
    )
    SELECT o.human, o.code AS older, n.code AS newer, count(*)::int AS count
    FROM units o JOIN units n ON n."targetKey" = o."targetKey" AND n."judgeId" = ${newer}
    WHERE o."judgeId" = ${older}
    GROUP BY o.human, o.code, n.code`);
  return rows.flatMap((row) => {
    const human = parseCode(criterion, row.human);
    const olderCode = parseCode(criterion, row.older);
    const newerCode = parseCode(criterion, row.newer);
    return human === null || olderCode === null || newerCode === null ? [] : [{ human, older: olderCode, newer: newerCode, count: row.count }];
  });
}

type OrderProfile = { olderAb: string; olderBa: string; newerAb: string; newerBa: string; pairs: number };

/**
 * Held-out pairs both versions judged in both orders without an error, as each
 * version's (verdict shown AB, verdict shown BA) in the pair's canonical terms,
 * with how many pairs share the profile.
 */
function positionProfiles(criterionKey: string, itemIds: string[], older: string, newer: string) {
  return db.$queryRaw<OrderProfile[]>(Prisma.sql`
    WITH verdicts AS (
      SELECT s."judgeId", s."criterionId", LEAST(s."outputAId" COLLATE "C", s."outputBId" COLLATE "C") AS lo, GREATEST(s."outputAId" COLLATE "C", s."outputBId" COLLATE "C") AS hi,
        ${canonicalVerdictSql("s")} AS v, (s."shownOrder" = 'AB') = (s."outputAId" COLLATE "C" < s."outputBId" COLLATE "C") AS "canonicalAb"
      FROM "PairwiseJudgeScore" s JOIN "Criterion" c ON c.id = s."criterionId" AND c.key = ${criterionKey}
      WHERE s."judgeId" IN (${older}, ${newer}) AND s."itemId" = ANY(${itemIds}::text[])
    ),
    pairs AS (
      SELECT "judgeId", "criterionId", lo, hi, MAX(v) FILTER (WHERE "canonicalAb") AS ab, MAX(v) FILTER (WHERE NOT "canonicalAb") AS ba
      FROM verdicts GROUP BY "judgeId", "criterionId", lo, hi
    )
    SELECT o.ab AS "olderAb", o.ba AS "olderBa", n.ab AS "newerAb", n.ba AS "newerBa", count(*)::int AS pairs
    FROM pairs o JOIN pairs n ON n."judgeId" = ${newer} AND n."criterionId" = o."criterionId" AND n.lo = o.lo AND n.hi = o.hi
    WHERE o."judgeId" = ${older} AND 'ERROR' <> ALL (ARRAY[o.ab, o.ba, n.ab, n.ba]) AND o.ab IS NOT NULL AND o.ba IS NOT NULL AND n.ab IS NOT NULL AND n.ba IS NOT NULL
    GROUP BY o.ab, o.ba, n.ab, n.ba
    ORDER BY o.ab, o.ba, n.ab, n.ba`);
}

/** Change in position inconsistency and first-position preference on the pairs both versions judged validly in both orders. */
function positionChanges(profiles: readonly OrderProfile[]) {
  const older = profiles.map((p) => ({ order1: positionOf(p.olderAb, "AB"), order2: positionOf(p.olderBa, "BA") }));
  const newer = profiles.map((p) => ({ order1: positionOf(p.newerAb, "AB"), order2: positionOf(p.newerBa, "BA") }));
  const withCounts = (pairs: PositionPair[], counts: number[]) => pairs.map((pair, i) => ({ ...pair, count: counts[i]! }));
  const bias = (counts: number[]) => [validPairPositionBias(withCounts(older, counts)), validPairPositionBias(withCounts(newer, counts))] as const;
  return pairedFigureChanges(
    profiles.map((p) => p.pairs),
    {
      inconsistencyRate: (counts) => {
        const [o, n] = bias(counts);
        return [o.inconsistencyRate, n.inconsistencyRate];
      },
      firstPositionPreference: (counts) => {
        const [o, n] = bias(counts);
        return [o.firstPositionPreference, n.firstPositionPreference];
      },
    },
    BIAS_BOOTSTRAP,
    MIN_BIAS_N,
  );
}

/** Every figure's change from `older` to `newer` on the held-out items (position figures for pairwise judges only). */
export async function loadVersionChanges(projectId: string, mode: "POINTWISE" | "PAIRWISE", criterion: AgreementCriterion, itemIds: string[], older: string, newer: string): Promise<WorkbenchChanges> {
  const [units, profiles] = await Promise.all([
    versionUnits(projectId, criterion, itemIds, older, newer),
    mode === "PAIRWISE" ? positionProfiles(criterion.key, itemIds, older, newer) : Promise.resolve(null),
  ]);
  const position = profiles ? positionChanges(profiles) : null;
  return { ...versionChangeFigures(criterion, units), inconsistencyRate: position?.inconsistencyRate ?? null, firstPositionPreference: position?.firstPositionPreference ?? null };
}
