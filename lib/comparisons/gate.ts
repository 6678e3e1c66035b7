import type { PairedEstimate } from "@/lib/estimates/paired";
import type { RunComparison } from "./compare";

// The CI gate's verdict on a comparison. Pure, so the thresholds' meaning is
// tested in one place: the candidate fails when more (item, turn) units
// regressed than allowed, or when a criterion's headline figure (likert mean,
// else pass rate) dropped below the minimum delta.

export type GateThresholds = { maxRegressions: number; minDelta: number | null };
export const DEFAULT_MAX_REGRESSIONS = 0;

/** What a criterion's PPI++ difference rests on, for the gate's output (estimator ppi). */
type PpiBasis = { n: number; N: number; lambda: number | null; effectiveLabels: number | null; notEnoughData: string | null };

export type GateResult = {
  /** bootstrap: regressions and the decided scores' paired difference; ppi: the PPI++ paired difference. */
  estimator: "bootstrap" | "ppi";
  passed: boolean;
  reasons: string[];
  thresholds: GateThresholds;
  regressedUnits: number;
  improvedUnits: number;
  criteria: {
    key: string;
    metric: "mean" | "pass rate";
    baseline: number | null;
    candidate: number | null;
    delta: number | null;
    deltaLower: number | null;
    deltaUpper: number | null;
    paired: number;
    regressed: number;
    improved: number;
    passed: boolean;
    ppi?: PpiBasis;
  }[];
};

export function evaluateGate(comparison: RunComparison, thresholds: Partial<GateThresholds> = {}): GateResult {
  const resolved: GateThresholds = { maxRegressions: thresholds.maxRegressions ?? DEFAULT_MAX_REGRESSIONS, minDelta: thresholds.minDelta ?? null };
  const reasons: string[] = [];
  if (comparison.regressedUnits > resolved.maxRegressions) {
    reasons.push(`${comparison.regressedUnits} item(s) regressed (allowed: ${resolved.maxRegressions}).`);
  }
  const criteria = comparison.criteria.map((criterion) => {
    const delta = criterion.delta.value;
    let passed = true;
    if (criterion.paired === 0) {
      passed = false;
      reasons.push(`${criterion.key}: no item is decided in both runs, so the candidate cannot be shown not to regress.`);
    } else if (resolved.minDelta !== null && delta !== null && delta < resolved.minDelta) {
      passed = false;
      reasons.push(`${criterion.key}: ${criterion.metric} changed by ${formatSigned(delta)} (minimum allowed: ${formatSigned(resolved.minDelta)}).`);
    }
    if (criterion.regressed > 0 && comparison.regressedUnits > resolved.maxRegressions) passed = false;
    return {
      key: criterion.key,
      metric: criterion.metric,
      baseline: criterion.baseline.value,
      candidate: criterion.candidate.value,
      delta,
      deltaLower: criterion.delta.lower,
      deltaUpper: criterion.delta.upper,
      paired: criterion.paired,
      regressed: criterion.regressed,
      improved: criterion.improved,
      passed,
    };
  });
  return { estimator: "bootstrap", passed: reasons.length === 0, reasons, thresholds: resolved, regressedUnits: comparison.regressedUnits, improvedUnits: comparison.improvedUnits, criteria };
}

/**
 * The gate on the PPI++ paired difference (estimator ppi): a criterion fails
 * when the difference is shown below the minimum — the upper end of its 95 %
 * interval under minDelta (default 0: a regression the data show) — or when
 * there is not enough data to decide. Item regressions are reported, not
 * counted: they rest on the judge's uncorrected word.
 */
export function evaluatePpiGate(comparison: RunComparison, estimates: PairedEstimate[], thresholds: Partial<GateThresholds> = {}): GateResult {
  const resolved: GateThresholds = { maxRegressions: thresholds.maxRegressions ?? DEFAULT_MAX_REGRESSIONS, minDelta: thresholds.minDelta ?? null };
  const floor = resolved.minDelta ?? 0;
  const reasons: string[] = [];
  const criteria = comparison.criteria.map((criterion) => {
    const estimate = estimates.find((e) => e.key === criterion.key);
    const ppi = estimate?.ppi ?? null;
    let passed = true;
    if (!estimate || !ppi) {
      passed = false;
      reasons.push(`${criterion.key}: PPI++ difference — ${estimate?.notEnoughData ?? "no units the judge scored in both runs"}, so the candidate cannot be shown not to regress.`);
    } else if (ppi.upper < floor) {
      passed = false;
      reasons.push(`${criterion.key}: PPI++ ${criterion.metric} difference ${formatSigned(ppi.estimate)}, 95% interval [${formatSigned(ppi.lower)}, ${formatSigned(ppi.upper)}] lies below ${formatSigned(floor)}.`);
    }
    return {
      key: criterion.key,
      metric: criterion.metric,
      baseline: criterion.baseline.value,
      candidate: criterion.candidate.value,
      delta: ppi?.estimate ?? null,
      deltaLower: ppi?.lower ?? null,
      deltaUpper: ppi?.upper ?? null,
      paired: criterion.paired,
      regressed: criterion.regressed,
      improved: criterion.improved,
      passed,
      ppi: { n: estimate?.n ?? 0, N: estimate?.N ?? 0, lambda: ppi?.lambda ?? null, effectiveLabels: estimate?.effectiveLabels ?? null, notEnoughData: estimate?.notEnoughData ?? null },
    };
  });
  return { estimator: "ppi", passed: reasons.length === 0, reasons, thresholds: resolved, regressedUnits: comparison.regressedUnits, improvedUnits: comparison.improvedUnits, criteria };
}

function formatSigned(x: number) {
  return `${x >= 0 ? "+" : ""}${Number(x.toFixed(4))}`;
}
