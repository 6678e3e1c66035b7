import { assertFiniteNumbers, assertSameLength, statNull, statValue, type Stat } from "@/lib/stats/types";

export function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

// Quantile with linear interpolation between order statistics (R type 7, the
// numpy default), so percentile intervals match what FastChat reports.
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("quantile of an empty sample");
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

// Ranks starting at 1; tied values share the average of the ranks they span
// (mid-ranks), which is what makes Spearman's ρ correct with ties.
export function midRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
  const ranks = new Array<number>(xs.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && xs[order[end]!] === xs[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let t = start; t < end; t++) ranks[order[t]!] = rank;
    start = end;
  }
  return ranks;
}

/** Means and centred sums of products (Σ(x−x̄)(y−ȳ), Σ(x−x̄)², Σ(y−ȳ)²) of two equal-length series. */
export function centredMoments(x: readonly number[], y: readonly number[]) {
  const n = x.length;
  const mx = sum(x) / n;
  const my = sum(y) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { mx, my, sxy, sxx, syy };
}

export function pearson(x: readonly number[], y: readonly number[]): Stat {
  assertSameLength(x, y, "pearson");
  assertFiniteNumbers(x, "pearson x");
  assertFiniteNumbers(y, "pearson y");
  const n = x.length;
  if (n < 2) return statNull(n, "fewer than 2 observations");
  const { sxy, sxx, syy } = centredMoments(x, y);
  if (sxx === 0) return statNull(n, "x is constant");
  if (syy === 0) return statNull(n, "y is constant");
  return statValue(Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), n);
}

const LOG_FACTORIAL_TABLE = (() => {
  const table = new Float64Array(256);
  for (let k = 1; k < table.length; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
})();

// ln(k!) — exact table below 256, Stirling's series above (error < 1e-15 there).
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE.length) return LOG_FACTORIAL_TABLE[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (
    k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260)))
  );
}
