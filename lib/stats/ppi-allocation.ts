import { assertFiniteNumbers, StatsInputError } from "@/lib/stats/types";

// Active statistical inference (Zrnic & Candès 2024): experts label item i with
// probability π_i ∝ how unsure the judge is about it, and the estimate weighs
// each label by 1/π_i (docs/METRICS.md#ppi-allocation). The variance of the
// weighted correction term is smallest when π_i ∝ √E[(y − λŷ)² | item], so the
// caller passes that (or any proxy for it) as the uncertainty.

/**
 * Inclusion probabilities π_i = clamp(c·u_i, floor, 1) with c chosen so that
 * Σπ_i = expectedLabels: proportional to the uncertainty, capped at 1 (what a
 * capped item cannot take goes to the others) and never below `floor`, so
 * every item keeps a chance and no weight 1/π exceeds 1/floor.
 */
export function allocationProbabilities(uncertainty: readonly number[], expectedLabels: number, floor: number): number[] {
  assertFiniteNumbers(uncertainty, "allocationProbabilities uncertainty");
  uncertainty.forEach((u, i) => {
    if (u < 0) throw new StatsInputError(`allocationProbabilities: uncertainty of item ${i} is negative (${u})`);
  });
  const count = uncertainty.length;
  if (!(floor > 0 && floor <= 1)) throw new StatsInputError("allocationProbabilities: the floor must lie in (0, 1]");
  // A floor computed as share × budget / count may round a hair above budget / count: allow for it.
  if (!(expectedLabels >= floor * count * (1 - 1e-12) && expectedLabels <= count)) {
    throw new StatsInputError(`allocationProbabilities: the expected number of labels must lie between ${floor * count} (floor × items) and ${count} (every item)`);
  }
  if (count === 0) return [];
  const total = (c: number) => uncertainty.reduce((sum, u) => sum + Math.min(1, Math.max(floor, c * u)), 0);
  const positive = uncertainty.filter((u) => u > 0).length;
  // Every unsure item at 1 and still short: the items with no uncertainty share the rest equally.
  if (positive === 0 || total(Number.MAX_VALUE) <= expectedLabels) {
    const rest = (expectedLabels - positive) / (count - positive);
    return uncertainty.map((u) => (u > 0 ? 1 : rest));
  }
  // Σ clamp(c·u, floor, 1) rises with c: bisect for the scale, then solve it
  // exactly on the items that are neither floored nor capped.
  let lo = 0;
  let hi = 1;
  while (total(hi) < expectedLabels) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < expectedLabels) lo = mid;
    else hi = mid;
  }
  let fixed = 0;
  let freeUncertainty = 0;
  for (const u of uncertainty) {
    const p = hi * u;
    if (p >= 1) fixed += 1;
    else if (p <= floor) fixed += floor;
    else freeUncertainty += u;
  }
  const scale = freeUncertainty > 0 ? (expectedLabels - fixed) / freeUncertainty : hi;
  return uncertainty.map((u) => {
    const p = hi * u;
    if (p >= 1) return 1;
    if (p <= floor) return floor;
    return Math.min(1, Math.max(floor, scale * u));
  });
}
