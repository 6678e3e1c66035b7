import { StatsInputError } from "./types";

// Sample sizes per stratum for a stratified random sample (Cochran, Sampling
// Techniques, §5.5: proportional allocation). Within each stratum the draw is
// simple random sampling without replacement, so an item of stratum h is
// drawn with probability n_h / N_h — the inclusion probability recorded on
// its review task.

/** n for every stratum, capped at the stratum's size: "n per stratum". */
export function fixedAllocation(sizes: readonly number[], perStratum: number): number[] {
  checkSizes(sizes);
  if (!Number.isInteger(perStratum) || perStratum < 1) throw new StatsInputError("The number per stratum must be a whole number ≥ 1.");
  return sizes.map((size) => Math.min(size, perStratum));
}

/**
 * A total split across strata in proportion to their sizes (n_h ∝ N_h),
 * rounded by largest remainder so the parts add up to min(total, ΣN_h); ties
 * go to the earlier stratum, so the split is deterministic. Every non-empty
 * stratum gets at least one item while the total allows, or a small stratum
 * would vanish from the sample (and from its estimate) altogether.
 */
export function proportionalAllocation(sizes: readonly number[], total: number): number[] {
  checkSizes(sizes);
  if (!Number.isInteger(total) || total < 1) throw new StatsInputError("The total must be a whole number ≥ 1.");
  const population = sizes.reduce((a, b) => a + b, 0);
  const budget = Math.min(total, population);
  if (budget === 0) return sizes.map(() => 0);
  const nonEmpty = sizes.filter((size) => size > 0).length;
  // One each first (when the budget covers every stratum), the rest by share.
  const base: number[] = sizes.map((size) => (size > 0 && budget >= nonEmpty ? 1 : 0));
  const rest = budget - base.reduce((a, b) => a + b, 0);
  const room = sizes.map((size, h) => size - base[h]!);
  const roomTotal = room.reduce((a, b) => a + b, 0);
  const exact = room.map((r) => (roomTotal === 0 ? 0 : (rest * r) / roomTotal));
  const parts = exact.map((x, h) => Math.min(room[h]!, Math.floor(x)));
  let left = rest - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, h) => ({ h, remainder: x - Math.floor(x) })).sort((a, b) => b.remainder - a.remainder || a.h - b.h);
  // Largest remainders first; a second pass hands out what capped strata could not take.
  while (left > 0) {
    let given = false;
    for (const { h } of order) {
      if (left === 0) break;
      if (parts[h]! < room[h]!) {
        parts[h]! += 1;
        left--;
        given = true;
      }
    }
    if (!given) break;
  }
  return parts.map((part, h) => part + base[h]!);
}

/** Inclusion probability of an item of each stratum: n_h / N_h (0 for an empty stratum). */
export function stratumInclusionProbabilities(sizes: readonly number[], drawn: readonly number[]): number[] {
  return sizes.map((size, h) => (size === 0 ? 0 : Math.min(drawn[h]!, size) / size));
}

function checkSizes(sizes: readonly number[]) {
  if (sizes.some((size) => !Number.isInteger(size) || size < 0)) throw new StatsInputError("Stratum sizes must be whole numbers ≥ 0.");
}
