import { calibratedFigures, type PpiEstimate } from "@/lib/stats/ppi";
import type { PlanState } from "@/lib/stats/ppi-budget";
import type { JudgeOnlyCount, LabelledUnit } from "./sql";

// The one place where the units SQL returns become PPI inputs and the figures
// come back from lib/stats/ppi.ts. No statistic is computed here: arrays are
// assembled, lib/stats does the arithmetic.

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

export type UnitSet = { labelled: Pick<LabelledUnit, "y" | "yhat" | "w">[]; judgeOnly: Pick<JudgeOnlyCount, "yhat" | "n">[] };

/** Judge-only counts back to the array of values they summarise (exact: each distinct ŷ repeated n times). */
function expand(counts: UnitSet["judgeOnly"]): number[] {
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const values = new Array<number>(total);
  let at = 0;
  for (const { yhat, n } of counts) {
    values.fill(yhat, at, at + n);
    at += n;
  }
  return values;
}

export function estimateFigures(units: UnitSet): EstimateFigures {
  return figuresAndPlanState(units).figures;
}

/** The figures, and the PPI++ variances the budget planner (lib/stats/ppi-budget.ts) extrapolates from; null state when there is not enough data. */
export function figuresAndPlanState(units: UnitSet): { figures: EstimateFigures; planState: PlanState | null } {
  const y = units.labelled.map((u) => u.y);
  const yhat = units.labelled.map((u) => u.yhat);
  const unlabeledYhat = expand(units.judgeOnly);
  // Weights only when the sample has recorded inclusion probabilities: all-ones weights change nothing but cost a pass.
  const weights = units.labelled.some((u) => u.w !== 1) ? { labeled: units.labelled.map((u) => u.w) } : undefined;
  const figures = calibratedFigures({ labeled: { y, yhat }, unlabeledYhat, confidence: CONFIDENCE, lambda: "auto", weights });
  const judgeOnly = { estimate: figures.judgeOnly?.estimate ?? null, units: figures.n + figures.N };
  if (figures.status === "not-enough-data") {
    return { figures: { n: figures.n, N: figures.N, judgeOnly, classical: null, ppi: null, effectiveLabels: null, notEnoughData: capitalise(figures.reason) }, planState: null };
  }
  const result: EstimateFigures = {
    n: figures.n,
    N: figures.N,
    judgeOnly,
    classical: interval(figures.expertsOnly),
    ppi: { ...interval(figures.calibrated), lambda: figures.calibrated.lambda },
    effectiveLabels: figures.effectiveLabels,
    notEnoughData: null,
  };
  return { figures: result, planState: figures.calibrated };
}

const interval = (r: PpiEstimate): Interval => ({ estimate: r.estimate, se: r.se, lower: r.ci[0], upper: r.ci[1] });
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
