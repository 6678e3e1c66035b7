import { kendallTauB } from "@/lib/stats/agreement";

// Choosing the suggested core subset (docs/METRICS.md#core-subset): items ordered by
// discrimination inside tag strata (items with discrimination ≤ 0 only where a
// stratum has nothing better: coreCandidates), interleaved so every prefix keeps the
// strata's proportions; the answer is the shortest prefix whose run ranking
// (share of items passed per run) keeps Kendall τ-b ≥ the target against the
// full set. Pure: the health query hands in the pass matrix.

export const CORE_TAU_TARGET = 0.9;

export type CoreItem = {
  index: number;
  stratum: string;
  /** Item–rest point-biserial on the pass matrix (null: every run passes, or none). */
  discrimination: number | null;
  /** Item–rest correlation on the decided scores; absent when not measured. */
  scoreCorrelation?: number | null;
};

/** Positive on the pass matrix and not ≤ 0 on the scores: the item ranks runs the way the rest of the set does. */
export function discriminates(item: Pick<CoreItem, "discrimination" | "scoreCorrelation">): boolean {
  return item.discrimination !== null && item.discrimination > 0 && !(item.scoreCorrelation != null && item.scoreCorrelation <= 0);
}

/**
 * The items the core subset may use. An item with discrimination ≤ 0 (on
 * pass/fail or on the scores) ranks runs against the rest of the set, so it
 * is left out — unless its stratum has no discriminating item at all: then
 * the stratum's measurable items stay, so the subset still covers it, and the
 * stratum is named in `fallbackStrata` for the page to say so.
 */
export function coreCandidates(items: readonly CoreItem[]): { candidates: CoreItem[]; fallbackStrata: string[] } {
  const strata = new Map<string, CoreItem[]>();
  for (const item of items) {
    if (item.discrimination === null) continue; // constant on pass/fail: no ranking information at all
    strata.set(item.stratum, [...(strata.get(item.stratum) ?? []), item]);
  }
  const candidates: CoreItem[] = [];
  const fallbackStrata: string[] = [];
  for (const [stratum, list] of strata) {
    const good = list.filter(discriminates);
    if (good.length > 0) candidates.push(...good);
    else {
      candidates.push(...list);
      fallbackStrata.push(stratum);
    }
  }
  return { candidates: candidates.sort((a, b) => a.index - b.index), fallbackStrata: fallbackStrata.sort() };
}

/** Stratified order: within each stratum by discrimination (highest first), strata interleaved by proportional position. */
export function stratifiedOrder(items: readonly CoreItem[]): number[] {
  const strata = new Map<string, CoreItem[]>();
  for (const item of items) {
    if (item.discrimination === null) continue; // constant items carry no ranking information
    const list = strata.get(item.stratum) ?? [];
    list.push(item);
    strata.set(item.stratum, list);
  }
  const keyed: { index: number; key: number; discrimination: number }[] = [];
  for (const list of strata.values()) {
    list.sort((x, y) => y.discrimination! - x.discrimination! || x.index - y.index);
    list.forEach((item, rank) => keyed.push({ index: item.index, key: (rank + 0.5) / list.length, discrimination: item.discrimination! }));
  }
  keyed.sort((x, y) => x.key - y.key || y.discrimination - x.discrimination || x.index - y.index);
  return keyed.map((k) => k.index);
}

export type CoreSubset =
  | { found: true; itemIndexes: number[]; size: number; tau: number; fullSize: number }
  | { found: false; reason: string; fullSize: number };

/**
 * @param matrix runs × items, 0/1 (every run decided on every item)
 * @param order candidate item indexes, best first (stratifiedOrder)
 */
export function smallestCoreSubset(matrix: readonly (readonly number[])[], order: readonly number[], target = CORE_TAU_TARGET): CoreSubset {
  const fullSize = matrix[0]?.length ?? 0;
  if (matrix.length < 3) return { found: false, reason: "a ranking needs at least 3 runs scored on the same items", fullSize };
  const full = matrix.map((row) => row.reduce((s, x) => s + x, 0) / row.length);
  if (kendallTauB(full, full).value === null) return { found: false, reason: "every run has the same score on the full set, so there is no ranking to keep", fullSize };
  const sums = matrix.map(() => 0);
  for (let k = 0; k < order.length; k++) {
    matrix.forEach((row, r) => (sums[r]! += row[order[k]!]!));
    const tau = kendallTauB(full, sums).value;
    if (tau !== null && tau >= target) return { found: true, itemIndexes: order.slice(0, k + 1), size: k + 1, tau, fullSize };
  }
  return { found: false, reason: `no subset of the discriminating items keeps Kendall τ-b ≥ ${target}`, fullSize };
}
