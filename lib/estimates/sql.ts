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
// judges answer on a few levels — so 100,000 items × 20 runs cost a scan of the
// judge's index range, not 2 million rows shipped to Node.

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
 * Labelled units and judge-only counts of every run and group. With a setup,
 * only units its tasks cover count as labelled (weight 1/p, or 1 where the
 * task recorded no probability); an expert-labelled unit outside it is
 * judge-only, like any other unit the design did not draw.
 */
export function estimateUnitsSql(opts: Options): Prisma.Sql {
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
