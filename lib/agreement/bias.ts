import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { bootstrapCi, type BootstrapCi } from "@/lib/stats/bootstrap";
import { firstPositionRate, positionConsistency, selfPreferenceDelta, verbosityPreference, type Outcome, type PositionConsistency, type Verdict } from "@/lib/stats/judge-bias";
import { statNull, type Stat } from "@/lib/stats/types";
import { consensusCtes, criteriaCte, judgedCte } from "./sql";

// The bias panel of one judge (Zheng et al. 2023, METRICS.md §6): position
// consistency from verdicts given in both shown orders, first-position rate,
// verbosity (does the judge prefer the longer answer more often than people
// do?) and self-preference (does it favour runs of its own model family more
// than people do?). Pairwise judges are read from their verdicts; pointwise
// judges from comparing their scores of two outputs of the same item.

export const MIN_BIAS_N = 5;
const BIAS_BOOTSTRAP = { rounds: 1000, seed: 20_232 } as const;

type Side = "A" | "B" | "TIE";
/** Two outputs of one item: the judge's winner and the human winners (votes, or the consensus for pointwise judges). */
export type PairObservation = { lengthA: number; lengthB: number; familyA: string; familyB: string; judge: Side | null; humans: Side[] };

export type BiasPanel = {
  position: (PositionConsistency & { ci: BootstrapCi }) | { n: number; reason: string };
  firstPosition: BootstrapCi | Stat;
  verbosity: { judge: BootstrapCi | Stat; humans: BootstrapCi | Stat; basis: string };
  selfPreference: (Stat & { judgeWinRate?: Stat; humanWinRate?: Stat; ci?: BootstrapCi; family: string }) ;
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

function enough<T extends Stat>(stat: T, what: string): T | Stat {
  if (stat.value !== null && stat.n < MIN_BIAS_N) return statNull(stat.n, `not enough data: ${stat.n} ${what}, at least ${MIN_BIAS_N} needed`);
  return stat;
}

export function positionFigures(rows: readonly { ab: string | null; ba: string | null }[]): BiasPanel["position"] {
  const pairs = rows.filter((r) => r.ab !== null && r.ba !== null).map((r) => ({ order1: positionOf(r.ab!, "AB"), order2: positionOf(r.ba!, "BA") }));
  if (pairs.length < MIN_BIAS_N) {
    return { n: pairs.length, reason: pairs.length === 0 ? "no pair was judged in both orders" : `not enough data: ${pairs.length} pairs judged in both orders, at least ${MIN_BIAS_N} needed` };
  }
  const ci = bootstrapCi(pairs, (sample) => positionConsistency(sample).consistency, BIAS_BOOTSTRAP);
  return { ...positionConsistency(pairs), ci };
}

export function verbosityFigures(pairs: readonly PairObservation[]) {
  // Decisive verdicts between outputs of different length: "padded" = the longer one won.
  const choice = (lengthA: number, lengthB: number, side: Side) => ((side === "A") === (lengthA > lengthB) ? "padded" : "original") as "padded" | "original";
  const uneven = pairs.filter((p) => p.lengthA !== p.lengthB);
  const judgeChoices = uneven.filter((p) => p.judge === "A" || p.judge === "B").map((p) => choice(p.lengthA, p.lengthB, p.judge!));
  const humanChoices = uneven.flatMap((p) => p.humans.filter((h) => h !== "TIE").map((h) => choice(p.lengthA, p.lengthB, h)));
  const ci = (choices: ("padded" | "original")[], what: string) =>
    choices.length < MIN_BIAS_N ? enough(verbosityPreference(choices), what) : bootstrapCi(choices, (sample) => verbosityPreference(sample), BIAS_BOOTSTRAP);
  return { judge: ci(judgeChoices, "decisive judge verdicts"), humans: ci(humanChoices, "decisive human verdicts") };
}

export function selfPreferenceFigures(pairs: readonly PairObservation[], family: string): BiasPanel["selfPreference"] {
  if (!family) return { ...statNull(0, "the judge has no model family set"), family };
  const outcome = (side: Side, selfIsA: boolean): Outcome => (side === "TIE" ? "tie" : (side === "A") === selfIsA ? "win" : "loss");
  // Only pairs where exactly one side is a run of the judge's own family.
  const units = pairs
    .filter((p) => (p.familyA === family) !== (p.familyB === family) && p.judge !== null && p.humans.length > 0)
    .map((p) => {
      const selfIsA = p.familyA === family;
      return { judge: outcome(p.judge!, selfIsA), humans: p.humans.map((h) => outcome(h, selfIsA)) };
    });
  if (units.length === 0) return { ...statNull(0, `no compared pair has exactly one run of the "${family}" family with human labels`), family };
  const delta = (sample: typeof units) => selfPreferenceDelta(sample.map((u) => u.judge), sample.flatMap((u) => u.humans));
  const point = delta(units);
  if (units.length < MIN_BIAS_N) return { ...statNull(point.n, `not enough data: ${units.length} pairs, at least ${MIN_BIAS_N} needed`), judgeWinRate: point.judgeWinRate, humanWinRate: point.humanWinRate, family };
  return { ...point, ci: bootstrapCi(units, delta, BIAS_BOOTSTRAP), family };
}

type PairRow = { lengthA: number; lengthB: number; familyA: string; familyB: string; judge: string | null; humans: string[] | null };

/** Pairs a pairwise judge decided (both orders combined) with the reviewers' votes on the same pair. */
function pairwiseObservationsSql(projectId: string, judgeId: string) {
  const filter = { judgeId };
  return Prisma.sql`
  WITH ${criteriaCte(projectId, {})}, ${judgedCte(projectId, filter)}
  SELECT LENGTH(oa.content) AS "lengthA", LENGTH(ob.content) AS "lengthB", ra."modelFamily" AS "familyA", rb."modelFamily" AS "familyB",
    jd.code AS judge, ARRAY_REMOVE(ARRAY_AGG(h.code), NULL) AS humans
  FROM judged jd
  JOIN "Output" oa ON oa.id = split_part(jd."targetKey", ':', 1) JOIN "Run" ra ON ra.id = oa."runId"
  JOIN "Output" ob ON ob.id = split_part(jd."targetKey", ':', 2) JOIN "Run" rb ON rb.id = ob."runId"
  LEFT JOIN human h ON h.key = jd.key AND h."targetKey" = jd."targetKey"
  WHERE POSITION(':' IN jd."targetKey") > 0
  GROUP BY jd.key, jd."targetKey", oa.content, ob.content, ra."modelFamily", rb."modelFamily", jd.code`;
}

/** Every two scored outputs of one item on a Likert criterion: higher score wins, for the judge and for the human consensus. */
function pointwiseObservationsSql(projectId: string, judgeId: string) {
  return Prisma.sql`
  WITH ${criteriaCte(projectId, {})}, ${consensusCtes(projectId)}, ${judgedCte(projectId, { judgeId })},
  scored AS (
    SELECT jd.key, jd."targetKey" AS "outputId", jd.code::float8 AS judge, c.code::float8 AS human,
      o."itemId", LENGTH(o.content) AS length, r."modelFamily" AS family
    FROM judged jd
    JOIN "Output" o ON o.id = jd."targetKey" JOIN "Run" r ON r.id = o."runId"
    LEFT JOIN consensus c ON c.key = jd.key AND c."targetKey" = jd."targetKey"
    WHERE jd.key IN (SELECT key FROM crit WHERE kind = 'LIKERT') AND POSITION(':' IN jd."targetKey") = 0
  )
  SELECT x.length AS "lengthA", y.length AS "lengthB", x.family AS "familyA", y.family AS "familyB",
    CASE WHEN x.judge > y.judge THEN 'A' WHEN x.judge < y.judge THEN 'B' ELSE 'TIE' END AS judge,
    CASE WHEN x.human IS NULL OR y.human IS NULL THEN ARRAY[]::text[]
         ELSE ARRAY[CASE WHEN x.human > y.human THEN 'A' WHEN x.human < y.human THEN 'B' ELSE 'TIE' END] END AS humans
  FROM scored x JOIN scored y ON y."itemId" = x."itemId" AND y.key = x.key AND x."outputId" < y."outputId"`;
}

export async function loadBiasPanel(projectId: string, judge: { id: string; kind: "POINTWISE" | "PAIRWISE"; modelFamily: string }): Promise<BiasPanel> {
  const [orders, verdicts, pairRows] = await Promise.all([
    db.$queryRaw<{ ab: string | null; ba: string | null }[]>`
      SELECT MAX(verdict::text) FILTER (WHERE "shownOrder" = 'AB') AS ab, MAX(verdict::text) FILTER (WHERE "shownOrder" = 'BA') AS ba
      FROM "PairwiseJudgeScore" WHERE "judgeId" = ${judge.id}
      GROUP BY "criterionId", "outputAId", "outputBId"`,
    db.$queryRaw<{ verdict: string; shownOrder: "AB" | "BA"; count: number }[]>`
      SELECT verdict::text AS verdict, "shownOrder"::text AS "shownOrder", COUNT(*)::int AS count
      FROM "PairwiseJudgeScore" WHERE "judgeId" = ${judge.id} GROUP BY 1, 2`,
    db.$queryRaw<PairRow[]>(judge.kind === "PAIRWISE" ? pairwiseObservationsSql(projectId, judge.id) : pointwiseObservationsSql(projectId, judge.id)),
  ]);
  const positions = verdicts.flatMap((v) => new Array<Verdict>(v.count).fill(positionOf(v.verdict, v.shownOrder)));
  const pairs: PairObservation[] = pairRows.map((row) => ({
    lengthA: Number(row.lengthA),
    lengthB: Number(row.lengthB),
    familyA: row.familyA,
    familyB: row.familyB,
    judge: toSide(row.judge),
    humans: (row.humans ?? []).map(toSide).filter((s): s is Side => s !== null),
  }));
  const firstPosition =
    positions.length === 0
      ? statNull(0, judge.kind === "PAIRWISE" ? "no pairwise verdicts" : "a pointwise judge sees one answer at a time")
      : positions.length < MIN_BIAS_N
        ? enough(firstPositionRate(positions), "verdicts")
        : bootstrapCi(positions, (sample) => firstPositionRate(sample), BIAS_BOOTSTRAP);
  return {
    position: judge.kind === "PAIRWISE" ? positionFigures(orders) : { n: 0, reason: "a pointwise judge sees one answer at a time" },
    firstPosition,
    verbosity: { ...verbosityFigures(pairs), basis: judge.kind === "PAIRWISE" ? "pairwise verdicts (both orders combined) vs each reviewer's vote" : "higher Likert score of two outputs of one item, judge vs human consensus" },
    selfPreference: selfPreferenceFigures(pairs, judge.modelFamily),
  };
}
