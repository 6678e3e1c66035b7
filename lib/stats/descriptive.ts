import { sum } from "@/lib/stats/numeric";
import {
  assertFiniteNumbers,
  assertSameLength,
  categoryIndex,
  indexOfCategory,
  statNull,
  statValue,
  type Label,
  type Stat,
} from "@/lib/stats/types";

// Descriptive summaries for scores and paired ratings. Paired functions use
// only the positions where both values are present (null = missing).

export function mean(xs: readonly number[]): Stat {
  assertFiniteNumbers(xs, "mean");
  return xs.length === 0 ? statNull(0, "no values") : statValue(sum(xs) / xs.length, xs.length);
}

export function median(xs: readonly number[]): Stat {
  assertFiniteNumbers(xs, "median");
  const n = xs.length;
  if (n === 0) return statNull(0, "no values");
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(n / 2);
  return statValue(n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, n);
}

function completePairs<T>(a: readonly (T | null)[], b: readonly (T | null)[], what: string): [T, T][] {
  assertSameLength(a, b, what);
  const pairs: [T, T][] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) pairs.push([x, y]);
  }
  return pairs;
}

/** Mean |a − b| over items where both are present. */
export function meanAbsoluteError(a: readonly (number | null)[], b: readonly (number | null)[]): Stat {
  const pairs = completePairs(a, b, "meanAbsoluteError");
  if (pairs.length === 0) return statNull(0, "no item with both values");
  return statValue(sum(pairs.map(([x, y]) => Math.abs(x - y))) / pairs.length, pairs.length);
}

/** Mean of a − b (e.g. judge minus human: > 0 means the judge scores higher). */
export function meanSignedDifference(a: readonly (number | null)[], b: readonly (number | null)[]): Stat {
  const pairs = completePairs(a, b, "meanSignedDifference");
  if (pairs.length === 0) return statNull(0, "no item with both values");
  return statValue(sum(pairs.map(([x, y]) => x - y)) / pairs.length, pairs.length);
}

/** Share of items whose two ratings lie at most one declared scale point apart. */
export function withinOneAgreement(
  a: readonly (Label | null)[],
  b: readonly (Label | null)[],
  opts: { categories: Label[] },
): Stat {
  const index = categoryIndex(opts.categories, "withinOneAgreement");
  const pairs = completePairs(a, b, "withinOneAgreement");
  if (pairs.length === 0) return statNull(0, "no item rated by both");
  const position = (label: Label) => indexOfCategory(index, label, "withinOneAgreement");
  const close = pairs.filter(([x, y]) => Math.abs(position(x) - position(y)) <= 1).length;
  return statValue(close / pairs.length, pairs.length);
}

/**
 * Counts[i][j] = items rated category i by a and j by b, rows and columns in
 * the declared order — including categories nobody used, so tables from
 * different samples line up. Items missing either rating are skipped.
 */
export function confusionMatrix(
  a: readonly (Label | null)[],
  b: readonly (Label | null)[],
  categories: readonly Label[],
): { categories: Label[]; counts: number[][]; n: number } {
  const index = categoryIndex(categories, "confusionMatrix");
  const counts = categories.map(() => new Array<number>(categories.length).fill(0));
  const pairs = completePairs(a, b, "confusionMatrix");
  for (const [x, y] of pairs) {
    counts[indexOfCategory(index, x, "rater A")]![indexOfCategory(index, y, "rater B")]! += 1;
  }
  return { categories: [...categories], counts, n: pairs.length };
}
