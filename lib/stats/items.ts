import { logFactorial, pearson } from "@/lib/stats/numeric";
import { assertFiniteNumbers, assertSameLength, statNull, StatsInputError, type Stat } from "@/lib/stats/types";

// Item analysis for shrinking a benchmark (docs/METRICS.md#discrimination) and paired
// original-vs-perturbed comparisons (docs/METRICS.md#paraphrase-robustness).

function checkBinaryMatrix(scores: readonly (readonly number[])[]): number {
  const items = scores[0]?.length ?? 0;
  scores.forEach((row, m) => {
    if (row.length !== items) {
      throw new StatsInputError(`model ${m} has ${row.length} item scores, model 0 has ${items}`);
    }
    row.forEach((x, j) => {
      if (x !== 0 && x !== 1) throw new StatsInputError(`score (${m}, ${j}) must be 0 or 1, got ${x}`);
    });
  });
  return items;
}

/**
 * Difficulty p_j (share of models correct) and the corrected item–total
 * (item–rest) point-biserial r_j = corr(x_j, T − x_j) per item, from a
 * models × items 0/1 matrix. Item–rest, not item–total: including the item in
 * its own total inflates r. r is null when p_j ∈ {0, 1} (the item carries no
 * ranking information) or when the rest score does not vary; `reasons` says which.
 */
export function itemDiscrimination(scores: readonly (readonly number[])[]): {
  difficulty: number[];
  discrimination: (number | null)[];
  reasons: (string | null)[];
} {
  const items = checkBinaryMatrix(scores);
  const models = scores.length;
  if (models === 0) throw new StatsInputError("itemDiscrimination: no models");
  const totals = scores.map((row) => row.reduce((s, x) => s + x, 0));
  const difficulty: number[] = [];
  const discrimination: (number | null)[] = [];
  const reasons: (string | null)[] = [];
  for (let j = 0; j < items; j++) {
    const x = scores.map((row) => row[j]!);
    const p = x.reduce((s, v) => s + v, 0) / models;
    difficulty.push(p);
    if (p === 0 || p === 1) {
      discrimination.push(null);
      reasons.push(p === 0 ? "no model answers this item correctly" : "every model answers this item correctly");
      continue;
    }
    const r = pearson(x, totals.map((t, m) => t - x[m]!));
    discrimination.push(r.value);
    reasons.push(r.value === null ? `rest score: ${r.reason === "y is constant" ? "constant" : r.reason}` : null);
  }
  return { difficulty, discrimination, reasons };
}

/**
 * Item–rest correlation on real-valued scores (docs/METRICS.md#discrimination, "on the scores
 * themselves"): per item, Pearson's r between the item's score and the rest
 * score (the sum of the model's scores on every other item), over the models
 * of a models × items matrix of finite numbers (a likert level, a 0–10
 * score, 0/1). On a 0/1 matrix it equals itemDiscrimination's point-biserial.
 * A pass/fail matrix throws away how far apart two passing answers are: an
 * item every run passes can still separate them by score. r is null when the
 * item's scores or the rest scores do not vary; `reasons` says which.
 */
export function itemRestCorrelation(scores: readonly (readonly number[])[]): {
  mean: number[];
  correlation: (number | null)[];
  reasons: (string | null)[];
} {
  const models = scores.length;
  if (models === 0) throw new StatsInputError("itemRestCorrelation: no models");
  const items = scores[0]!.length;
  scores.forEach((row, m) => {
    if (row.length !== items) throw new StatsInputError(`model ${m} has ${row.length} item scores, model 0 has ${items}`);
    assertFiniteNumbers(row, `itemRestCorrelation model ${m}`);
  });
  const totals = scores.map((row) => row.reduce((s, x) => s + x, 0));
  const mean: number[] = [];
  const correlation: (number | null)[] = [];
  const reasons: (string | null)[] = [];
  for (let j = 0; j < items; j++) {
    const x = scores.map((row) => row[j]!);
    mean.push(x.reduce((s, v) => s + v, 0) / models);
    const r = pearson(x, totals.map((t, m) => t - x[m]!));
    correlation.push(r.value);
    reasons.push(r.value === null ? restReason(r.reason) : null);
  }
  return { mean, correlation, reasons };
}

function restReason(reason: string | undefined): string {
  if (reason === "x is constant") return "every model has the same score on this item";
  if (reason === "y is constant") return "rest score: constant";
  return reason ?? "undefined";
}

/**
 * Discordant counts for paired 0/1 outcomes: b = right before, wrong after;
 * c = wrong before, right after.
 */
export function discordantCounts(
  before: readonly number[],
  after: readonly number[],
): { b: number; c: number; n: number } {
  assertSameLength(before, after, "discordantCounts");
  let b = 0;
  let c = 0;
  before.forEach((x, i) => {
    const y = after[i]!;
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) throw new StatsInputError(`pair ${i} is not 0/1`);
    if (x === 1 && y === 0) b++;
    if (x === 0 && y === 1) c++;
  });
  return { b, c, n: before.length };
}

/**
 * Exact McNemar test: two-sided binomial p-value for b successes out of b + c
 * discordant pairs at p = ½, i.e. min(1, 2·P(X ≤ min(b, c))). `value` is the
 * p-value; null when there is no discordant pair.
 */
export function mcnemarExact(b: number, c: number): Stat & { b: number; c: number } {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new StatsInputError("mcnemarExact: b and c must be non-negative integers");
  }
  const n = b + c;
  if (n === 0) return { ...statNull(0, "no discordant pairs"), b, c };
  const k = Math.min(b, c);
  // Sum the lower tail downwards from its largest term; terms shrink fast.
  let term = Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) - n * Math.LN2);
  let tail = 0;
  for (let i = k; i >= 0 && term > 0; i--) {
    tail += term;
    if (term < tail * 1e-17) break;
    term *= i / (n - i + 1);
  }
  return { value: Math.min(1, 2 * tail), n, b, c };
}

/**
 * Prompt-perturbation robustness for one model (§9): accuracy on original and
 * perturbed versions of the same items, the drop Δ = acc_orig − acc_pert (a
 * fraction; ×100 for percentage points), the relative drop Δ / acc_orig and
 * the exact McNemar test on the discordant pairs.
 */
export function accuracyDrop(original: readonly number[], perturbed: readonly number[]) {
  const { b, c, n } = discordantCounts(original, perturbed);
  if (n === 0) {
    const none = statNull(0, "no paired items");
    return { original: none, perturbed: none, delta: none, relativeDrop: none, mcnemar: mcnemarExact(0, 0) };
  }
  const accOriginal = original.reduce((s, x) => s + x, 0) / n;
  const accPerturbed = perturbed.reduce((s, x) => s + x, 0) / n;
  const delta = accOriginal - accPerturbed;
  return {
    original: { value: accOriginal, n },
    perturbed: { value: accPerturbed, n },
    delta: { value: delta, n },
    relativeDrop: accOriginal === 0 ? statNull(n, "original accuracy is 0") : { value: delta / accOriginal, n },
    mcnemar: mcnemarExact(b, c),
  };
}
