import { Prisma } from "@/lib/generated/prisma/client";
import { answeredByCategory, passOf, spansVersions } from "@/lib/comparisons/decided-scores-sql";
import type { CriterionGroup } from "@/lib/comparisons/criteria";

// The SQL behind calibrated estimates. A unit is one output of a run (an item
// and turn) on one criterion group; ŷ is the chosen judge's present score on it
// (failed calls have neither value nor category and drop out), y the experts'
// consensus from "HumanJudgment" (the one consensus rule, ground truth
// included). Both are put on the figure's scale in SQL: the value itself for
// scored kinds (likert, score: a mean), else 1/0 by the criterion's pass rule
// (a pass rate).
//
// Only what PPI needs reaches JavaScript: one row per expert-labelled unit
// (y, ŷ, weight, tags) — a few thousand — and, for the judge-only units, the
// count of each distinct ŷ per (run, group, tag set) — exact, and small because
// judges answer on a few levels. Those counts come from "JudgeScoreTally" (the
// judge's score counts per value, kept by triggers) minus the labelled units',
// so 100,000 items × 20 runs cost a few hundred tally rows and the labelled
// units' index lookups, not a scan of 4 million scores (estimateUnitsSql). A
// group spanning rubric versions keeps only each output's newest score, which
// per-criterion counts cannot tell: it is read from the scores themselves
// (rawEstimateUnitsSql, also the reference the tally path is tested against).

export type SliceMode = { tag: string | null; withTags: boolean };

type Options = { projectId: string; groups: CriterionGroup[]; judgeId: string; runIds: string[]; slices: SliceMode; setupId: string | null };

/** A unit with an expert value: y and ŷ on the figure's scale, its weight (1, or 1/p in a setup with inclusion probabilities) and its item's tags. */
export type LabelledUnit = { run: string; g: number; y: number; yhat: number; w: number; tags: string[] };
/** `n` judge-only units of a run and group sharing a tag set and the judge's value ŷ. */
export type JudgeOnlyCount = { run: string; g: number; tags: string[]; yhat: number; n: number };

const NUMERIC = "^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$";

/** The value a figure averages for one group: the value on scored kinds, else pass → 1, fail → 0 (null when nothing is there to judge). */
export function figureValue(group: CriterionGroup, value: string, category: string): Prisma.Sql {
  if (group.scored) return Prisma.raw(value);
  const present = answeredByCategory(group.kind) ? category : value;
  return Prisma.sql`CASE WHEN ${Prisma.raw(present)} IS NOT NULL THEN (${passOf(group, value, category)})::int::float8 END`;
}

/** CASE over the groups of `figureValue` (a group's rule is a constant of its branch). */
function byGroup(groups: CriterionGroup[], g: string, value: string, category: string): Prisma.Sql {
  return Prisma.sql`CASE ${Prisma.raw(g)} ${Prisma.join(groups.map((group) => Prisma.sql`WHEN ${group.index}::int THEN ${figureValue(group, value, category)}`), " ")} END`;
}

/** The experts' consensus as a value and a category, read the way every reader of "HumanJudgment" reads it (`humanValueOf`: from any column holding consensus[1]). */
export const humanValueOf = (consensus: string) => `CASE WHEN ${consensus} ~ '${NUMERIC}' THEN ${consensus}::float8 END`;
const humanValue = humanValueOf("h.consensus[1]");
const humanCategory = "lower(h.consensus[1])";

/** WITH grp, crit, js: the judge's present scores on the runs (newest per output and group when a group spans rubric versions). */
function judgeScoresCtes(opts: Pick<Options, "groups" | "judgeId" | "runIds">): Prisma.Sql {
  const { groups } = opts;
  const crit = groups.flatMap((group) => group.criterionIds.map((id) => ({ id, g: group.index })));
  const scores = Prisma.sql`SELECT s."runId" AS run_id, s."itemId" AS item_id, s.turn, s."outputId" AS oid, c.g, s.value, lower(s.category) AS category, s."createdAt"
    FROM "JudgeScoreByItem" s JOIN crit c ON c.id = s."criterionId"
    WHERE s."judgeId" = ${opts.judgeId}::text AND s."runId" = ANY(${opts.runIds}::text[]) AND (s.value IS NOT NULL OR s.category IS NOT NULL)`;
  return Prisma.sql`
grp AS (SELECT * FROM unnest(${groups.map((g) => g.index)}::int[], ${groups.map((g) => g.key)}::text[]) AS t(g, key)),
crit AS (SELECT * FROM unnest(${crit.map((c) => c.id)}::text[], ${crit.map((c) => c.g)}::int[]) AS t(id, g)),
js AS (${spansVersions(groups) ? Prisma.sql`SELECT DISTINCT ON (oid, g) * FROM (${scores}) s ORDER BY oid, g, "createdAt" DESC` : scores})`;
}

function sliceJoin(slices: SliceMode, itemColumn: string): { join: Prisma.Sql; tags: Prisma.Sql } {
  if (!slices.tag && !slices.withTags) return { join: Prisma.empty, tags: Prisma.sql`'{}'::text[]` };
  const filter = slices.tag ? Prisma.sql`AND i.tags @> ARRAY[${slices.tag}::text]` : Prisma.empty;
  return { join: Prisma.sql`JOIN "DatasetItem" i ON i.id = ${Prisma.raw(itemColumn)} ${filter}`, tags: slices.withTags ? Prisma.sql`i.tags` : Prisma.sql`'{}'::text[]` };
}

/**
 * Labelled units and judge-only counts of every run and group, from the scores
 * themselves. With a setup, only units its tasks cover count as labelled
 * (weight 1/p, or 1 where the task recorded no probability); an
 * expert-labelled unit outside it is judge-only, like any other unit the
 * design did not draw.
 */
export function rawEstimateUnitsSql(opts: Options): Prisma.Sql {
  const { join, tags } = sliceJoin(opts.slices, "js.item_id");
  const inSample = opts.setupId ? Prisma.sql`t.id IS NOT NULL` : Prisma.sql`TRUE`;
  return Prisma.sql`
WITH ${judgeScoresCtes(opts)},
units AS (
  SELECT js.run_id, js.g, ${tags} AS tags,
    ${byGroup(opts.groups, "js.g", "js.value", "js.category")} AS yhat,
    CASE WHEN ${inSample} THEN ${byGroup(opts.groups, "js.g", humanValue, humanCategory)} END AS y,
    ${opts.setupId ? Prisma.sql`1 / COALESCE(t."inclusionProbability", 1)` : Prisma.sql`1::float8`} AS w
  FROM js JOIN grp ON grp.g = js.g
  ${join}
  LEFT JOIN "HumanJudgment" h ON h."projectId" = ${opts.projectId} AND h."criterionKey" = grp.key AND h."targetKey" = js.oid AND cardinality(h.consensus) > 0
  ${opts.setupId ? Prisma.sql`LEFT JOIN "ReviewTask" t ON t."setupId" = ${opts.setupId} AND t."itemId" = js.item_id AND t.turn = js.turn` : Prisma.empty}
)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('run', run_id, 'g', g, 'y', y, 'yhat', yhat, 'w', w, 'tags', tags)), '[]') FROM units WHERE y IS NOT NULL AND yhat IS NOT NULL) AS labelled,
  (SELECT COALESCE(json_agg(json_build_object('run', run_id, 'g', g, 'tags', tags, 'yhat', yhat, 'n', n)), '[]') FROM (
    SELECT run_id, g, tags, yhat, count(*)::int AS n FROM units WHERE y IS NULL AND yhat IS NOT NULL GROUP BY run_id, g, tags, yhat
  ) counts) AS "judgeOnly"`;
}

/**
 * What rawEstimateUnitsSql returns, for groups of one criterion each, from
 * "JudgeScoreTally": its rows count the judge's present scores per (run,
 * criterion, tags, judge value, experts' consensus), so labelled units come as
 * counts of each distinct (y, ŷ) — `n` in a row, expanded by expandLabelled —
 * and judge-only units as counts of each ŷ where y is missing. With a setup
 * only the units its tasks cover are labelled, each with its own weight: those
 * are read per unit (the experts' judgments on outputs of these runs, then the
 * judge's score on each by index), and the judge-only counts are the tally's
 * counts of all units less theirs.
 */
export function estimateUnitsSql(opts: Options): Prisma.Sql {
  if (spansVersions(opts.groups)) throw new Error("estimateUnitsSql takes groups of one criterion; a group spanning versions goes through rawEstimateUnitsSql.");
  const crit = opts.groups.map((group) => ({ id: group.criterionIds[0]!, g: group.index }));
  const tallyTags = opts.slices.withTags ? Prisma.sql`t.tags` : Prisma.sql`'{}'::text[]`;
  const tallyFilter = opts.slices.tag ? Prisma.sql`AND t.tags @> ARRAY[${opts.slices.tag}::text]` : Prisma.empty;
  const ctes = Prisma.sql`
grp AS (SELECT * FROM unnest(${opts.groups.map((g) => g.index)}::int[], ${opts.groups.map((g) => g.key)}::text[], ${crit.map((c) => c.id)}::text[]) AS t(g, key, criterion_id)),
scored AS (
  SELECT t."runId" AS run_id, grp.g, ${tallyTags} AS tags,
    ${byGroup(opts.groups, "grp.g", "t.value", "t.category")} AS yhat,
    ${byGroup(opts.groups, "grp.g", humanValueOf("t.consensus"), "lower(t.consensus)")} AS y,
    sum(t.n)::int AS n
  FROM "JudgeScoreTally" t JOIN grp ON grp.criterion_id = t."criterionId"
  WHERE t."judgeId" = ${opts.judgeId}::text AND t."runId" = ANY(${opts.runIds}::text[]) ${tallyFilter}
  GROUP BY 1, 2, 3, 4, 5
)`;
  if (!opts.setupId) {
    return Prisma.sql`
WITH ${ctes}
SELECT
  (SELECT COALESCE(json_agg(json_build_object('run', run_id, 'g', g, 'y', y, 'yhat', yhat, 'w', 1, 'tags', tags, 'n', n)), '[]') FROM scored WHERE y IS NOT NULL AND yhat IS NOT NULL) AS labelled,
  (SELECT COALESCE(json_agg(json_build_object('run', run_id, 'g', g, 'tags', tags, 'yhat', yhat, 'n', n)), '[]') FROM (
    SELECT run_id, g, tags, yhat, sum(n)::int AS n FROM scored WHERE y IS NULL AND yhat IS NOT NULL GROUP BY 1, 2, 3, 4
  ) counts) AS "judgeOnly"`;
  }
  const { join, tags } = sliceJoin(opts.slices, `o."itemId"`);
  return Prisma.sql`
WITH ${ctes},
units AS (
  SELECT * FROM (
    SELECT o."runId" AS run_id, grp.g, ${tags} AS tags,
      ${byGroup(opts.groups, "grp.g", "s.value", "lower(s.category)")} AS yhat,
      ${byGroup(opts.groups, "grp.g", humanValue, humanCategory)} AS y,
      1 / COALESCE(rt."inclusionProbability", 1) AS w
    FROM "HumanJudgment" h
    JOIN grp ON grp.key = h."criterionKey"
    JOIN "Output" o ON o.id = h."targetKey" AND o."runId" = ANY(${opts.runIds}::text[])
    JOIN LATERAL (
      SELECT s.value, s.category FROM "JudgeScoreByItem" s
      WHERE s."judgeId" = ${opts.judgeId}::text AND s."runId" = o."runId" AND s."criterionId" = grp.criterion_id
        AND s."itemId" = o."itemId" AND s.turn = o.turn AND s."outputId" = o.id AND (s.value IS NOT NULL OR s.category IS NOT NULL)
    ) s ON TRUE
    ${join}
    JOIN "ReviewTask" rt ON rt."setupId" = ${opts.setupId} AND rt."itemId" = o."itemId" AND rt.turn = o.turn
    WHERE h."projectId" = ${opts.projectId} AND cardinality(h.consensus) > 0
  ) u WHERE y IS NOT NULL AND yhat IS NOT NULL
),
totals AS (SELECT run_id, g, tags, yhat, sum(n)::int AS n FROM scored WHERE yhat IS NOT NULL GROUP BY 1, 2, 3, 4),
labelled_counts AS (SELECT run_id, g, tags, yhat, count(*)::int AS n FROM units GROUP BY 1, 2, 3, 4)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('run', run_id, 'g', g, 'y', y, 'yhat', yhat, 'w', w, 'tags', tags)), '[]') FROM units) AS labelled,
  (SELECT COALESCE(json_agg(json_build_object('run', a.run_id, 'g', a.g, 'tags', a.tags, 'yhat', a.yhat, 'n', a.n - COALESCE(l.n, 0))), '[]')
    FROM totals a LEFT JOIN labelled_counts l ON l.run_id = a.run_id AND l.g = a.g AND l.tags = a.tags AND l.yhat = a.yhat
    WHERE a.n > COALESCE(l.n, 0)) AS "judgeOnly"`;
}

/** Labelled units as the tally path returns them (`n` identical units in a row) made one entry per unit, as every reader of Units takes them. */
export function expandLabelled(rows: (LabelledUnit & { n?: number })[]): LabelledUnit[] {
  if (rows.every((row) => row.n === undefined)) return rows;
  return rows.flatMap(({ n = 1, ...unit }) => Array.from({ length: n }, () => unit));
}

/**
 * The paired form for run comparison: per (item, turn) judged in both runs,
 * ŷ = ŷ_candidate − ŷ_baseline; labelled when experts decided both outputs
 * (y = y_candidate − y_baseline), judge-only otherwise. Uniform sample: the
 * comparison takes no setup.
 */
export function pairedUnitsSql(opts: Omit<Options, "runIds" | "setupId" | "slices"> & { baselineId: string; candidateId: string; tag: string | null }): Prisma.Sql {
  const { join } = sliceJoin({ tag: opts.tag, withTags: false }, "b.item_id");
  const side = (alias: string) => Prisma.sql`
    SELECT js.item_id, js.turn, js.g,
      ${byGroup(opts.groups, "js.g", "js.value", "js.category")} AS yhat,
      ${byGroup(opts.groups, "js.g", humanValue, humanCategory)} AS y
    FROM js JOIN grp ON grp.g = js.g
    LEFT JOIN "HumanJudgment" h ON h."projectId" = ${opts.projectId} AND h."criterionKey" = grp.key AND h."targetKey" = js.oid AND cardinality(h.consensus) > 0
    WHERE js.run_id = ${alias === "b" ? opts.baselineId : opts.candidateId}`;
  return Prisma.sql`
WITH ${judgeScoresCtes({ ...opts, runIds: [opts.baselineId, opts.candidateId] })},
b AS (${side("b")}),
c AS (${side("c")}),
diffs AS (
  SELECT b.g, c.yhat - b.yhat AS yhat, c.y - b.y AS y
  FROM b JOIN c ON c.item_id = b.item_id AND c.turn = b.turn AND c.g = b.g
  ${join}
  WHERE b.yhat IS NOT NULL AND c.yhat IS NOT NULL
)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('run', '', 'g', g, 'y', y, 'yhat', yhat, 'w', 1, 'tags', '{}'::text[])), '[]') FROM diffs WHERE y IS NOT NULL) AS labelled,
  (SELECT COALESCE(json_agg(json_build_object('run', '', 'g', g, 'tags', '{}'::text[], 'yhat', yhat, 'n', n)), '[]') FROM (
    SELECT g, yhat, count(*)::int AS n FROM diffs WHERE y IS NULL GROUP BY g, yhat
  ) counts) AS "judgeOnly"`;
}
