import { normalQuantile } from "@/lib/stats/normal-quantile";
import { assertFiniteNumbers, assertSameLength, StatsInputError } from "@/lib/stats/types";

// Prediction-powered inference for a mean (Angelopoulos et al. 2023) with
// PPI++ power tuning (Angelopoulos, Duchi & Zrnic 2023): the judge's mean over
// the units no expert labelled, corrected by the judge's measured error on the
// units experts did label. The formulas are those of the reference
// implementation ppi_py (ppi_mean_pointestimate, ppi_mean_ci, _calc_lam_glm
// with clipping, statsmodels' _zconfint_generic), weights included, so a
// figure here can be checked against it number for number. docs/METRICS.md#ppi
// states them in words.

export type PpiEstimate = {
  estimate: number;
  se: number;
  ci: [number, number];
  /** Weight on the judge: 0 = experts only, 1 = plain PPI. */
  lambda: number;
  /** Expert-labelled units. */
  n: number;
  /** Judge-only (unlabelled) units. */
  N: number;
  /** var₀(w_u·λ·ŷ_u), the judge term's variance per unit; se² = imputedVariance/N + rectifierVariance/n. */
  imputedVariance: number;
  /** var₀(w·(y − λ·ŷ)), the correction term's variance per unit. */
  rectifierVariance: number;
  confidence: number;
};

export type PpiInput = {
  labeled: { y: readonly number[]; yhat: readonly number[] };
  unlabeledYhat: readonly number[];
  /** Interval level, default 0.95. */
  confidence?: number;
  /** "auto" (default) = PPI++; 1 = plain PPI; 0 = experts only. */
  lambda?: number | "auto";
  /** Inverse inclusion probabilities; rescaled to mean 1 within each set, as ppi_py does. */
  weights?: { labeled?: readonly number[]; unlabeled?: readonly number[] };
};

/** Fewest expert labels behind any calibrated figure (overall, per slice, per difference). */
export const MIN_PPI_LABELS = 20;

/**
 * The one "not enough data" rule for calibrated figures (docs/METRICS.md#ppi-not-enough-data):
 * fewer than MIN_PPI_LABELS expert labels, or expert values that never vary
 * (a normal interval would then claim a certainty a handful of identical labels
 * cannot give). Returns the reason in words, or null when the figure may be shown.
 */
export function ppiShortage(expertValues: readonly number[]): string | null {
  const n = expertValues.length;
  if (n < MIN_PPI_LABELS) return `not enough data: ${n} expert label${n === 1 ? "" : "s"}, at least ${MIN_PPI_LABELS} needed`;
  if (expertValues.every((y) => y === expertValues[0])) return `not enough data: all ${n} expert labels have the same value`;
  return null;
}

/** ppi_py's construct_weight_vector: ones, or the weights rescaled to sum to the number of units. */
function normalisedWeights(count: number, weights: readonly number[] | undefined, what: string): number[] {
  if (!weights) return new Array<number>(count).fill(1);
  if (weights.length !== count) throw new StatsInputError(`${what}: ${weights.length} weights for ${count} units`);
  assertFiniteNumbers(weights, what);
  weights.forEach((w, i) => {
    if (!(w > 0)) throw new StatsInputError(`${what}: weight ${i} must be positive (got ${w})`);
  });
  let total = 0;
  for (const w of weights) total += w;
  return weights.map((w) => (w / total) * count);
}

type Prepared = { y: readonly number[]; yhat: readonly number[]; yu: readonly number[]; w: number[]; wu: number[] };

function prepare(input: PpiInput): Prepared {
  const { y, yhat } = input.labeled;
  assertSameLength(y, yhat, "ppiMean labeled y and yhat");
  assertFiniteNumbers(y, "ppiMean labeled y");
  assertFiniteNumbers(yhat, "ppiMean labeled yhat");
  assertFiniteNumbers(input.unlabeledYhat, "ppiMean unlabeledYhat");
  if (y.length < 2) throw new StatsInputError(`ppiMean: at least 2 labelled units are needed, got ${y.length}`);
  return {
    y,
    yhat,
    yu: input.unlabeledYhat,
    w: normalisedWeights(y.length, input.weights?.labeled, "ppiMean labelled weights"),
    wu: normalisedWeights(input.unlabeledYhat.length, input.weights?.unlabeled, "ppiMean unlabelled weights"),
  };
}

// The sums below run in plain loops without intermediate arrays: the
// estimates API evaluates them for every run × criterion × slice over up to
// 100,000 judge-scored units each.

/** Mean and population variance (numpy's std with ddof = 0, squared) of w_u·λ·ŷ_u. */
function imputedMoments({ yu, wu }: Prepared, lambda: number) {
  const N = yu.length;
  let total = 0;
  for (let i = 0; i < N; i++) total += wu[i]! * lambda * yu[i]!;
  const mean = total / N;
  let squares = 0;
  for (let i = 0; i < N; i++) {
    const d = wu[i]! * lambda * yu[i]! - mean;
    squares += d * d;
  }
  return { mean, variance: squares / N };
}

/** Mean and population variance of the rectifier w·(y − λ·ŷ). */
function rectifierMoments({ y, yhat, w }: Prepared, lambda: number) {
  const n = y.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]! * (y[i]! - lambda * yhat[i]!);
  const mean = total / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = w[i]! * (y[i]! - lambda * yhat[i]!) - mean;
    squares += d * d;
  }
  return { mean, variance: squares / n };
}

/**
 * PPI++'s λ (ppi_py _calc_lam_glm for a mean, clip = True), from the gradients
 * at the λ = 1 estimate θ: g = w(y − θ), ĝ = w(ŷ − θ), ĝ_u = w_u(ŷ_u − θ);
 * λ = cov₀(g, ĝ) / ((1 + n/N) · var₁(ĝ ∪ ĝ_u)), clipped to [0, 1]. A judge
 * whose values never vary gets λ = 0: it carries nothing to borrow (ppi_py
 * would return NaN, and any λ gives the same figure then).
 */
function tunedLambda(data: Prepared): number {
  const { y, yhat, yu, w, wu } = data;
  const n = y.length;
  const N = yu.length;
  if (N === 0) return 0;
  const theta = imputedMoments(data, 1).mean + rectifierMoments(data, 1).mean;
  let gSum = 0;
  let gHatSum = 0;
  let gHatUnlabeledSum = 0;
  for (let i = 0; i < n; i++) {
    gSum += w[i]! * (y[i]! - theta);
    gHatSum += w[i]! * (yhat[i]! - theta);
  }
  for (let i = 0; i < N; i++) gHatUnlabeledSum += wu[i]! * (yu[i]! - theta);
  const gMean = gSum / n;
  const gHatMean = gHatSum / n;
  const pooledMean = (gHatSum + gHatUnlabeledSum) / (n + N);
  let covariance = 0;
  let pooledSquares = 0;
  for (let i = 0; i < n; i++) {
    const gHat = w[i]! * (yhat[i]! - theta);
    covariance += (w[i]! * (y[i]! - theta) - gMean) * (gHat - gHatMean);
    pooledSquares += (gHat - pooledMean) * (gHat - pooledMean);
  }
  for (let i = 0; i < N; i++) {
    const d = wu[i]! * (yu[i]! - theta) - pooledMean;
    pooledSquares += d * d;
  }
  covariance /= n;
  const variance = pooledSquares / (n + N - 1);
  if (!(variance > 0)) return 0;
  const lambda = covariance / ((1 + n / N) * variance);
  return Math.min(1, Math.max(0, lambda));
}

function checkConfidence(confidence: number, what: string) {
  if (!(confidence > 0 && confidence < 1)) throw new StatsInputError(`${what}: confidence must lie in (0, 1), got ${confidence}`);
}

/** The z of a two-sided interval at this level (statsmodels' _zconfint_generic: norm.ppf(1 − α/2)). */
export function twoSidedZ(confidence: number): number {
  checkConfidence(confidence, "twoSidedZ");
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * The calibrated mean: estimate = mean(λ·ŷ_u) + mean(y − λ·ŷ),
 * se = √(var₀(λ·ŷ_u)/N + var₀(y − λ·ŷ)/n), interval estimate ± z·se, weights
 * as ppi_py applies them. With N = 0 there is nothing to borrow from: λ is 0
 * and the figure is the experts-only one. Callers check ppiShortage first.
 */
export function ppiMean(input: PpiInput): PpiEstimate {
  const confidence = input.confidence ?? 0.95;
  checkConfidence(confidence, "ppiMean");
  const data = prepare(input);
  const requested = input.lambda ?? "auto";
  if (requested !== "auto" && !Number.isFinite(requested)) throw new StatsInputError(`ppiMean: lambda must be a number or "auto"`);
  const N = data.yu.length;
  const n = data.y.length;
  const lambda = N === 0 ? 0 : requested === "auto" ? tunedLambda(data) : requested;
  // The judge term is absent when N = 0.
  const imputed = N === 0 ? { mean: 0, variance: 0 } : imputedMoments(data, lambda);
  const rectifier = rectifierMoments(data, lambda);
  const estimate = imputed.mean + rectifier.mean;
  const imputedVariance = imputed.variance;
  const rectifierVariance = rectifier.variance;
  const se = Math.sqrt((N === 0 ? 0 : imputedVariance / N) + rectifierVariance / n);
  const half = twoSidedZ(confidence) * se;
  return { estimate, se, ci: [estimate - half, estimate + half], lambda, n, N, imputedVariance, rectifierVariance, confidence };
}

/**
 * Experts only: the λ = 0 case of ppiMean (weighted mean of y, se = std₀(w·y)/√n,
 * normal interval), so the two figures differ only by what the judge adds.
 */
export function classicalMean(y: readonly number[], confidence = 0.95, weights?: readonly number[]): PpiEstimate {
  return ppiMean({ labeled: { y, yhat: y.map(() => 0) }, unlabeledYhat: [], confidence, lambda: 0, weights: { labeled: weights } });
}

/**
 * Judge only, uncorrected: the mean of the judge's values over every unit with
 * the naive interval that trusts the judge as if it were an expert. It ignores
 * the judge's bias, so it is shown marked "uncorrected", never as the figure.
 */
export function uncorrectedJudgeMean(judgeValues: readonly number[], confidence = 0.95): PpiEstimate {
  return classicalMean(judgeValues, confidence);
}

/**
 * How many expert labels the judge is worth: the experts-only variance divided
 * by the calibrated one, times n. Equals n when the judge adds nothing (λ = 0);
 * null when the calibrated variance is 0 (no spread to compare).
 */
export function effectiveLabels(expertsOnly: Pick<PpiEstimate, "se">, calibrated: Pick<PpiEstimate, "se" | "n">): number | null {
  if (!(calibrated.se > 0)) return null;
  return ((expertsOnly.se * expertsOnly.se) / (calibrated.se * calibrated.se)) * calibrated.n;
}

export type CalibratedFigures =
  | { status: "not-enough-data"; reason: string; judgeOnly: PpiEstimate | null; n: number; N: number }
  | {
      status: "ok";
      judgeOnly: PpiEstimate;
      expertsOnly: PpiEstimate;
      calibrated: PpiEstimate;
      effectiveLabels: number | null;
      n: number;
      N: number;
    };

/**
 * The three figures a lead sees for one run × criterion (× slice): judge only
 * (uncorrected, over every unit the judge scored), experts only, and PPI++,
 * plus the effective number of expert labels. Applies ppiShortage, so every
 * caller shows "not enough data" by the same rule.
 */
export function calibratedFigures(input: PpiInput): CalibratedFigures {
  const { y, yhat } = input.labeled;
  const confidence = input.confidence ?? 0.95;
  const allJudge = [...yhat, ...input.unlabeledYhat];
  const judgeOnly = allJudge.length >= 2 ? uncorrectedJudgeMean(allJudge, confidence) : null;
  const n = y.length;
  const N = input.unlabeledYhat.length;
  const reason = ppiShortage(y);
  if (reason || !judgeOnly) return { status: "not-enough-data", reason: reason ?? "not enough data", judgeOnly, n, N };
  const expertsOnly = classicalMean(y, confidence, input.weights?.labeled);
  const calibrated = ppiMean({ ...input, confidence });
  return { status: "ok", judgeOnly, expertsOnly, calibrated, effectiveLabels: effectiveLabels(expertsOnly, calibrated), n, N };
}
