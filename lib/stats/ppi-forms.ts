import { ppiMean, ppiShortage, twoSidedZ, type PpiEstimate, type PpiInput } from "@/lib/stats/ppi";
import { assertSameLength, StatsInputError } from "@/lib/stats/types";

// Two shapes built on ppiMean: a figure combined from slices (strata), and the
// difference between two runs scored on the same items. Both keep ppiMean's
// formulas; docs/METRICS.md#ppi-stratified and #ppi-difference state them.

export type Stratum = {
  key: string;
  labeled: PpiInput["labeled"];
  unlabeledYhat: PpiInput["unlabeledYhat"];
  weights?: PpiInput["weights"];
};

export type StratumEstimate = {
  key: string;
  /** The slice's share of all units, (n_h + N_h) / Σ(n_k + N_k). */
  share: number;
  result: PpiEstimate;
};

export type StratifiedEstimate = {
  estimate: number;
  se: number;
  ci: [number, number];
  n: number;
  N: number;
  confidence: number;
  strata: StratumEstimate[];
};

/** Why a stratified figure cannot be shown (every slice must pass ppiShortage), naming the slices; null when it can. */
export function stratifiedShortage(strata: readonly Pick<Stratum, "key" | "labeled">[]): string | null {
  if (strata.length === 0) return "not enough data: no slices";
  const short = strata.flatMap((s) => {
    const reason = ppiShortage(s.labeled.y);
    return reason ? [`slice "${s.key}": ${reason}`] : [];
  });
  return short.length ? short.join("; ") : null;
}

/**
 * Stratified PPI(++): one ppiMean per slice (each with its own λ), combined as
 * Σ ω_h·θ_h with ω_h = (n_h + N_h) / Σ(n_k + N_k) — each slice counts by how
 * many units it holds, labelled or not, so the combined figure is the mean over
 * all units even when experts labelled the slices at different rates. The
 * slices are independent samples: se = √(Σ ω_h²·se_h²).
 */
export function ppiStratified(input: {
  strata: readonly Stratum[];
  confidence?: number;
  lambda?: PpiInput["lambda"];
}): StratifiedEstimate {
  const confidence = input.confidence ?? 0.95;
  if (input.strata.length === 0) throw new StatsInputError("ppiStratified: no strata");
  const keys = new Set<string>();
  for (const s of input.strata) {
    if (keys.has(s.key)) throw new StatsInputError(`ppiStratified: slice "${s.key}" appears twice`);
    keys.add(s.key);
  }
  const results = input.strata.map((s) => ({ key: s.key, result: ppiMean({ ...s, confidence, lambda: input.lambda }) }));
  const total = results.reduce((sum, { result }) => sum + result.n + result.N, 0);
  const strata = results.map(({ key, result }) => ({ key, share: (result.n + result.N) / total, result }));
  const estimate = strata.reduce((sum, s) => sum + s.share * s.result.estimate, 0);
  const se = Math.sqrt(strata.reduce((sum, s) => sum + s.share * s.share * s.result.se * s.result.se, 0));
  const half = twoSidedZ(confidence) * se;
  return {
    estimate,
    se,
    ci: [estimate - half, estimate + half],
    n: strata.reduce((sum, s) => sum + s.result.n, 0),
    N: strata.reduce((sum, s) => sum + s.result.N, 0),
    confidence,
    strata,
  };
}

export type PairedInput = {
  /** Items experts labelled in both runs: expert and judge values for run A and run B, item by item. */
  labeled: { yA: readonly number[]; yB: readonly number[]; yhatA: readonly number[]; yhatB: readonly number[] };
  /** Items the judge scored in both runs and no expert labelled in both. */
  unlabeled: { yhatA: readonly number[]; yhatB: readonly number[] };
  confidence?: number;
  lambda?: PpiInput["lambda"];
  weights?: PpiInput["weights"];
};

/**
 * B − A on the same items: the estimand is mean(y_B − y_A), the prediction the
 * judge's difference ŷ_B − ŷ_A. Pairing by item removes what the two runs share
 * (item difficulty) from the variance, which two separate intervals cannot do.
 */
export function ppiPairedDifference(input: PairedInput): PpiEstimate {
  const { labeled, unlabeled } = input;
  assertSameLength(labeled.yA, labeled.yB, "ppiPairedDifference labelled runs A and B");
  assertSameLength(labeled.yhatA, labeled.yhatB, "ppiPairedDifference labelled judge values A and B");
  assertSameLength(labeled.yA, labeled.yhatA, "ppiPairedDifference labelled expert and judge values");
  assertSameLength(unlabeled.yhatA, unlabeled.yhatB, "ppiPairedDifference unlabelled judge values A and B");
  return ppiMean({
    labeled: { y: pairedDifferences(labeled.yA, labeled.yB), yhat: pairedDifferences(labeled.yhatA, labeled.yhatB) },
    unlabeledYhat: pairedDifferences(unlabeled.yhatA, unlabeled.yhatB),
    confidence: input.confidence,
    lambda: input.lambda,
    weights: input.weights,
  });
}

/** b_i − a_i item by item: the values a paired figure (and its not-enough-data check) works on. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  return b.map((value, i) => value - a[i]!);
}
