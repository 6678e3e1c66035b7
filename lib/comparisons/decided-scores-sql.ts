import { Prisma } from "@/lib/generated/prisma/client";
import type { CriterionGroup } from "./criteria";

// One SQL fragment that decides, for every output of the given runs and every
// criterion group, the score that counts and where it came from:
//   1. a lead's adjudicated ground truth,
//   2. else the reviewers' consensus (likert median, binary and factuality
//      majority; a tied vote is no consensus),
//   3. else the chosen pointwise judge.
// It ends in a CTE `decided(oid, run_id, item_id, position, turn, g, kind,
// value, category, source, pass)` holding only decided rows; callers append
// their own aggregation. Comparison, factuality and dataset health all read it, so
// "who decided" means the same on every page.

export function decidedScoresCtes(opts: { groups: CriterionGroup[]; runIds: string[]; judgeId: string | null; tag?: string | null }): Prisma.Sql {
  const { groups, runIds } = opts;
  const crit = groups.flatMap((group) => group.criterionIds.map((id) => ({ id, g: group.index })));
  // Judge scores and ground truth are unique per (output, criterion id); only a
  // criterion present in several rubric versions can give two rows per group,
  // and only then is the (sorting, slower) newest-row pick needed.
  const severalVersions = groups.some((group) => group.criterionIds.length > 1);
  const distinctOn = (columns: string) => (severalVersions ? Prisma.raw(`DISTINCT ON (${columns})`) : Prisma.empty);
  const newestFirst = (columns: string, time: string) => (severalVersions ? Prisma.raw(`ORDER BY ${columns}, ${time} DESC`) : Prisma.empty);
  return Prisma.sql`
WITH grp AS (
  SELECT * FROM unnest(${groups.map((g) => g.index)}::int[], ${groups.map((g) => g.kind)}::text[], ${groups.map((g) => g.threshold ?? 0)}::float8[]) AS t(g, kind, threshold)
),
crit AS (
  SELECT * FROM unnest(${crit.map((c) => c.id)}::text[], ${crit.map((c) => c.g)}::int[]) AS t(id, g)
),
outs AS (
  SELECT o.id, o."runId", o."itemId", o.turn, i.position
  FROM "Output" o JOIN "DatasetItem" i ON i.id = o."itemId"
  WHERE o."runId" = ANY(${runIds}::text[]) AND (${opts.tag ?? null}::text IS NULL OR ${opts.tag ?? null}::text = ANY(i.tags))
),
adj AS (
  SELECT ${distinctOn('gt."outputId", c.g')} gt."outputId" AS oid, c.g, gt.value, lower(gt.category) AS category
  FROM "GroundTruth" gt JOIN crit c ON c.id = gt."criterionId" JOIN outs o ON o.id = gt."outputId"
  WHERE gt.status = 'ADJUDICATED'
  ${newestFirst('gt."outputId", c.g', 'gt."updatedAt"')}
),
lv AS (
  SELECT v."outputId" AS oid, c.g, v.value, lower(v.category) AS category
  FROM "LabelValue" v JOIN crit c ON c.id = v."criterionId" JOIN outs o ON o.id = v."outputId"
),
hnum AS (
  SELECT oid, g, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS med, avg(value) AS mean
  FROM lv WHERE value IS NOT NULL GROUP BY oid, g
),
hcatn AS (
  SELECT oid, g, category, count(*) AS n FROM lv WHERE category IS NOT NULL GROUP BY oid, g, category
),
hcat AS (
  SELECT oid, g, (array_agg(category ORDER BY n DESC))[1] AS top, (array_agg(n ORDER BY n DESC))[1] AS n1, (array_agg(n ORDER BY n DESC))[2] AS n2
  FROM hcatn GROUP BY oid, g
),
js AS (
  ${severalVersions
    ? Prisma.sql`SELECT DISTINCT ON (s."outputId", c.g) s."outputId" AS oid, c.g, s.value, lower(s.category) AS category
      FROM "JudgeScore" s JOIN crit c ON c.id = s."criterionId" JOIN outs o ON o.id = s."outputId"
      WHERE s."judgeId" = ${opts.judgeId}::text
      ORDER BY s."outputId", c.g, s."createdAt" DESC`
    : // One criterion id per group: scores are unique per (judge, output, criterion), and the
      // join with the runs' outputs happens once, in candidates.
      Prisma.sql`SELECT s."outputId" AS oid, c.g, s.value, lower(s.category) AS category
      FROM "JudgeScore" s JOIN crit c ON c.id = s."criterionId"
      WHERE s."judgeId" = ${opts.judgeId}::text`}
),
candidates AS (
  SELECT o.id AS oid, o."runId" AS run_id, o."itemId" AS item_id, o.position, o.turn, grp.g, grp.kind, grp.threshold,
    adj.value AS av, adj.category AS ac, adj.oid IS NOT NULL AS has_adj,
    CASE grp.kind WHEN 'LIKERT' THEN hnum.med
                  WHEN 'BINARY' THEN CASE WHEN hnum.mean > 0.5 THEN 1 WHEN hnum.mean < 0.5 THEN 0 END END AS hv,
    CASE WHEN grp.kind = 'FACTUALITY' AND (hcat.n2 IS NULL OR hcat.n2 < hcat.n1) THEN hcat.top END AS hc,
    js.value AS jv, js.category AS jc
  FROM outs o CROSS JOIN grp
  LEFT JOIN adj ON adj.oid = o.id AND adj.g = grp.g
  LEFT JOIN hnum ON hnum.oid = o.id AND hnum.g = grp.g
  LEFT JOIN hcat ON hcat.oid = o.id AND hcat.g = grp.g
  LEFT JOIN js ON js.oid = o.id AND js.g = grp.g
),
sourced AS (
  SELECT oid, run_id, item_id, position, turn, g, kind, threshold,
    CASE WHEN has_adj AND (CASE WHEN kind = 'FACTUALITY' THEN ac IS NOT NULL ELSE av IS NOT NULL END) THEN 'adjudicated'
         WHEN (CASE WHEN kind = 'FACTUALITY' THEN hc IS NOT NULL ELSE hv IS NOT NULL END) THEN 'human'
         WHEN (CASE WHEN kind = 'FACTUALITY' THEN jc IS NOT NULL ELSE jv IS NOT NULL END) THEN 'judge' END AS source,
    av, ac, hv, hc, jv, jc
  FROM candidates
),
valued AS (
  SELECT oid, run_id, item_id, position, turn, g, kind, threshold, source,
    CASE source WHEN 'adjudicated' THEN av WHEN 'human' THEN hv ELSE jv END AS value,
    CASE source WHEN 'adjudicated' THEN ac WHEN 'human' THEN hc ELSE jc END AS category
  FROM sourced WHERE source IS NOT NULL
),
decided AS (
  SELECT oid, run_id, item_id, position, turn, g, kind, value, category, source,
    CASE kind WHEN 'LIKERT' THEN value >= threshold
              WHEN 'BINARY' THEN value = 1
              ELSE category = 'correct' END AS pass
  FROM valued
)`;
}
