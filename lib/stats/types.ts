// Shared shapes and guards for the pure statistics module. Nothing here does I/O.

// A statistic that may be undefined (0/0, no variation, too few items). Callers
// show `reason` instead of a number; a silent 0 or NaN would look like a result.
export type Stat = { value: number | null; n: number; reason?: string };

export type Label = string | number;

export function statValue(value: number, n: number): Stat {
  return { value, n };
}

export function statNull(n: number, reason: string): Stat {
  return { value: null, n, reason };
}

// Thrown when the input breaks a function's contract (ragged matrix, a label
// outside the declared categories, …): a caller bug, not an undefined statistic.
export class StatsInputError extends Error {
  readonly code = "STATS_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "StatsInputError";
  }
}

// Thrown when a model-based estimate does not exist for this data, e.g. a
// Bradley–Terry fit whose maximum-likelihood ratings diverge to ±∞.
export class NotEstimableError extends Error {
  readonly code = "NOT_ESTIMABLE";
  constructor(
    message: string,
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "NotEstimableError";
  }
}

export function assertSameLength(a: readonly unknown[], b: readonly unknown[], what: string) {
  if (a.length !== b.length) {
    throw new StatsInputError(`${what}: arrays differ in length (${a.length} vs ${b.length})`);
  }
}

export function assertFiniteNumbers(xs: readonly number[], what: string) {
  xs.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new StatsInputError(`${what}: element ${i} is not a finite number (${String(x)})`);
    }
  });
}

// Maps each declared category to its position on the scale. Labels compare with
// SameValueZero, so 1 and "1" are different categories: a mismatch surfaces as
// an error instead of quietly dropping ratings.
export function categoryIndex(categories: readonly Label[], what: string): Map<Label, number> {
  const index = new Map<Label, number>();
  categories.forEach((category, i) => {
    if (index.has(category)) throw new StatsInputError(`${what}: category ${String(category)} is declared twice`);
    index.set(category, i);
  });
  return index;
}

export function indexOfCategory(index: Map<Label, number>, label: Label, what: string): number {
  const i = index.get(label);
  if (i === undefined) {
    throw new StatsInputError(`${what}: label ${JSON.stringify(label)} is not among the declared categories`);
  }
  return i;
}
