import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BootstrapCi } from "@/lib/stats/bootstrap";
import {
  bootstrapFirstPositionRate,
  bootstrapPositionConsistency,
  bootstrapSelfPreference,
  bootstrapValidPairPositionBias,
  bootstrapVerbosityComparison,
  positionConsistency,
  type Outcome,
  type PositionConsistency,
  type PositionPair,
  type ValidPairPositionBias,
  type VerbosityChoice,
  type Verdict,
} from "@/lib/stats/judge-bias";
import { statNull, type Stat } from "@/lib/stats/types";
import { BIAS_BOOTSTRAP } from "./figures";
import { analyticalQuery } from "@/lib/comparisons/analytical-query";
import { critCte, judgedCte } from "./sql";
import { CRITERION_KINDS, kindTraits } from "@/lib/rubrics/kinds";

export { BIAS_BOOTSTRAP };

// The bias panel of one judge (Zheng et al. 2023, docs/METRICS.md#judge-bias): position
// consistency from verdicts given in both shown orders, first-position rate,
// verbosity (does the judge prefer the longer answer more often than people
// do?) and self-preference (does it favour runs of its own model family more
// than people do?). Pairwise judges are read from their verdicts; pointwise
// judges from comparing their scores of two outputs of the same item. Every
// figure carries n and a 95 % bootstrap interval from lib/stats that resamples
// compared pairs; below MIN_BIAS_N the panel says "not enough data" instead.

export const MIN_BIAS_N = 5;

type Side = "A" | "B" | "TIE";
/**
 * Two outputs of one item: the judge's winner and the human winners (votes, or
 * the consensus for pointwise judges); `count` identical pairs (1 when absent).
 */
export type PairObservation = { lengthA: number; lengthB: number; familyA: string; familyB: string; judge: Side | null; humans: Side[]; count?: number };

/** A figure with its interval, or a Stat whose reason says why there is none. */
export type BiasFigure = BootstrapCi | Stat;
export type PositionShare = "consistency" | "biasedFirst" | "biasedSecond" | "error";

export type ValidPairRate = "inconsistencyRate" | "firstPositionPreference" | "secondPositionPreference";

/**
 * Position bias of one pairwise judge on one criterion key, over valid pairs
 * (no error in either order; docs/METRICS.md#position-bias): counts, and each rate with its
 * interval (or "not enough data" below MIN_BIAS_N valid pairs).
 */
export type CriterionPosition = Omit<ValidPairPositionBias, ValidPairRate> &
  Record<ValidPairRate, BiasFigure> & {
    criterionKey: string;
    criterionName: string;
    /** Pairs with a verdict in one shown order only: not in any figure. */
    oneOrderOnly: number;
  };

export type BiasPanel = {
  /** Shares of every pair judged in both orders, errors included (paper Table 2), all criteria together. */
  position: (PositionConsistency & { cis: Record<PositionShare, BootstrapCi> }) | { n: number; reason: string };
  /** Per criterion key, over valid pairs; empty for a pointwise judge. */
  positionByCriterion: CriterionPosition[];
  firstPosition: BiasFigure;
  /** Share of decisive verdicts won by the longer output: the judge's, the reviewers', and judge − reviewers. */
  verbosity: { judge: BiasFigure; humans: BiasFigure; difference: BiasFigure; basis: string };
  /** The judge-minus-reviewers win-rate difference itself, with both win rates. */
  selfPreference: BiasFigure & { judgeWinRate?: BiasFigure; humanWinRate?: BiasFigure; family: string };
};

function toSide(code: string | null): Side | null {
  return code === "A" || code === "B" ? code : code === "TIE" || code === "BOTH_BAD" ? "TIE" : null;
}

/** Position chosen, from a verdict stored in terms of outputs and the order they were shown in. */
export function positionOf(verdict: string, shownOrder: "AB" | "BA"): Verdict {
  if (verdict === "ERROR") return "error";
  if (verdict === "TIE" || verdict === "BOTH_BAD") return "tie";
  return (verdict === "A") === (shownOrder === "AB") ? "first" : "second";
}

function enough(stat: BiasFigure, what: string): BiasFigure {
  if (stat.value !== null && stat.n < MIN_BIAS_N) return statNull(stat.n, `not enough data: ${stat.n} ${what}, at least ${MIN_BIAS_N} needed`);
  return stat;
}

/** The verdicts a pair got in each shown order (null = not judged in it); `pairs` identical pairs (1 when absent). */
type OrderRow = { ab: string | null; ba: string | null; pairs?: number };

function bothOrders(rows: readonly OrderRow[]): PositionPair[] {
  return rows.filter((r) => r.ab !== null && r.ba !== null).map((r) => ({ order1: positionOf(r.ab!, "AB"), order2: positionOf(r.ba!, "BA"), count: r.pairs ?? 1 }));
}

const pairCount = (pairs: readonly { count?: number }[]) => pairs.reduce((sum, p) => sum + (p.count ?? 1), 0);

export function positionFigures(rows: readonly OrderRow[]): BiasPanel["position"] {
  const pairs = bothOrders(rows);
  const n = pairCount(pairs);
  if (n < MIN_BIAS_N) {
    return { n, reason: n === 0 ? "no pair was judged in both orders" : `not enough data: ${n} pairs judged in both orders, at least ${MIN_BIAS_N} needed` };
  }
  return { ...positionConsistency(pairs), cis: bootstrapPositionConsistency(pairs, BIAS_BOOTSTRAP) };
}

/** Valid-pair position figures of one criterion; counts always, rates from MIN_BIAS_N valid pairs on. */
export function criterionPositionFigures(criterion: { key: string; name: string }, rows: readonly OrderRow[]): CriterionPosition {
  const { cis, ...counts } = bootstrapValidPairPositionBias(bothOrders(rows), BIAS_BOOTSTRAP);
  const oneOrderOnly = pairCount(rows.filter((r) => (r.ab === null) !== (r.ba === null)).map((r) => ({ count: r.pairs })));
  return {
    ...counts,
    criterionKey: criterion.key,
    criterionName: criterion.name,
    oneOrderOnly,
    inconsistencyRate: enough(cis.inconsistencyRate, "valid pairs"),
    firstPositionPreference: enough(cis.firstPositionPreference, "valid pairs"),
    secondPositionPreference: enough(cis.secondPositionPreference, "valid pairs"),
  };
}

/** Share of verdicts (either order) that pick the answer shown first; the interval resamples pairs, whose two verdicts are not independent. */
export function firstPositionFigure(rows: readonly OrderRow[], kind: "POINTWISE" | "PAIRWISE"): BiasFigure {
  const pairs = rows
    .filter((r) => r.ab !== null || r.ba !== null)
    .map((r) => ({ order1: r.ab === null ? null : positionOf(r.ab, "AB"), order2: r.ba === null ? null : positionOf(r.ba, "BA"), count: r.pairs ?? 1 }));
  if (pairs.length === 0) return statNull(0, kind === "PAIRWISE" ? "no pairwise verdicts" : "a pointwise judge sees one answer at a time");
  return enough(bootstrapFirstPositionRate(pairs, BIAS_BOOTSTRAP), "verdicts without error");
}

export function verbosityFigures(pairs: readonly PairObservation[]): Omit<BiasPanel["verbosity"], "basis"> {
  // Only outputs of different length can show a preference for length: "padded" = the longer one.
  const choice = (p: PairObservation, side: Side): VerbosityChoice => (side === "TIE" ? "tie" : (side === "A") === (p.lengthA > p.lengthB) ? "padded" : "original");
  // "Judge vs reviewers on the same pairs": only pairs both sides decided. Before, the
  // judge's share also counted pairs no reviewer had decided and the reviewers' share
  // pairs the judge tied, so the two shares (and their n's) were over different pairs.
  const decided = (side: Side | null) => side === "A" || side === "B";
  const units = pairs
    .filter((p) => p.lengthA !== p.lengthB && decided(p.judge) && p.humans.some(decided))
    .map((p) => ({ judge: choice(p, p.judge!), humans: p.humans.map((h) => choice(p, h)), count: p.count }));
  const cis = bootstrapVerbosityComparison(units, BIAS_BOOTSTRAP);
  const judge = enough(cis.judge, "pairs decided by the judge and by reviewers");
  const humans = enough(cis.humans, "decisive reviewer votes");
  // The difference is one figure per pair: its n is the pairs compared (the judge's n), not verdicts + votes.
  const difference = judge.value === null ? judge : humans.value === null ? humans : { ...cis.difference, n: judge.n };
  return { judge, humans, difference };
}

export function selfPreferenceFigures(pairs: readonly PairObservation[], family: string): BiasPanel["selfPreference"] {
  if (!family) return { ...statNull(0, "the judge has no model family set"), family };
  const outcome = (side: Side, selfIsA: boolean): Outcome => (side === "TIE" ? "tie" : (side === "A") === selfIsA ? "win" : "loss");
  // Only pairs where exactly one side is a run of the judge's own family.
  const units = pairs
    .filter((p) => (p.familyA === family) !== (p.familyB === family) && p.judge !== null && p.humans.length > 0)
    .map((p) => {
      const selfIsA = p.familyA === family;
      return { judge: outcome(p.judge!, selfIsA), humans: p.humans.map((h) => outcome(h, selfIsA)), count: p.count };
    });
  const pairCount = units.reduce((sum, unit) => sum + (unit.count ?? 1), 0);
  if (pairCount === 0) return { ...statNull(0, `no compared pair has exactly one run of the "${family}" family with human labels`), family };
  const cis = bootstrapSelfPreference(units, BIAS_BOOTSTRAP);
  if (pairCount < MIN_BIAS_N) {
    const plain = (ci: BootstrapCi): Stat => (ci.value === null ? statNull(ci.n, ci.reason ?? "undefined") : { value: ci.value, n: ci.n });
    return { ...statNull(cis.delta.n, `not enough data: ${pairCount} pairs, at least ${MIN_BIAS_N} needed`), judgeWinRate: plain(cis.judgeWinRate), humanWinRate: plain(cis.humanWinRate), family };
  }
  return { ...cis.delta, judgeWinRate: cis.judgeWinRate, humanWinRate: cis.humanWinRate, family };
}

type PairRow = { lengthA: number; lengthB: number; familyA: string; familyB: string; judge: string | null; humans: string[] | null; pairs: number };

/**
 * Identical observations counted instead of sent one by one: only which output is
 * longer matters (kept as lengths 2 / 1, or 1 / 1 for equal), so a judge's pairs
 * reach JavaScript as a few dozen rows.
 */
function grouped(observations: Prisma.Sql) {
  return Prisma.sql`
  SELECT CASE WHEN "lengthA" > "lengthB" THEN 2 ELSE 1 END AS "lengthA", CASE WHEN "lengthB" > "lengthA" THEN 2 ELSE 1 END AS "lengthB",
    "familyA", "familyB", judge, humans, COUNT(*)::int AS pairs
  FROM (${observations}) observed
  GROUP BY 1, 2, "familyA", "familyB", judge, humans`;
}

/** Pairs a pairwise judge decided (both orders combined) with the reviewers' votes on the same pair. */
function pairwiseObservationsSql(projectId: string, judgeId: string) {
  const filter = { judgeId };
  return Prisma.sql`
  WITH ${critCte(projectId, {})}, ${judgedCte(projectId, filter)}
  SELECT LENGTH(oa.content) AS "lengthA", LENGTH(ob.content) AS "lengthB", ra."modelFamily" AS "familyA", rb."modelFamily" AS "familyB",
    jd.code AS judge, COALESCE(h.codes, ARRAY[]::text[]) AS humans
  FROM judged jd
  JOIN "Output" oa ON oa.id = split_part(jd."targetKey", ':', 1) JOIN "Run" ra ON ra.id = oa."runId"
  JOIN "Output" ob ON ob.id = split_part(jd."targetKey", ':', 2) JOIN "Run" rb ON rb.id = ob."runId"
  LEFT JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey"
  WHERE POSITION(':' IN jd."targetKey") > 0`;
}

/** Pointwise kinds scored on an ordered numeric scale (likert, score): "higher score wins" means something. */
const SCALE_KINDS = CRITERION_KINDS.filter((kind) => {
  const traits = kindTraits(kind);
  return traits.unit === "output" && traits.ordinal && traits.numeric;
});

/**
 * Every two scored outputs of one item on a Likert or score criterion, counted as
 * grouped() counts: higher score wins, for the judge and for the human
 * consensus. With several runs these are millions of pairs (45 per item at 10
 * runs), so each pair is reduced to small integers (which is longer, who won)
 * and grouped with the two run families before anything is turned into text.
 */
function pointwiseGroupedSql(projectId: string, judgeId: string) {
  return Prisma.sql`
  WITH ${critCte(projectId, {})}, ${judgedCte(projectId, { judgeId })},
  scored AS MATERIALIZED (
    SELECT jd.key, o."itemId", o.id AS "outputId", LENGTH(o.content) AS length, r."modelFamily" AS family,
      jd.code::float8 AS judge, c.code::float8 AS human
    FROM judged jd
    JOIN "Output" o ON o.id = jd."targetKey" JOIN "Run" r ON r.id = o."runId"
    LEFT JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey"
    LEFT JOIN LATERAL unnest(h.consensus) AS c(code) ON true
    WHERE jd.key IN (SELECT key FROM crit WHERE kind = ANY(${SCALE_KINDS}::text[])) AND POSITION(':' IN jd."targetKey") = 0
  ),
  compared AS (
    SELECT sign(x.length - y.length)::int AS longer, x.family AS "familyA", y.family AS "familyB",
      sign(x.judge - y.judge)::int AS judge, sign(x.human - y.human)::int AS human
    FROM scored x JOIN scored y ON y."itemId" = x."itemId" AND y.key = x.key AND x."outputId" < y."outputId"
  )
  SELECT CASE WHEN longer > 0 THEN 2 ELSE 1 END AS "lengthA", CASE WHEN longer < 0 THEN 2 ELSE 1 END AS "lengthB", "familyA", "familyB",
    CASE judge WHEN 1 THEN 'A' WHEN -1 THEN 'B' ELSE 'TIE' END AS judge,
    CASE human WHEN 1 THEN ARRAY['A'] WHEN -1 THEN ARRAY['B'] WHEN 0 THEN ARRAY['TIE'] ELSE ARRAY[]::text[] END AS humans,
    COUNT(*)::int AS pairs
  FROM compared GROUP BY longer, "familyA", "familyB", judge, human`;
}

type CriterionOrderRow = OrderRow & { criterionKey: string; criterionName: string; pairs: number };

/**
 * Each (criterion key, verdict in order AB, verdict in order BA) with how many
 * pairs got it, A being the output with the lower id: one pair is one
 * criterion version and two outputs, so a pair judged again under a new rubric
 * version counts again. Only these few rows reach JavaScript.
 */
function positionCountsSql(judgeId: string, itemIds?: string[]) {
  return Prisma.sql`
    WITH canonical AS (
      -- Verdict and shown order restated for the pair (lower id, higher id), as the
      -- agreement queries do: rows given as (runB, runA) meet their other order.
      SELECT "criterionId", LEAST("outputAId" COLLATE "C", "outputBId" COLLATE "C") AS lo, GREATEST("outputAId" COLLATE "C", "outputBId" COLLATE "C") AS hi,
        "outputAId" COLLATE "C" < "outputBId" COLLATE "C" AS kept, verdict::text AS verdict, "shownOrder"::text AS "shownOrder"
      FROM "PairwiseJudgeScore" WHERE "judgeId" = ${judgeId} ${itemIds ? Prisma.sql`AND "itemId" = ANY(${itemIds}::text[])` : Prisma.empty}
    ),
    pairs AS (
      SELECT "criterionId",
        MAX(CASE WHEN kept OR verdict NOT IN ('A', 'B') THEN verdict WHEN verdict = 'A' THEN 'B' ELSE 'A' END)
          FILTER (WHERE ("shownOrder" = 'AB') = kept) AS ab,
        MAX(CASE WHEN kept OR verdict NOT IN ('A', 'B') THEN verdict WHEN verdict = 'A' THEN 'B' ELSE 'A' END)
          FILTER (WHERE ("shownOrder" = 'AB') <> kept) AS ba
      FROM canonical
      GROUP BY "criterionId", lo, hi
    ),
    -- The name a key has in its newest rubric version.
    names AS (
      SELECT DISTINCT ON (c.key) c.key, c.name FROM "Criterion" c JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
      WHERE c.id IN (SELECT "criterionId" FROM pairs)
      ORDER BY c.key, rv.version DESC, rv."createdAt" DESC
    )
    SELECT c.key AS "criterionKey", MIN(n.name) AS "criterionName", p.ab, p.ba, COUNT(*)::int AS pairs
    FROM pairs p JOIN "Criterion" c ON c.id = p."criterionId" JOIN names n ON n.key = c.key
    GROUP BY c.key, p.ab, p.ba
    ORDER BY c.key, p.ab, p.ba`;
}

function byCriterion(rows: readonly CriterionOrderRow[]): CriterionPosition[] {
  const groups = new Map<string, CriterionOrderRow[]>();
  for (const row of rows) groups.set(row.criterionKey, [...(groups.get(row.criterionKey) ?? []), row]);
  return [...groups.values()].map((group) => criterionPositionFigures({ key: group[0]!.criterionKey, name: group[0]!.criterionName }, group));
}

/** Position consistency of one pairwise judge on one criterion key, on some items only (the workbench's held-out set). */
export async function loadCriterionPosition(judgeId: string, criterion: { key: string; name: string }, itemIds: string[]): Promise<CriterionPosition> {
  const rows = await db.$queryRaw<CriterionOrderRow[]>(positionCountsSql(judgeId, itemIds));
  return criterionPositionFigures(criterion, rows.filter((row) => row.criterionKey === criterion.key));
}

export async function loadBiasPanel(projectId: string, judge: { id: string; kind: "POINTWISE" | "PAIRWISE"; modelFamily: string }): Promise<BiasPanel> {
  const [orders, pairRows] = await Promise.all([
    db.$queryRaw<CriterionOrderRow[]>(positionCountsSql(judge.id)),
    analyticalQuery<PairRow>(judge.kind === "PAIRWISE" ? grouped(pairwiseObservationsSql(projectId, judge.id)) : pointwiseGroupedSql(projectId, judge.id)),
  ]);
  const pairs = pairRows.map(
    (row): PairObservation => ({
      lengthA: Number(row.lengthA),
      lengthB: Number(row.lengthB),
      familyA: row.familyA,
      familyB: row.familyB,
      judge: toSide(row.judge),
      humans: (row.humans ?? []).map(toSide).filter((s): s is Side => s !== null),
      count: row.pairs,
    }),
  );
  return {
    position: judge.kind === "PAIRWISE" ? positionFigures(orders) : { n: 0, reason: "a pointwise judge sees one answer at a time" },
    positionByCriterion: byCriterion(orders),
    firstPosition: firstPositionFigure(orders, judge.kind),
    verbosity: { ...verbosityFigures(pairs), basis: judge.kind === "PAIRWISE" ? "pairwise verdicts (both orders combined) vs each reviewer's vote" : "higher Likert score of two outputs of one item, judge vs human consensus" },
    selfPreference: selfPreferenceFigures(pairs, judge.modelFamily),
  };
}
