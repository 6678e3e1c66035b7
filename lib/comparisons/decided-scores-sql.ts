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

// The decision itself, shared by decidedScoresCtes and pairedScoresCtes so that
// both read "who decided" identically. `kind` is the group's kind; the other
// arguments name the columns of the adjudication, human and judge rows.
const humanValue = (kind: string, hnum: string) =>
  `CASE ${kind} WHEN 'LIKERT' THEN ${hnum}.med WHEN 'BINARY' THEN CASE WHEN ${hnum}.mean > 0.5 THEN 1 WHEN ${hnum}.mean < 0.5 THEN 0 END END`;
const humanCategory = (kind: string, hcat: string) => `CASE WHEN ${kind} = 'FACTUALITY' AND (${hcat}.n2 IS NULL OR ${hcat}.n2 < ${hcat}.n1) THEN ${hcat}.top END`;
const present = (kind: string, value: string, category: string) => `(CASE WHEN ${kind} = 'FACTUALITY' THEN ${category} IS NOT NULL ELSE ${value} IS NOT NULL END)`;
function sourceOf(kind: string, c: { hasAdj: string; av: string; ac: string; hv: string; hc: string; jv: string; jc: string }) {
  return `CASE WHEN ${c.hasAdj} AND ${present(kind, c.av, c.ac)} THEN 'adjudicated'
         WHEN ${present(kind, c.hv, c.hc)} THEN 'human'
         WHEN ${present(kind, c.jv, c.jc)} THEN 'judge' END`;
}
const pick = (source: string, adjudicated: string, human: string, judge: string) => `CASE ${source} WHEN 'adjudicated' THEN ${adjudicated} WHEN 'human' THEN ${human} ELSE ${judge} END`;
const passOf = (kind: string, threshold: string, value: string, category: string) =>
  `CASE ${kind} WHEN 'LIKERT' THEN ${value} >= ${threshold} WHEN 'BINARY' THEN ${value} = 1 ELSE ${category} = 'correct' END`;

type DecideOptions = { groups: CriterionGroup[]; runIds: string[]; judgeId: string | null; tag?: string | null };

/**
 * grp, crit, then the evidence per (output, group): adj (adjudicated truth),
 * hnum / hcat (reviewer median, mean and category votes) and js (judge score).
 * `scope(column)` joins an output id column to the outputs in scope.
 */
function evidenceCtes(opts: DecideOptions, first: Prisma.Sql, scope: (column: string) => Prisma.Sql): Prisma.Sql {
  const { groups } = opts;
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
${first}
adj AS (
  SELECT ${distinctOn('gt."outputId", c.g')} gt."outputId" AS oid, c.g, gt.value, lower(gt.category) AS category
  FROM "GroundTruth" gt JOIN crit c ON c.id = gt."criterionId" ${scope('gt."outputId"')}
  WHERE gt.status = 'ADJUDICATED'
  ${newestFirst('gt."outputId", c.g', 'gt."updatedAt"')}
),
lv AS (
  SELECT v."outputId" AS oid, c.g, v.value, lower(v.category) AS category
  FROM "LabelValue" v JOIN crit c ON c.id = v."criterionId" ${scope('v."outputId"')}
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
      FROM "JudgeScore" s JOIN crit c ON c.id = s."criterionId" ${scope('s."outputId"')}
      WHERE s."judgeId" = ${opts.judgeId}::text
      ORDER BY s."outputId", c.g, s."createdAt" DESC`
    : // One criterion id per group: scores are unique per (judge, output, criterion), and the
      // join with the runs' outputs happens once, where the outputs meet the evidence.
      Prisma.sql`SELECT s."outputId" AS oid, c.g, s.value, lower(s.category) AS category
      FROM "JudgeScore" s JOIN crit c ON c.id = s."criterionId"
      WHERE s."judgeId" = ${opts.judgeId}::text`}
),`;
}

export function decidedScoresCtes(opts: DecideOptions): Prisma.Sql {
  const outs = Prisma.sql`outs AS (
  SELECT o.id, o."runId", o."itemId", o.turn, i.position
  FROM "Output" o JOIN "DatasetItem" i ON i.id = o."itemId"
  WHERE o."runId" = ANY(${opts.runIds}::text[]) AND (${opts.tag ?? null}::text IS NULL OR ${opts.tag ?? null}::text = ANY(i.tags))
),`;
  return Prisma.sql`${evidenceCtes(opts, outs, (column) => Prisma.sql`JOIN outs o ON o.id = ${Prisma.raw(column)}`)}
candidates AS (
  SELECT o.id AS oid, o."runId" AS run_id, o."itemId" AS item_id, o.position, o.turn, grp.g, grp.kind, grp.threshold,
    adj.value AS av, adj.category AS ac, adj.oid IS NOT NULL AS has_adj,
    ${Prisma.raw(humanValue("grp.kind", "hnum"))} AS hv,
    ${Prisma.raw(humanCategory("grp.kind", "hcat"))} AS hc,
    js.value AS jv, js.category AS jc
  FROM outs o CROSS JOIN grp
  LEFT JOIN adj ON adj.oid = o.id AND adj.g = grp.g
  LEFT JOIN hnum ON hnum.oid = o.id AND hnum.g = grp.g
  LEFT JOIN hcat ON hcat.oid = o.id AND hcat.g = grp.g
  LEFT JOIN js ON js.oid = o.id AND js.g = grp.g
),
sourced AS (
  SELECT oid, run_id, item_id, position, turn, g, kind, threshold,
    ${Prisma.raw(sourceOf("kind", { hasAdj: "has_adj", av: "av", ac: "ac", hv: "hv", hc: "hc", jv: "jv", jc: "jc" }))} AS source,
    av, ac, hv, hc, jv, jc
  FROM candidates
),
valued AS (
  SELECT oid, run_id, item_id, position, turn, g, kind, threshold, source,
    ${Prisma.raw(pick("source", "av", "hv", "jv"))} AS value,
    ${Prisma.raw(pick("source", "ac", "hc", "jc"))} AS category
  FROM sourced WHERE source IS NOT NULL
),
decided AS (
  SELECT oid, run_id, item_id, position, turn, g, kind, value, category, source,
    ${Prisma.raw(passOf("kind", "threshold", "value", "category"))} AS pass
  FROM valued
)`;
}
