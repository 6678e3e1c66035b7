import { statNull, StatsInputError, type Stat } from "@/lib/stats/types";

// The mean of a sample with its Student-t confidence interval, from the
// sample's moments (n, Σx, Σx²) so a database can aggregate millions of
// scores and send three numbers: mean ± t(1 − α/2, n − 1) · s / √n, with s the
// sample standard deviation (n − 1 in the denominator).

export type Moments = { n: number; sum: number; sumOfSquares: number };

export type MeanCi = Stat & {
  /** Sample standard deviation; null below two values. */
  sd: number | null;
  /** [lower, upper]; null below two values (no spread to estimate). */
  ci: [number, number] | null;
  level: number;
};

export function meanWithCi({ n, sum, sumOfSquares }: Moments, level = 0.95): MeanCi {
  if (!Number.isInteger(n) || n < 0) throw new StatsInputError("meanWithCi: n must be a non-negative integer");
  if (![sum, sumOfSquares].every(Number.isFinite)) throw new StatsInputError("meanWithCi: sums must be finite");
  if (!(level > 0 && level < 1)) throw new StatsInputError("meanWithCi: level must lie in (0, 1)");
  if (n === 0) return { ...statNull(0, "no scores"), sd: null, ci: null, level };
  const mean = sum / n;
  if (n === 1) return { value: mean, n, reason: "one score: no interval", sd: null, ci: null, level };
  // Σ(x − mean)² = Σx² − n·mean²; rounding can take it a hair below 0 for constant samples.
  const variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
  const sd = Math.sqrt(variance);
  const half = studentTQuantile((1 + level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { value: mean, n, sd, ci: [mean - half, mean + half], level };
}

/** Quantile of Student's t distribution with `df` degrees of freedom, p in (0, 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new StatsInputError("studentTQuantile: p must lie in (0, 1)");
  if (!(df > 0)) throw new StatsInputError("studentTQuantile: df must be positive");
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  // Upper tail 1 − p = ½·I_{df/(df+t²)}(df/2, ½), decreasing in t: bisect.
  const tail = 1 - p;
  const upperTail = (t: number) => 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  let lo = 0;
  let hi = 1;
  while (upperTail(hi) > tail) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (upperTail(mid) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-sided p-value of Student's t statistic with `df` degrees of freedom: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, ½). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) throw new StatsInputError("studentTTwoSidedP: t must be finite");
  if (!(df > 0)) throw new StatsInputError("studentTTwoSidedP: df must be positive");
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * ln Γ(x) for x > 0: Stirling's series from x ≥ 15 on (the first omitted term
 * is below 1e-16 there), reached by Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)).
 */
function logGamma(x: number): number {
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Regularized incomplete beta I_x(a, b) by its continued fraction (Numerical Recipes §6.4). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 3e-16) break;
  }
  return h;
}
