import type { Rng } from "@/lib/stats/bootstrap";

// Test-only helpers for the PPI simulation tests: draws and coverage tallies.

/** A standard normal draw (Box–Muller; the second value is dropped for simplicity). */
export function gaussian(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export function bernoulli(rng: Rng, p: number): number {
  return rng.next() < p ? 1 : 0;
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Share of intervals that contain the true value, and the median width. */
export function tally(intervals: readonly [number, number][], truth: number) {
  const covered = intervals.filter(([lo, hi]) => lo <= truth && truth <= hi).length;
  return { coverage: covered / intervals.length, medianWidth: median(intervals.map(([lo, hi]) => hi - lo)) };
}
