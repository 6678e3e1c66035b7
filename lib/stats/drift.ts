import { studentTTwoSidedP, type Moments } from "@/lib/stats/mean-ci";
import { normalCdf } from "@/lib/stats/normal-quantile";
import { StatsInputError } from "@/lib/stats/types";

// Drift tests for production monitoring (docs/METRICS.md#drift): the recent
// window against a baseline window, one two-sample test per (criterion,
// segment) matching the figure — two-proportion z for a pass rate, Welch's t
// for a mean score — and Benjamini–Hochberg across all of them, so the share
// of false alarms among the alerts raised stays at the stated FDR however
// many segments and criteria are watched.

export type DriftTest = {
  /** recent − baseline, on the figure's scale. */
  difference: number;
  statistic: number;
  pValue: number;
  test: "two-proportion z" | "Welch t";
};

/** Two-sided two-proportion z test with the pooled standard error (H0: p_recent = p_baseline). */
export function twoProportionZTest(recent: { passed: number; n: number }, baseline: { passed: number; n: number }): DriftTest | null {
  for (const side of [recent, baseline]) {
    if (!Number.isInteger(side.n) || side.n < 0 || side.passed < 0 || side.passed > side.n) throw new StatsInputError("twoProportionZTest: counts must satisfy 0 ≤ passed ≤ n");
  }
  if (recent.n === 0 || baseline.n === 0) return null;
  const p1 = recent.passed / recent.n;
  const p0 = baseline.passed / baseline.n;
  const pooled = (recent.passed + baseline.passed) / (recent.n + baseline.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / recent.n + 1 / baseline.n));
  // Both windows all pass or all fail: no spread, no evidence of a change.
  if (!(se > 0)) return { difference: p1 - p0, statistic: 0, pValue: 1, test: "two-proportion z" };
  const z = (p1 - p0) / se;
  return { difference: p1 - p0, statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))), test: "two-proportion z" };
}

/** Welch's two-sided t test on the means of two samples given as moments (n, Σx, Σx²), Welch–Satterthwaite degrees of freedom. */
export function welchTTest(recent: Moments, baseline: Moments): DriftTest | null {
  if (recent.n < 2 || baseline.n < 2) return null;
  const m1 = recent.sum / recent.n;
  const m0 = baseline.sum / baseline.n;
  const v1 = Math.max(0, (recent.sumOfSquares - recent.n * m1 * m1) / (recent.n - 1)) / recent.n;
  const v0 = Math.max(0, (baseline.sumOfSquares - baseline.n * m0 * m0) / (baseline.n - 1)) / baseline.n;
  const se2 = v1 + v0;
  if (!(se2 > 0)) return { difference: m1 - m0, statistic: 0, pValue: m1 === m0 ? 1 : 0, test: "Welch t" };
  const t = (m1 - m0) / Math.sqrt(se2);
  const df = (se2 * se2) / ((v1 * v1) / (recent.n - 1) + (v0 * v0) / (baseline.n - 1));
  return { difference: m1 - m0, statistic: t, pValue: studentTTwoSidedP(t, df), test: "Welch t" };
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the input's order:
 * q_(i) = min over j ≥ i of p_(j) · m / j, capped at 1. Rejecting every test
 * with q ≤ α controls the false discovery rate at α (independent or
 * positively dependent tests).
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new StatsInputError(`benjaminiHochberg: p-values must lie in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    q[i] = running;
  }
  return q;
}
