import { calibratedFigures, classicalMean, effectiveLabels, ppiMean, ppiShortage, uncorrectedJudgeMean, type CalibratedFigures, type PpiEstimate } from "@/lib/stats/ppi";
import { assertFiniteNumbers, assertSameLength, StatsInputError } from "@/lib/stats/types";

// calibratedFigures for expert labels drawn with known, unequal inclusion
// probabilities π (a stratified spot check sampling strata at different
// rates, an allocation draw): each label weighs w = 1/π, and the judge term
// runs over EVERY unit the judge scored, labelled or not, as in active
// statistical inference (Zrnic & Candès 2024) — the mean of λŷ over all units
// is known exactly, so units nobody drew need no probability. This is the
// rule the calibrated-estimates screen applies to a setup with recorded
// probabilities (lib/estimates/figures.ts, from sums); here from arrays, for
// callers with few labelled units. docs/METRICS.md#ppi states the estimator.
//
//   θ̂ = mean over all units of λ·ŷ + Σ w·(y − λ·ŷ) / Σ w   (labelled units)
//
// With every weight 1 the sample is a plain random one and ppi_py's split
// into labelled and judge-only units is kept: calibratedFigures unchanged.

export type DesignWeightedInput = {
  /** The labelled units: expert value y, judge value ŷ, weight w = 1/π (1 = no recorded probability). */
  labeled: { y: readonly number[]; yhat: readonly number[]; w: readonly number[] };
  /** Judge values of the units nobody labelled. */
  judgeOnlyYhat: readonly number[];
  confidence?: number;
  /** "auto" (default) = PPI++. */
  lambda?: number | "auto";
};

function checkWeights(input: DesignWeightedInput) {
  const { y, yhat, w } = input.labeled;
  assertSameLength(y, yhat, "designWeightedPpiMean");
  assertSameLength(y, w, "designWeightedPpiMean");
  assertFiniteNumbers(w, "designWeightedPpiMean weights");
  if (w.some((weight) => !(weight > 0))) throw new StatsInputError("designWeightedPpiMean: weights (1 / inclusion probability) must be positive");
}

const isUniform = (w: readonly number[]) => w.every((weight) => weight === 1);

/**
 * The PPI++ figure with design weights (no "not enough data" rule: callers
 * use designWeightedCalibratedFigures). Its N counts every unit of the judge
 * term, labelled ones included, when the weights are not all 1.
 */
export function designWeightedPpiMean(input: DesignWeightedInput): PpiEstimate {
  checkWeights(input);
  const { y, yhat, w } = input.labeled;
  if (isUniform(w)) return ppiMean({ labeled: { y, yhat }, unlabeledYhat: input.judgeOnlyYhat, confidence: input.confidence, lambda: input.lambda });
  return ppiMean({ labeled: { y, yhat }, unlabeledYhat: [...yhat, ...input.judgeOnlyYhat], weights: { labeled: w }, confidence: input.confidence, lambda: input.lambda });
}

/** calibratedFigures' three figures and its "not enough data" rule, for a design-weighted sample. */
export function designWeightedCalibratedFigures(input: DesignWeightedInput): CalibratedFigures {
  checkWeights(input);
  const { y, yhat, w } = input.labeled;
  const confidence = input.confidence ?? 0.95;
  if (isUniform(w)) return calibratedFigures({ labeled: { y, yhat }, unlabeledYhat: input.judgeOnlyYhat, confidence, lambda: input.lambda });
  const everyUnit = [...yhat, ...input.judgeOnlyYhat];
  const judgeOnly = everyUnit.length >= 2 ? uncorrectedJudgeMean(everyUnit, confidence) : null;
  const n = y.length;
  const N = input.judgeOnlyYhat.length;
  const reason = ppiShortage(y);
  if (reason || !judgeOnly) return { status: "not-enough-data", reason: reason ?? "not enough data", judgeOnly, n, N };
  const expertsOnly = classicalMean(y, confidence, w);
  const calibrated = designWeightedPpiMean({ ...input, confidence });
  return { status: "ok", judgeOnly, expertsOnly, calibrated, effectiveLabels: effectiveLabels(expertsOnly, calibrated), n, N };
}
