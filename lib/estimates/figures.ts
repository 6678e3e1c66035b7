import { effectiveLabels, ppiShortage, type PpiEstimate } from "@/lib/stats/ppi";
import { ppiMeanFromMoments, ppiMoments, type UnlabeledMoments } from "@/lib/stats/ppi-moments";
import type { PlanState } from "@/lib/stats/ppi-budget";
import type { JudgeOnlyCount, LabelledUnit } from "./sql";

// The one place where the units SQL returns become PPI inputs and the figures
// come back from lib/stats (ppi.ts, ppi-moments.ts). No statistic is computed
// here: sums are assembled, lib/stats does the arithmetic with calibratedFigures'
// definitions and its one not-enough-data rule.

export const CONFIDENCE = 0.95;

export type Interval = { estimate: number; se: number; lower: number; upper: number };

export type EstimateFigures = {
  /** Experts' labelled units (n) and judge-only units (N). */
  n: number;
  N: number;
  /** The judge's mean over every unit it scored, uncorrected: no interval, its bias is unknown. */
  judgeOnly: { estimate: number | null; units: number };
  /** Experts only (classical mean of y, weighted when the sample has inclusion probabilities). */
  classical: Interval | null;
  /** PPI++ (power-tuned λ). */
  ppi: (Interval & { lambda: number }) | null;
  /** Experts-only variance ÷ PPI++ variance × n: how many expert labels the judge is worth. */
  effectiveLabels: number | null;
  /** Why the intervals are withheld ("Not enough data" rule), or null. */
  notEnoughData: string | null;
};

export type UnitSet = { labelled: readonly Pick<LabelledUnit, "y" | "yhat" | "w">[]; judgeOnly: readonly Pick<JudgeOnlyCount, "yhat" | "n">[] };

/**
 * The judge-only units' sums, from their counts per distinct ŷ (weight 1 each:
 * see docs/METRICS.md#calibrated-estimates-app): what lib/stats/ppi-moments.ts
 * takes instead of 100,000 values per run.
 */
function judgeOnlyMoments(counts: UnitSet["judgeOnly"]): UnlabeledMoments {
  const m: UnlabeledMoments = { N: 0, sumW: 0, sumW2: 0, sumWYhat: 0, sumW2Yhat: 0, sumW2YhatYhat: 0 };
  for (const { yhat, n } of counts) {
    m.N += n;
    m.sumW += n;
    m.sumW2 += n;
    m.sumWYhat += n * yhat;
    m.sumW2Yhat += n * yhat;
    m.sumW2YhatYhat += n * yhat * yhat;
  }
  return m;
}

/** The judge-only sums with the labelled units' judge values added (weight 1 each). */
function withLabelledJudgeValues(judgeOnly: UnlabeledMoments, labelledJudge: { n: number; sumWY: number; sumW2YY: number }): UnlabeledMoments {
  return {
    N: judgeOnly.N + labelledJudge.n,
    sumW: judgeOnly.sumW + labelledJudge.n,
    sumW2: judgeOnly.sumW2 + labelledJudge.n,
    sumWYhat: judgeOnly.sumWYhat + labelledJudge.sumWY,
    sumW2Yhat: judgeOnly.sumW2Yhat + labelledJudge.sumWY,
    sumW2YhatYhat: judgeOnly.sumW2YhatYhat + labelledJudge.sumW2YY,
  };
}

const NONE: UnlabeledMoments = { N: 0, sumW: 0, sumW2: 0, sumWYhat: 0, sumW2Yhat: 0, sumW2YhatYhat: 0 };

export function estimateFigures(units: UnitSet): EstimateFigures {
  return figuresAndPlanState(units).figures;
}

/**
 * The three figures by lib/stats' rules (calibratedFigures' definitions, from
 * sums: ppiMeanFromMoments), and the PPI++ variances the budget planner
 * (lib/stats/ppi-budget.ts) extrapolates from; null state when there is not
 * enough data.
 */
export function figuresAndPlanState(units: UnitSet): { figures: EstimateFigures; planState: PlanState | null } {
  const y = units.labelled.map((u) => u.y);
  const yhat = units.labelled.map((u) => u.yhat);
  // Weights only when the sample has recorded inclusion probabilities: all-ones weights change nothing.
  const weights = units.labelled.some((u) => u.w !== 1) ? { labeled: units.labelled.map((u) => u.w) } : undefined;
  const judgeOnlySums = judgeOnlyMoments(units.judgeOnly);
  const n = y.length;
  const N = judgeOnlySums.N;
  // Judge only, uncorrected: the experts-only formula applied to the judge's values on every unit (uncorrectedJudgeMean).
  const labelledJudge = ppiMoments({ labeled: { y: yhat, yhat: yhat.map(() => 0) }, unlabeledYhat: [] }).labeled;
  const allJudge = {
    ...labelledJudge,
    n: n + N,
    sumW: labelledJudge.sumW + judgeOnlySums.sumW,
    sumW2: labelledJudge.sumW2 + judgeOnlySums.sumW2,
    sumWY: labelledJudge.sumWY + judgeOnlySums.sumWYhat,
    sumW2Y: labelledJudge.sumW2Y + judgeOnlySums.sumW2Yhat,
    sumW2YY: labelledJudge.sumW2YY + judgeOnlySums.sumW2YhatYhat,
  };
  const judgeOnly = { estimate: n + N >= 2 ? ppiMeanFromMoments({ labeled: allJudge, unlabeled: NONE }, { confidence: CONFIDENCE, lambda: 0 }).estimate : null, units: n + N };
  const shortage = ppiShortage(y) ?? (judgeOnly.estimate === null ? "not enough data" : null);
  if (shortage) return { figures: { n, N, judgeOnly, classical: null, ppi: null, effectiveLabels: null, notEnoughData: capitalise(shortage) }, planState: null };
  const labelled = ppiMoments({ labeled: { y, yhat }, unlabeledYhat: [], weights }).labeled;
  // A weighted (allocation) sample: the judge term runs over every unit, drawn
  // or not, as in active statistical inference — the mean of λŷ over all units
  // is known exactly, so undrawn items need no inclusion probability. A uniform
  // sample keeps ppi_py's split into labelled and judge-only units.
  const judgeTerm = weights ? withLabelledJudgeValues(judgeOnlySums, labelledJudge) : judgeOnlySums;
  const calibrated = ppiMeanFromMoments({ labeled: labelled, unlabeled: judgeTerm }, { confidence: CONFIDENCE, lambda: "auto" });
  const expertsOnly = ppiMeanFromMoments({ labeled: labelled, unlabeled: NONE }, { confidence: CONFIDENCE, lambda: 0 });
  const figures: EstimateFigures = {
    n,
    N,
    judgeOnly,
    classical: interval(expertsOnly),
    ppi: { ...interval(calibrated), lambda: calibrated.lambda },
    effectiveLabels: effectiveLabels(expertsOnly, calibrated),
    notEnoughData: null,
  };
  return { figures, planState: calibrated };
}

const interval = (r: PpiEstimate): Interval => ({ estimate: r.estimate, se: r.se, lower: r.ci[0], upper: r.ci[1] });
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
