import { Prisma } from "@/lib/generated/prisma/client";
import type { CriterionGroup } from "./criteria";

// One SQL fragment that decides, for every output of the given runs and every
// criterion group, the score that counts and where it came from:
//   1. a lead's adjudicated ground truth,
//   2. else the reviewers' consensus (likert median, binary and factuality
//      majority; a tied vote is no consensus),
//   3. else the chosen pointwise judge.
// It ends in a CTE `decided(oid, run_id, item_id, turn, g, kind,
// value, category, source, pass)` holding only decided rows; callers append
// their own aggregation. Comparison, factuality and dataset health all read it, so
// "who decided" means the same on every page.
//
// Cost shape (100k items × 2 runs × 2 groups = 400k output-group rows): every
// evidence CTE keeps only *present* evidence (a value for likert and binary, a
// category for factuality), so the per-row decision is a chain of cheap
// IS NOT NULL tests instead of nested CASEs on the kind, which PostgreSQL
// would re-evaluate for every expression that mentions the source. Evidence is
// scoped to the runs by an index lookup on Output, not by scanning the
// in-scope outputs, which only the final join reads; items are read only to
// filter by tag.

type DecideOptions = { groups: CriterionGroup[]; runIds: string[]; judgeId: string | null; tag?: string | null };

/** Evidence "present" for a group of this kind: factuality is decided by a category, the others by a value. */
const present = (kind: string, value: string, category: string) => `(CASE WHEN ${kind} = 'FACTUALITY' THEN ${category} IS NOT NULL ELSE ${value} IS NOT NULL END)`;

export function decidedScoresCtes(opts: DecideOptions): Prisma.Sql {
  const { groups } = opts;
  const crit = groups.flatMap((group) => group.criterionIds.map((id) => ({ id, g: group.index, kind: group.kind })));
  // Judge scores and ground truth are unique per (output, criterion id); only a
  // criterion present in several rubric versions can give two rows per group,
  // and only then is the (sorting, slower) newest-row pick needed.
  const severalVersions = groups.some((group) => group.criterionIds.length > 1);
  const distinctOn = (columns: string) => (severalVersions ? Prisma.raw(`DISTINCT ON (${columns})`) : Prisma.empty);
  const newestFirst = (columns: string, time: string) => (severalVersions ? Prisma.raw(`ORDER BY ${columns}, ${time} DESC`) : Prisma.empty);
  // Evidence rows of outputs outside the runs are skipped by a primary-key lookup of their output.
  const inRuns = (column: string) => Prisma.sql`JOIN "Output" ro ON ro.id = ${Prisma.raw(column)} AND ro."runId" = ANY(${opts.runIds}::text[])`;
  return Prisma.sql`
WITH grp AS (
  SELECT * FROM unnest(${groups.map((g) => g.index)}::int[], ${groups.map((g) => g.kind)}::text[], ${groups.map((g) => g.threshold ?? 0)}::float8[]) AS t(g, kind, threshold)
),
crit AS (
  SELECT * FROM unnest(${crit.map((c) => c.id)}::text[], ${crit.map((c) => c.g)}::int[], ${crit.map((c) => c.kind)}::text[]) AS t(id, g, kind)
),
outs AS (
  SELECT o.id, o."runId", o."itemId", o.turn FROM "Output" o
  WHERE o."runId" = ANY(${opts.runIds}::text[])
    ${opts.tag ? Prisma.sql`AND EXISTS (SELECT 1 FROM "DatasetItem" i WHERE i.id = o."itemId" AND ${opts.tag}::text = ANY(i.tags))` : Prisma.empty}
),
adj AS (
  SELECT * FROM (
    SELECT ${distinctOn('gt."outputId", c.g')} gt."outputId" AS oid, c.g, c.kind, gt.value, lower(gt.category) AS category
    FROM "GroundTruth" gt JOIN crit c ON c.id = gt."criterionId" ${inRuns('gt."outputId"')}
    WHERE gt.status = 'ADJUDICATED'
    ${newestFirst('gt."outputId", c.g', 'gt."updatedAt"')}
  ) newest WHERE ${Prisma.raw(present("kind", "value", "category"))}
),
lv AS (
  SELECT v."outputId" AS oid, c.g, c.kind, v.value, lower(v.category) AS category
  FROM "LabelValue" v JOIN crit c ON c.id = v."criterionId" ${inRuns('v."outputId"')}
),
hnum AS (
  SELECT oid, g,
    CASE min(kind) WHEN 'LIKERT' THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY value)
      WHEN 'BINARY' THEN CASE WHEN avg(value) > 0.5 THEN 1 WHEN avg(value) < 0.5 THEN 0 END END AS value
  FROM lv WHERE value IS NOT NULL AND kind <> 'FACTUALITY' GROUP BY oid, g
),
hcatn AS (
  SELECT oid, g, category, count(*) AS n FROM lv WHERE category IS NOT NULL AND kind = 'FACTUALITY' GROUP BY oid, g, category
),
hcat AS (
  SELECT oid, g, top AS category FROM (
    SELECT oid, g, (array_agg(category ORDER BY n DESC))[1] AS top, (array_agg(n ORDER BY n DESC))[1] AS n1, (array_agg(n ORDER BY n DESC))[2] AS n2
    FROM hcatn GROUP BY oid, g
  ) votes WHERE n2 IS NULL OR n2 < n1
),
-- The people's word where there is one: adjudicated truth first, else the
-- reviewer consensus (a value for likert and binary, a category for
-- factuality). Small (labelled outputs only), so it is the hashed side.
manual AS (
  SELECT DISTINCT ON (oid, g) oid, g, source, value, category FROM (
    SELECT oid, g, 'adjudicated' AS source, value, category, 0 AS rank FROM adj
    UNION ALL
    SELECT oid, g, 'human', value, NULL::text, 1 FROM hnum WHERE value IS NOT NULL
    UNION ALL
    SELECT oid, g, 'human', NULL::float8, category, 1 FROM hcat
  ) evidence ORDER BY oid, g, rank
),
js AS (
  ${severalVersions
    ? Prisma.sql`SELECT * FROM (
      SELECT DISTINCT ON (s."outputId", c.g) s."outputId" AS oid, c.g, c.kind, s.value, lower(s.category) AS category
      FROM "JudgeScore" s JOIN crit c ON c.id = s."criterionId" ${inRuns('s."outputId"')}
      WHERE s."judgeId" = ${opts.judgeId}::text
      ORDER BY s."outputId", c.g, s."createdAt" DESC
    ) newest WHERE ${Prisma.raw(present("kind", "value", "category"))}`
    : // One criterion id per group: scores are unique per (judge, output, criterion), and the
      // join with the runs' outputs happens once, where the outputs meet the evidence.
      Prisma.sql`SELECT s."outputId" AS oid, c.g, s.value, lower(s.category) AS category
      FROM "JudgeScore" s JOIN crit c ON c.id = s."criterionId"
      WHERE s."judgeId" = ${opts.judgeId}::text AND ${Prisma.raw(present("c.kind", "s.value", "s.category"))}`}
),
sourced AS (
  SELECT o.id AS oid, o."runId" AS run_id, o."itemId" AS item_id, o.turn, grp.g, grp.kind, grp.threshold,
    COALESCE(m.source, 'judge') AS source,
    CASE WHEN m.oid IS NOT NULL THEN m.value ELSE js.value END AS value,
    CASE WHEN m.oid IS NOT NULL THEN m.category ELSE js.category END AS category
  FROM outs o CROSS JOIN grp
  LEFT JOIN js ON js.oid = o.id AND js.g = grp.g
  LEFT JOIN manual m ON m.oid = o.id AND m.g = grp.g
  WHERE m.oid IS NOT NULL OR js.oid IS NOT NULL
),
decided AS (
  SELECT oid, run_id, item_id, turn, g, kind, value, category, source,
    CASE kind WHEN 'LIKERT' THEN value >= threshold WHEN 'BINARY' THEN value = 1 ELSE category = 'correct' END AS pass
  FROM sourced
)`;
}
