import { Prisma } from "@/lib/generated/prisma/client";

// Win rates through PPI: a unit is an item (and turn) both runs answered; its
// value is the run's result against the other run on a PREFERENCE criterion,
// win 1, tie ½, loss 0 ("both bad" is a tie, as on the leaderboard). y is the
// experts' consensus on the pair (HumanJudgment on the canonical "min:max"
// output ids, A = the smaller id); ŷ is the pairwise judge's verdict, the mean
// over the orders it was shown in (failed calls left out), so a judge that
// flips with the order scores ½ — or, for a judge version with swapAverage,
// the swap-averaged verdict (lib/agreement/sql.ts SWAP_AVERAGED_VERDICT: both
// orders agree, else a tie; a failed order drops the pair). Same result shape
// as estimateUnitsSql.

export function pairwiseUnitsSql(opts: { projectId: string; key: string; criterionIds: string[]; judgeId: string; runId: string; againstId: string; tag: string | null }): Prisma.Sql {
  const tagFilter = opts.tag ? Prisma.sql`JOIN "DatasetItem" i ON i.id = r."itemId" AND i.tags @> ARRAY[${opts.tag}::text]` : Prisma.empty;
  return Prisma.sql`
WITH pairs AS (
  SELECT r.id AS mine, s.id AS theirs, r.id < s.id AS mine_is_a, LEAST(r.id, s.id) || ':' || GREATEST(r.id, s.id) AS target
  FROM "Output" r
  JOIN "Output" s ON s."runId" = ${opts.againstId} AND s."itemId" = r."itemId" AND s.turn = r.turn
  ${tagFilter}
  WHERE r."runId" = ${opts.runId}
),
scored AS (
  SELECT p.target, CASE WHEN v.verdict = 'ERROR' THEN NULL WHEN v.verdict IN ('TIE', 'BOTH_BAD') THEN 0.5 WHEN (v.verdict = 'A') = (v."outputAId" = p.mine) THEN 1 ELSE 0 END::float8 AS score
  FROM pairs p
  JOIN "PairwiseJudgeScore" v ON v."judgeId" = ${opts.judgeId} AND v."criterionId" = ANY(${opts.criterionIds}::text[])
    AND (v."outputAId", v."outputBId") IN ((p.mine, p.theirs), (p.theirs, p.mine))
),
judged AS (
  SELECT target, CASE WHEN (SELECT "swapAverage" FROM "Judge" WHERE id = ${opts.judgeId})
      THEN CASE WHEN bool_or(score IS NULL) THEN NULL WHEN min(score) = max(score) THEN min(score) ELSE 0.5 END
      ELSE avg(score) END AS yhat
  FROM scored GROUP BY target
  HAVING count(score) > 0
),
units AS (
  SELECT j.yhat, CASE upper(h.consensus[1]) WHEN 'TIE' THEN 0.5 WHEN 'BOTH_BAD' THEN 0.5 WHEN 'A' THEN p.mine_is_a::int WHEN 'B' THEN (NOT p.mine_is_a)::int END::float8 AS y
  FROM pairs p JOIN judged j ON j.target = p.target AND j.yhat IS NOT NULL
  LEFT JOIN "HumanJudgment" h ON h."projectId" = ${opts.projectId} AND h."criterionKey" = ${opts.key} AND h."targetKey" = p.target AND cardinality(h.consensus) > 0
)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('run', ${opts.runId}::text, 'g', 0, 'y', y, 'yhat', yhat, 'w', 1, 'tags', '{}'::text[])), '[]') FROM units WHERE y IS NOT NULL) AS labelled,
  (SELECT COALESCE(json_agg(json_build_object('run', ${opts.runId}::text, 'g', 0, 'tags', '{}'::text[], 'yhat', yhat, 'n', n)), '[]') FROM (
    SELECT yhat, count(*)::int AS n FROM units WHERE y IS NULL GROUP BY yhat
  ) counts) AS "judgeOnly"`;
}
