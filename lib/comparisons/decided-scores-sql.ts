import { Prisma } from "@/lib/generated/prisma/client";
import { CRITERION_KINDS, kindTraits } from "@/lib/rubrics/kinds";
import type { CriterionGroup } from "./criteria";

// The SQL that decides, for every output of the given runs and every
// criterion group, the score that counts and where it came from:
//   1. the people's word: the unit's consensus as "HumanJudgment" keeps it —
//      a lead's agreed or adjudicated ground truth, else the reviewers'
//      consensus under the one consensus rule (database function consensus_of,
//      docs/METRICS.md); a contested unit or a tied vote has none;
//   2. else the chosen pointwise judge.
// Comparison, gate, factuality and dataset health all read it, and the
// dashboards read the same table, so a unit's human value is the same on
// every page. Two shapes share the rules:
//   * decidedScoresCtes: a CTE `decided(oid, run_id, item_id, turn, g, kind,
//     value, category, source, pass)` of decided rows, for callers that
//     aggregate per run;
//   * pairedScoresCtes: a CTE `paired(g, item_id, turn, bv, bc, bp, bs, cv, cc,
//     cp, cs)`, baseline and candidate side by side per (item, turn, group),
//     for run comparison.
//
// Cost shape (100k items × 2 runs × 2 groups = 400k output-group rows): judge
// scores are read from "JudgeScoreByItem" (a trigger-kept copy of JudgeScore
// carrying each output's run, item and turn), so no step joins the 200k
// outputs. For the pairing, each run's scores of a criterion are one range of
// its index, already in (item, turn) order: a merge join pairs them without
// hashing or sorting either side, one criterion group at a time, optionally for
// an item-id range only (compare.ts runs two ranges at once). The people's word
// (human judgments, few next to judge scores) is looked up per judgment and
// laid over the judge rows by hashing the small side. Items are read only to
// filter by tag.

/** Items with from ≤ id < to (null: unbounded): a part of a comparison split for concurrent queries. */
export type ItemRange = { from: string | null; to: string | null };

type DecideOptions = { projectId: string; groups: CriterionGroup[]; runIds: string[]; judgeId: string | null; tag?: string | null; items?: ItemRange };

/** `AND column >= from AND column < to` for the bounded ends of the range. */
function inRange(column: string, range: ItemRange | undefined): Prisma.Sql {
  const parts = [];
  if (range?.from != null) parts.push(Prisma.sql`AND ${Prisma.raw(column)} >= ${range.from}`);
  if (range?.to != null) parts.push(Prisma.sql`AND ${Prisma.raw(column)} < ${range.to}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/** Evidence "present" for a group of this kind: category kinds (factuality, categorical) are decided by a category, the others by a value. */
const present = (kind: string, value: string, category: string) => `(CASE WHEN ${kind} IN (${CATEGORY_KINDS.map((k) => `'${k}'`).join(", ")}) THEN ${category} IS NOT NULL ELSE ${value} IS NOT NULL END)`;
const CATEGORY_KINDS = CRITERION_KINDS.filter((kind) => kindTraits(kind).valueType === "category");

/** Kinds whose answers are stored as a category rather than a value. */
export const answeredByCategory = (kind: string) => kind === "FACTUALITY" || kind === "CATEGORICAL";

/** Judge scores are unique per (output, criterion id): only a group spanning several rubric versions needs the newest-row pick. */
export const spansVersions = (groups: CriterionGroup[]) => groups.some((group) => group.criterionIds.length > 1);

/**
 * WITH grp, crit and `manual(oid, run_id, item_id, turn, g, source, value,
 * category)`: the people's word per output and group where there is one, read
 * from "HumanJudgment" (source "adjudicated" when it is a lead's ground truth).
 * Outputs are looked up per judgment by primary key (OFFSET 0 keeps PostgreSQL
 * from hashing every output of the runs instead): judgments are few next to
 * outputs. Pair targets ("a:b") match no output and drop out.
 */
function manualEvidenceCtes(opts: DecideOptions): Prisma.Sql {
  const { groups } = opts;
  const crit = groups.flatMap((group) => group.criterionIds.map((id) => ({ id, g: group.index, kind: group.kind })));
  return Prisma.sql`
WITH grp AS (
  SELECT * FROM unnest(${groups.map((g) => g.index)}::int[], ${groups.map((g) => g.kind)}::text[], ${groups.map((g) => g.threshold ?? 0)}::float8[]) AS t(g, kind, threshold)
),
grp_key AS (
  SELECT * FROM unnest(${groups.map((g) => g.index)}::int[], ${groups.map((g) => g.key)}::text[], ${groups.map((g) => answeredByCategory(g.kind))}::boolean[]) AS t(g, key, by_category)
),
crit AS (
  SELECT * FROM unnest(${crit.map((c) => c.id)}::text[], ${crit.map((c) => c.g)}::int[], ${crit.map((c) => c.kind)}::text[]) AS t(id, g, kind)
),
manual AS (
  SELECT o.oid, o.run_id, o.item_id, o.turn, k.g, CASE WHEN h."fromTruth" THEN 'adjudicated' ELSE 'human' END AS source,
    CASE WHEN NOT k.by_category AND h.consensus[1] ~ '^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$' THEN h.consensus[1]::float8 END AS value,
    CASE WHEN k.by_category THEN lower(h.consensus[1]) END AS category
  FROM grp_key k
  JOIN "HumanJudgment" h ON h."projectId" = ${opts.projectId} AND h."criterionKey" = k.key AND cardinality(h.consensus) > 0
  CROSS JOIN LATERAL (
    SELECT ro.id AS oid, ro."runId" AS run_id, ro."itemId" AS item_id, ro.turn FROM "Output" ro
    WHERE ro.id = h."targetKey" AND ro."runId" = ANY(${opts.runIds}::text[]) ${inRange('ro."itemId"', opts.items)} OFFSET 0
  ) o
)`;
}

/** The chosen judge's present scores on the runs, newest per (output, group) when a group spans rubric versions. */
function judgeRows(opts: DecideOptions): Prisma.Sql {
  if (spansVersions(opts.groups)) {
    return Prisma.sql`SELECT * FROM (
      SELECT DISTINCT ON (s."outputId", c.g) s."outputId" AS oid, s."runId" AS run_id, s."itemId" AS item_id, s.turn, c.g, c.kind, s.value, lower(s.category) AS category
      FROM "JudgeScoreByItem" s JOIN crit c ON c.id = s."criterionId"
      WHERE s."judgeId" = ${opts.judgeId}::text AND s."runId" = ANY(${opts.runIds}::text[]) ${inRange('s."itemId"', opts.items)}
      ORDER BY s."outputId", c.g, s."createdAt" DESC
    ) newest WHERE ${Prisma.raw(present("kind", "value", "category"))}`;
  }
  return Prisma.sql`SELECT s."outputId" AS oid, s."runId" AS run_id, s."itemId" AS item_id, s.turn, c.g, s.value, lower(s.category) AS category
    FROM "JudgeScoreByItem" s JOIN crit c ON c.id = s."criterionId"
    WHERE s."judgeId" = ${opts.judgeId}::text AND s."runId" = ANY(${opts.runIds}::text[]) ${inRange('s."itemId"', opts.items)}
      AND ${Prisma.raw(present("c.kind", "s.value", "s.category"))}`;
}

const taggedItem = (tag: string, column: string) => Prisma.sql`EXISTS (SELECT 1 FROM "DatasetItem" i WHERE i.id = ${Prisma.raw(column)} AND i.tags @> ARRAY[${tag}::text])`;

/** Decided rows of every output of the runs: ends in CTE `decided`; callers append their aggregation. */
export function decidedScoresCtes(opts: DecideOptions): Prisma.Sql {
  return Prisma.sql`${manualEvidenceCtes(opts)},
js AS (${judgeRows(opts)}),
sourced AS (
  SELECT COALESCE(m.oid, js.oid) AS oid, COALESCE(m.run_id, js.run_id) AS run_id, COALESCE(m.item_id, js.item_id) AS item_id, COALESCE(m.turn, js.turn) AS turn,
    grp.g, grp.kind, grp.threshold,
    COALESCE(m.source, 'judge') AS source,
    CASE WHEN m.oid IS NOT NULL THEN m.value ELSE js.value END AS value,
    CASE WHEN m.oid IS NOT NULL THEN m.category ELSE js.category END AS category
  FROM js FULL JOIN manual m ON m.oid = js.oid AND m.g = js.g
  JOIN grp ON grp.g = COALESCE(m.g, js.g)
  ${opts.tag ? Prisma.sql`WHERE ${taggedItem(opts.tag, "COALESCE(m.item_id, js.item_id)")}` : Prisma.empty}
),
decided AS (
  SELECT oid, run_id, item_id, turn, g, kind, value, category, source,
    ${passByGroup(opts.groups)} AS pass
  FROM sourced
)`;
}

/** The pass rule of a group, from its criterion's config (lib/rubrics/kinds.ts): value ≥ threshold, or the category is a passing one. */
export function passOf(group: CriterionGroup, value: string, category: string): Prisma.Sql {
  if ("threshold" in group.pass) return Prisma.sql`${Prisma.raw(value)} >= ${group.pass.threshold}::float8`;
  // Categories are compared lower-cased, as every reader of labels and judge scores does.
  return Prisma.sql`${Prisma.raw(category)} = ANY(${group.pass.categories.map((c) => c.toLowerCase())}::text[])`;
}

/** Each group's pass rule on the `decided` row it applies to. */
function passByGroup(groups: CriterionGroup[]): Prisma.Sql {
  if (groups.length === 0) return Prisma.sql`NULL::boolean`;
  return Prisma.sql`CASE g ${Prisma.join(groups.map((group) => Prisma.sql`WHEN ${group.index}::int THEN ${passOf(group, "value", "category")}`), " ")} END`;
}

/**
 * Baseline and candidate side by side: ends in CTE `paired(g, item_id, turn,
 * bv, bc, bp, bs, cv, cc, cp, cs)`, one row per (item, turn, group) decided in
 * at least one run (b… baseline, c… candidate; value, category, pass, source).
 */
export function pairedScoresCtes(opts: Omit<DecideOptions, "runIds"> & { baselineId: string; candidateId: string }): Prisma.Sql {
  const { groups, baselineId, candidateId } = opts;
  const decide = { ...opts, runIds: [baselineId, candidateId] };
  if (spansVersions(groups)) {
    // Newest score per output across versions: pair the decided rows (hash join).
    return Prisma.sql`${decidedScoresCtes(decide)},
paired AS (
  SELECT COALESCE(b.g, c.g) AS g, COALESCE(b.item_id, c.item_id) AS item_id, COALESCE(b.turn, c.turn) AS turn,
    b.value AS bv, b.category AS bc, b.pass AS bp, b.source AS bs, c.value AS cv, c.category AS cc, c.pass AS cp, c.source AS cs
  FROM (SELECT * FROM decided WHERE run_id = ${baselineId}) b
  FULL JOIN (SELECT * FROM decided WHERE run_id = ${candidateId}) c ON c.item_id = b.item_id AND c.turn = b.turn AND c.g = b.g
)`;
  }
  // One criterion id per group: per group, each run's scores are one index range in (item, turn)
  // order. Groups are paired one by one (UNION ALL), so g, the pass rule and the
  // presence test are constants of each branch rather than expressions on every row.
  const side = (runId: string, group: CriterionGroup) => Prisma.sql`
    SELECT "itemId" AS item_id, turn, value, category FROM "JudgeScoreByItem"
    WHERE "judgeId" = ${opts.judgeId}::text AND "runId" = ${runId} AND "criterionId" = ${group.criterionIds[0]!} ${inRange('"itemId"', opts.items)}
      AND ${CATEGORY_KINDS.includes(group.kind) ? Prisma.sql`category IS NOT NULL` : Prisma.sql`value IS NOT NULL`}`;
  const source = (m: string, j: string) => Prisma.raw(`CASE WHEN ${m}s IS NOT NULL THEN ${m}s WHEN ${j}in THEN 'judge' END`);
  const pick = (m: string, j: string, column: string) => Prisma.raw(`CASE WHEN ${m}s IS NOT NULL THEN ${m}${column} ELSE ${j}${column} END`);
  const pairGroup = (group: CriterionGroup) => Prisma.sql`
  SELECT ${group.index}::int AS g, item_id, turn, bv, bc, CASE WHEN bs IS NOT NULL THEN ${passOf(group, "bv", "bc")} END AS bp, bs,
    cv, cc, CASE WHEN cs IS NOT NULL THEN ${passOf(group, "cv", "cc")} END AS cp, cs
  FROM (
    SELECT COALESCE(j.item_id, m.item_id) AS item_id, COALESCE(j.turn, m.turn) AS turn,
      ${source("m.b", "j.b")} AS bs, ${pick("m.b", "j.b", "v")} AS bv, ${pick("m.b", "j.b", "c")} AS bc,
      ${source("m.c", "j.c")} AS cs, ${pick("m.c", "j.c", "v")} AS cv, ${pick("m.c", "j.c", "c")} AS cc
    FROM (
      SELECT COALESCE(jb.item_id, jc.item_id) AS item_id, COALESCE(jb.turn, jc.turn) AS turn,
        jb.item_id IS NOT NULL AS bin, jb.value AS bv, lower(jb.category) AS bc, jc.item_id IS NOT NULL AS cin, jc.value AS cv, lower(jc.category) AS cc
      FROM (${side(baselineId, group)}) jb FULL JOIN (${side(candidateId, group)}) jc ON jc.item_id = jb.item_id AND jc.turn = jb.turn
    ) j
    FULL JOIN (SELECT * FROM people WHERE g = ${group.index}::int) m ON m.item_id = j.item_id AND m.turn = j.turn
    ${opts.tag ? Prisma.sql`WHERE ${taggedItem(opts.tag, "COALESCE(j.item_id, m.item_id)")}` : Prisma.empty}
  ) sides`;
  return Prisma.sql`${manualEvidenceCtes(decide)},
people AS (
  SELECT g, item_id, turn,
    max(source) FILTER (WHERE run_id = ${baselineId}) AS bs, max(value) FILTER (WHERE run_id = ${baselineId}) AS bv, max(category) FILTER (WHERE run_id = ${baselineId}) AS bc,
    max(source) FILTER (WHERE run_id = ${candidateId}) AS cs, max(value) FILTER (WHERE run_id = ${candidateId}) AS cv, max(category) FILTER (WHERE run_id = ${candidateId}) AS cc
  FROM manual GROUP BY g, item_id, turn
),
paired AS (${Prisma.join(groups.map(pairGroup), "\n  UNION ALL")}
)`;
}
