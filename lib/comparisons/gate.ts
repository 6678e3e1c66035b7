import type { RunComparison } from "./compare";

// The CI gate's verdict on a comparison. Pure, so the thresholds' meaning is
// tested in one place: the candidate fails when more (item, turn) units
// regressed than allowed, or when a criterion's headline figure (likert mean,
// else pass rate) dropped below the minimum delta.

export type GateThresholds = { maxRegressions: number; minDelta: number | null };
export const DEFAULT_MAX_REGRESSIONS = 0;

export type GateResult = {
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
  return { passed: reasons.length === 0, reasons, thresholds: resolved, regressedUnits: comparison.regressedUnits, improvedUnits: comparison.improvedUnits, criteria };
}

function formatSigned(x: number) {
  return `${x >= 0 ? "+" : ""}${Number(x.toFixed(4))}`;
}
