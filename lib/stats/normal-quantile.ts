import { StatsInputError } from "@/lib/stats/types";

// The standard normal distribution to full double precision, for normal
// ("z") intervals. Φ comes from the regularised incomplete gamma function
// (erfc(x) = Q(½, x²)), accurate to ~1e-15 relative even far in the tails; the
// quantile starts from Acklam's rational approximation (|error| < 1.2e-9) and
// polishes it with Newton steps on Φ, so 0.975 gives 1.959963984540054 as
// scipy's norm.ppf does, not the 1.96 of a textbook table.

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/** erfc(x) for x ≥ 0 via Q(½, x²) (Numerical Recipes §6.2: series below a + 1, continued fraction above). */
function erfcNonNegative(x: number): number {
  const t = x * x;
  if (t === 0) return 1;
  if (t < 1.5) {
    // P(½, t) by its series; erfc = 1 − P.
    let term = 1 / 0.5;
    let total = term;
    for (let k = 1; k < 500; k++) {
      term *= t / (0.5 + k);
      total += term;
      if (Math.abs(term) < Math.abs(total) * 1e-17) break;
    }
    return 1 - total * Math.exp(-t + 0.5 * Math.log(t) - LOG_SQRT_PI);
  }
  // Q(½, t) by Lentz's continued fraction.
  const tiny = 1e-300;
  let b = t + 0.5;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-t + 0.5 * Math.log(t) - LOG_SQRT_PI) * h;
}

/** Φ(x), the standard normal distribution function. */
export function normalCdf(x: number): number {
  const tail = 0.5 * erfcNonNegative(Math.abs(x) / Math.SQRT2);
  return x < 0 ? tail : 1 - tail;
}

const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

function acklam(p: number): number {
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - low) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

/** Φ⁻¹(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new StatsInputError("normalQuantile: p must lie in (0, 1)");
  if (p === 0.5) return 0;
  // Work in the lower tail, where Φ is computed without cancellation.
  if (p > 0.5) return -normalQuantile(1 - p);
  let x = acklam(p);
  for (let i = 0; i < 3; i++) {
    const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const step = (normalCdf(x) - p) / density;
    x -= step;
    if (Math.abs(step) < 1e-16 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
