import { twoSidedZ, type PpiEstimate, type PpiInput } from "@/lib/stats/ppi";
import { StatsInputError } from "@/lib/stats/types";

// ppiMean from sums instead of arrays, so PostgreSQL can aggregate a run's
// 100,000 judge scores into a dozen numbers per criterion and slice (SUM(w),
// SUM(w*w*y*yhat), …) and send those, as lib/stats/mean-ci.ts does for plain
// means. Same formulas as ppiMean, expanded into sums; weights are the raw
// inverse inclusion probabilities (1 when there are none), rescaled here to
// mean 1 within each set exactly as ppiMean rescales them.

/** Sums over the labelled units (w = weight, y = expert value, ŷ = judge value). */
export type LabeledMoments = {
  n: number;
  sumW: number;
  sumW2: number;
  sumWY: number;
  sumWYhat: number;
  sumW2Y: number;
  sumW2Yhat: number;
  sumW2YY: number;
  sumW2YhatYhat: number;
  sumW2YYhat: number;
};

/** Sums over the judge-only units. */
export type UnlabeledMoments = { N: number; sumW: number; sumW2: number; sumWYhat: number; sumW2Yhat: number; sumW2YhatYhat: number };

export type PpiMoments = { labeled: LabeledMoments; unlabeled: UnlabeledMoments };

/** The sums from arrays (what the SQL computes; tests compare both paths). */
export function ppiMoments(input: Pick<PpiInput, "labeled" | "unlabeledYhat" | "weights">): PpiMoments {
  const { y, yhat } = input.labeled;
  const w = input.weights?.labeled;
  const wu = input.weights?.unlabeled;
  const labeled: LabeledMoments = { n: y.length, sumW: 0, sumW2: 0, sumWY: 0, sumWYhat: 0, sumW2Y: 0, sumW2Yhat: 0, sumW2YY: 0, sumW2YhatYhat: 0, sumW2YYhat: 0 };
  y.forEach((v, i) => {
    const weight = w ? w[i]! : 1;
    const w2 = weight * weight;
    const h = yhat[i]!;
    labeled.sumW += weight;
    labeled.sumW2 += w2;
    labeled.sumWY += weight * v;
    labeled.sumWYhat += weight * h;
    labeled.sumW2Y += w2 * v;
    labeled.sumW2Yhat += w2 * h;
    labeled.sumW2YY += w2 * v * v;
    labeled.sumW2YhatYhat += w2 * h * h;
    labeled.sumW2YYhat += w2 * v * h;
  });
  const unlabeled: UnlabeledMoments = { N: input.unlabeledYhat.length, sumW: 0, sumW2: 0, sumWYhat: 0, sumW2Yhat: 0, sumW2YhatYhat: 0 };
  input.unlabeledYhat.forEach((h, i) => {
    const weight = wu ? wu[i]! : 1;
    const w2 = weight * weight;
    unlabeled.sumW += weight;
    unlabeled.sumW2 += w2;
    unlabeled.sumWYhat += weight * h;
    unlabeled.sumW2Yhat += w2 * h;
    unlabeled.sumW2YhatYhat += w2 * h * h;
  });
  return { labeled, unlabeled };
}

/** Sums rounding can take a hair below 0 for constant data. */
const nonNegative = (x: number) => (x > 0 ? x : 0);

/**
 * ppiMean's figure from the sums. With a = w·n/Σw (labelled) and b = w·N/Σw
 * (unlabelled), every term of ppiMean is a combination of the sums, e.g.
 * mean(a(y − λŷ)) = (Σwy − λΣwŷ)/Σw and Σa²(y − λŷ)² = (n/Σw)²(Σw²y² − 2λΣw²yŷ + λ²Σw²ŷ²).
 */
export function ppiMeanFromMoments(moments: PpiMoments, options: { confidence?: number; lambda?: number | "auto" } = {}): PpiEstimate {
  const confidence = options.confidence ?? 0.95;
  const L = moments.labeled;
  const U = moments.unlabeled;
  const { n } = L;
  const { N } = U;
  if (n < 2) throw new StatsInputError(`ppiMeanFromMoments: at least 2 labelled units are needed, got ${n}`);
  if (!(L.sumW > 0) || (N > 0 && !(U.sumW > 0))) throw new StatsInputError("ppiMeanFromMoments: weights must be positive");
  const a = n / L.sumW; // labelled weights' rescaling factor
  const b = N > 0 ? N / U.sumW : 0;
  const a2 = a * a;
  const b2 = b * b;
  const imputedMean = (lambda: number) => (N > 0 ? (lambda * U.sumWYhat) / U.sumW : 0);
  const rectifierMean = (lambda: number) => (L.sumWY - lambda * L.sumWYhat) / L.sumW;

  let lambda: number;
  if (N === 0) lambda = 0;
  else if (options.lambda === undefined || options.lambda === "auto") {
    const theta = imputedMean(1) + rectifierMean(1);
    const gSum = a * L.sumWY - theta * n;
    const gHatSum = a * L.sumWYhat - theta * n;
    const gGHat = a2 * (L.sumW2YYhat - theta * L.sumW2Y - theta * L.sumW2Yhat + theta * theta * L.sumW2);
    const covariance = gGHat / n - (gSum / n) * (gHatSum / n);
    const gHatSquares = a2 * (L.sumW2YhatYhat - 2 * theta * L.sumW2Yhat + theta * theta * L.sumW2);
    const gHatUnlabeledSum = b * U.sumWYhat - theta * N;
    const gHatUnlabeledSquares = b2 * (U.sumW2YhatYhat - 2 * theta * U.sumW2Yhat + theta * theta * U.sumW2);
    const pooledSum = gHatSum + gHatUnlabeledSum;
    const variance = nonNegative(gHatSquares + gHatUnlabeledSquares - (pooledSum * pooledSum) / (n + N)) / (n + N - 1);
    // Relative to the judge values' scale, a variance this small is rounding: the judge never varies.
    const tiny = 1e-13 * ((gHatSquares + gHatUnlabeledSquares) / (n + N));
    lambda = variance > tiny ? Math.min(1, Math.max(0, covariance / ((1 + n / N) * variance))) : 0;
  } else {
    if (!Number.isFinite(options.lambda)) throw new StatsInputError(`ppiMeanFromMoments: lambda must be a number or "auto"`);
    lambda = options.lambda;
  }

  const rectMean = rectifierMean(lambda);
  const rectSquares = a2 * (L.sumW2YY - 2 * lambda * L.sumW2YYhat + lambda * lambda * L.sumW2YhatYhat);
  const rectifierVariance = nonNegative(rectSquares / n - rectMean * rectMean);
  const impMean = imputedMean(lambda);
  const imputedVariance = N > 0 ? nonNegative((b2 * lambda * lambda * U.sumW2YhatYhat) / N - impMean * impMean) : 0;
  const estimate = impMean + rectMean;
  const se = Math.sqrt((N > 0 ? imputedVariance / N : 0) + rectifierVariance / n);
  const half = twoSidedZ(confidence) * se;
  return { estimate, se, ci: [estimate - half, estimate + half], lambda, n, N, imputedVariance, rectifierVariance, confidence };
}
