import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/errors";
import { analyticalQuery } from "@/lib/comparisons/analytical-query";
import { loadCriterionGroups, type CriterionGroup } from "@/lib/comparisons/criteria";
import { loadRun, type RunSummary } from "@/lib/comparisons/runs";
import { judgesWithScores } from "@/lib/judges/queries";
import { CONFIDENCE, estimateFigures, type EstimateFigures } from "./figures";
import type { EstimatesQuery, Estimator } from "./schemas";
import { pairwiseUnitsSql } from "./pairwise-sql";
import { estimateUnitsSql, expandLabelled, rawEstimateUnitsSql, type JudgeOnlyCount, type LabelledUnit, type SliceMode } from "./sql";

// Calibrated estimates per run × criterion (× slice): which judge and which
// sample, the units from SQL (sql.ts), the figures from lib/stats (figures.ts).

export type JudgeRef = { id: string; name: string; promptVersion: string };
export type SetupRef = { id: string; name: string };

export type Units = { labelled: LabelledUnit[]; judgeOnly: JudgeOnlyCount[] };

/** "How the figure is measured": a mean on the scale, or a pass rate by the criterion's pass rule. */
export const metricOf = (group: CriterionGroup) => (group.scored ? "mean" : "pass rate") as "mean" | "pass rate";

/**
 * The pointwise judge of the estimates: the one asked for (id, or name with
 * optional "@promptVersion"), else the one with most present scores on these
 * runs and criteria (newest first on a tie). Counted from the tally of present
 * scores (JudgeScoreTally): a few rows per judge and run, not every score.
 */
export async function resolveEstimateJudge(projectId: string, runIds: string[], groups: CriterionGroup[], requested: string | undefined): Promise<JudgeRef> {
  if (requested) {
    const [judge] = await judgesWithScores(projectId, "POINTWISE", { ref: requested, limit: 1 });
    if (!judge) throw new SafeError("NOT_FOUND", `Unknown pointwise judge "${requested}".`, [{ field: "judge", message: "No pointwise judge with this id or name has scores in the project." }]);
    return judge;
  }
  const criterionIds = groups.flatMap((group) => group.criterionIds);
  const [judge] = await db.$queryRaw<(JudgeRef & { scores: number })[]>`
    SELECT j.id, j.name, j."promptVersion", (
      SELECT COALESCE(sum(t.n), 0)::int FROM "JudgeScoreTally" t
      WHERE t."judgeId" = j.id AND t."runId" = ANY(${runIds}::text[]) AND t."criterionId" = ANY(${criterionIds}::text[])
    ) AS scores
    FROM "Judge" j WHERE j."projectId" = ${projectId}
    ORDER BY scores DESC, j."createdAt" DESC LIMIT 1`;
  if (!judge || judge.scores === 0) {
    throw new SafeError("VALIDATION", `No pointwise judge scored ${groups.map((g) => `"${g.key}"`).join(", ")} on these runs: calibrated estimates need the judge's scores.`, [{ field: "judge", message: "No judge scores." }]);
  }
  return { id: judge.id, name: judge.name, promptVersion: judge.promptVersion };
}

export async function resolveSetup(projectId: string, ref: string | undefined): Promise<SetupRef | null> {
  if (!ref) return null;
  const setup = await db.reviewSetup.findFirst({ where: { projectId, OR: [{ id: ref }, { name: ref }] }, select: { id: true, name: true } });
  if (!setup) throw new SafeError("NOT_FOUND", `Unknown review setup "${ref}".`, [{ field: "setup", message: "No review setup with this id or name in the project." }]);
  return setup;
}

/**
 * The units of every run and group: groups of one criterion from the tally
 * (estimateUnitsSql), a group spanning rubric versions from its scores
 * (rawEstimateUnitsSql: only the newest score of an output counts there).
 */
export async function loadUnits(opts: { projectId: string; groups: CriterionGroup[]; judgeId: string; runIds: string[]; slices: SliceMode; setupId: string | null }): Promise<Units> {
  const spanning = opts.groups.filter((group) => group.criterionIds.length > 1);
  const single = opts.groups.filter((group) => group.criterionIds.length === 1);
  const queries = [...(single.length ? [estimateUnitsSql({ ...opts, groups: single })] : []), ...(spanning.length ? [rawEstimateUnitsSql({ ...opts, groups: spanning })] : [])];
  const parts = await Promise.all(queries.map((query) => unitsQuery(query)));
  return { labelled: parts.flatMap((part) => part.labelled), judgeOnly: parts.flatMap((part) => part.judgeOnly) };
}

async function unitsQuery(query: Prisma.Sql): Promise<Units> {
  if (process.env.DEBUG_EXPLAIN) {
    const plan = await analyticalQuery<{ "QUERY PLAN": string }>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
    console.error(plan.map((p) => p["QUERY PLAN"]).join("\n"));
  }
  const [row] = await analyticalQuery<Units>(query);
  return row ? { labelled: expandLabelled(row.labelled), judgeOnly: row.judgeOnly } : { labelled: [], judgeOnly: [] };
}

/** Units of one run and group, optionally one tag: the input of one set of figures. */
export function unitsOf(units: Units, run: string, g: number, tag: string | null) {
  const keep = (u: { run: string; g: number; tags: string[] }) => u.run === run && u.g === g && (tag === null || u.tags.includes(tag));
  return { labelled: units.labelled.filter(keep), judgeOnly: units.judgeOnly.filter(keep) };
}

/**
 * The units split once by run and group, so a screen of runs × criteria ×
 * slices filters each small bucket by tag instead of every unit each time.
 */
export function bucketUnits(units: Units): (run: string, g: number, tag: string | null) => Units {
  const buckets = new Map<string, Units>();
  const bucket = (run: string, g: number) => {
    const key = `${run}\u0000${g}`;
    let found = buckets.get(key);
    if (!found) buckets.set(key, (found = { labelled: [], judgeOnly: [] }));
    return found;
  };
  for (const u of units.labelled) bucket(u.run, u.g).labelled.push(u);
  for (const u of units.judgeOnly) bucket(u.run, u.g).judgeOnly.push(u);
  return (run, g, tag) => {
    const found = buckets.get(`${run}\u0000${g}`) ?? { labelled: [], judgeOnly: [] };
    return tag === null ? found : unitsOf(found, run, g, tag);
  };
}

export type EstimateResult = {
  run: RunSummary;
  /** The opponent of a win rate (PREFERENCE criteria); null otherwise. */
  against: RunSummary | null;
  criterion: { key: string; name: string; kind: string; metric: "mean" | "pass rate" | "win rate" };
  judge: JudgeRef;
  setup: SetupRef | null;
  slice: string | null;
  estimator: Estimator;
  /** The figure asked for by `estimator` (null with notEnoughData for the interval estimators). */
  estimate: { value: number | null; lower: number | null; upper: number | null };
  /** Weighted by 1/p: the sample came from a setup with recorded inclusion probabilities. */
  weighted: boolean;
  confidence: number;
} & EstimateFigures;

function headline(figures: EstimateFigures, estimator: Estimator): EstimateResult["estimate"] {
  if (estimator === "judge") return { value: figures.judgeOnly.estimate, lower: null, upper: null };
  const interval = estimator === "ppi" ? figures.ppi : figures.classical;
  return { value: interval?.estimate ?? null, lower: interval?.lower ?? null, upper: interval?.upper ?? null };
}

/** The PREFERENCE criteria of the key across the project's rubric versions, newest first; none when the key is no preference. */
export function preferenceCriteria(projectId: string, key: string) {
  return db.criterion.findMany({ where: { key, kind: "PREFERENCE", rubricVersion: { rubric: { projectId } } }, select: { id: true, name: true }, orderBy: { rubricVersion: { version: "desc" } } });
}

/** The pairwise judge of a win rate: the one asked for, else the one with most verdicts on the criterion. */
async function resolvePairwiseJudge(projectId: string, criterionIds: string[], requested: string | undefined): Promise<JudgeRef> {
  if (requested) {
    const [judge] = await judgesWithScores(projectId, "PAIRWISE", { ref: requested, limit: 1 });
    if (!judge) throw new SafeError("NOT_FOUND", `Unknown pairwise judge "${requested}".`, [{ field: "judge", message: "No pairwise judge with this id or name has verdicts in the project." }]);
    return judge;
  }
  const [judge] = await db.$queryRaw<JudgeRef[]>`
    SELECT j.id, j.name, j."promptVersion" FROM "PairwiseJudgeScore" s JOIN "Judge" j ON j.id = s."judgeId"
    WHERE s."criterionId" = ANY(${criterionIds}::text[]) AND s.verdict <> 'ERROR' AND j."projectId" = ${projectId}
    GROUP BY j.id ORDER BY count(*) DESC, max(j."createdAt") DESC LIMIT 1`;
  if (!judge) throw new SafeError("VALIDATION", "No pairwise judge gave verdicts on this criterion: a calibrated win rate needs them.", [{ field: "judge", message: "No judge verdicts." }]);
  return judge;
}

/** What every win rate on one PREFERENCE key shares, whichever two runs: its criteria (all rubric versions) and the pairwise judge. */
export type WinRateCriterion = { key: string; name: string; criterionIds: string[]; judge: JudgeRef };

/** The key's criteria come newest version first: the newest names the figure. */
export async function resolveWinRateCriterion(projectId: string, key: string, criteria: { id: string; name: string }[], requestedJudge: string | undefined): Promise<WinRateCriterion> {
  const criterionIds = criteria.map((c) => c.id);
  const judge = await resolvePairwiseJudge(projectId, criterionIds, requestedJudge);
  return { key, name: criteria[0]!.name, criterionIds, judge };
}

/** One run's win rate against another (win 1, tie ½, loss 0), per pairwise-sql.ts: the only part that differs between pairs. */
export async function winRateFigures(projectId: string, criterion: WinRateCriterion, runId: string, againstId: string, tag: string | null): Promise<EstimateFigures> {
  const { key, criterionIds, judge } = criterion;
  const [units] = await analyticalQuery<Units>(pairwiseUnitsSql({ projectId, key, criterionIds, judgeId: judge.id, runId, againstId, tag }));
  return estimateFigures(units ?? { labelled: [], judgeOnly: [] });
}

/** A run's win rate against another run on a PREFERENCE criterion. */
async function computeWinRate(projectId: string, query: EstimatesQuery, criteria: { id: string; name: string }[]): Promise<EstimateResult> {
  if (!query.against) throw new SafeError("VALIDATION", `"${query.criterion}" is a preference: a win rate is against another run, give against=<run>.`, [{ field: "against", message: "Required for a preference criterion." }]);
  if (query.setup) throw new SafeError("VALIDATION", "Weighted samples (setup) are not available for win rates yet.", [{ field: "setup", message: "Not for preference criteria." }]);
  const [run, against] = await Promise.all([loadRun(projectId, query.run, "run"), loadRun(projectId, query.against, "against")]);
  const criterion = await resolveWinRateCriterion(projectId, query.criterion, criteria, query.judge);
  const figures = await winRateFigures(projectId, criterion, run.id, against.id, query.slice ?? null);
  return {
    run,
    against,
    criterion: { key: query.criterion, name: criterion.name, kind: "PREFERENCE", metric: "win rate" },
    judge: criterion.judge,
    setup: null,
    slice: query.slice ?? null,
    estimator: query.estimator,
    estimate: headline(figures, query.estimator),
    weighted: false,
    confidence: CONFIDENCE,
    ...figures,
  };
}

/** GET …/estimates: the three figures of one run and criterion (and slice). */
export async function computeEstimate(projectId: string, query: EstimatesQuery): Promise<EstimateResult> {
  const preference = await preferenceCriteria(projectId, query.criterion);
  if (preference.length > 0) return computeWinRate(projectId, query, preference);
  const [run, groups, setup] = await Promise.all([loadRun(projectId, query.run, "run"), loadCriterionGroups(projectId, { keys: [query.criterion] }), resolveSetup(projectId, query.setup)]);
  const group = groups[0];
  if (!group) throw new SafeError("VALIDATION", `Criterion "${query.criterion}" has no pass rule to estimate on.`, [{ field: "criterion", message: "Not an estimable criterion." }]);
  const judge = await resolveEstimateJudge(projectId, [run.id], groups, query.judge);
  const slice = query.slice ?? null;
  const units = await loadUnits({ projectId, groups, judgeId: judge.id, runIds: [run.id], slices: { tag: slice, withTags: false }, setupId: setup?.id ?? null });
  const mine = unitsOf(units, run.id, group.index, null);
  const figures = estimateFigures(mine);
  return {
    run,
    against: null,
    criterion: { key: group.key, name: group.name, kind: group.kind, metric: metricOf(group) },
    judge,
    setup,
    slice,
    estimator: query.estimator,
    estimate: headline(figures, query.estimator),
    weighted: mine.labelled.some((u) => u.w !== 1),
    confidence: CONFIDENCE,
    ...figures,
  };
}
