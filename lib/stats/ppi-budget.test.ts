import { describe, expect, it } from "vitest";
import { labelsNeededForHalfWidth, labelsNeededPerSlice, predictedHalfWidth, type PlanState } from "@/lib/stats/ppi-budget";
import { ppiMean } from "@/lib/stats/ppi";

const Z95 = 1.959963984540054;
const state: PlanState = { imputedVariance: 0.2, rectifierVariance: 0.1, n: 100, N: 900, confidence: 0.95 };

/** Scan every k: the plain definition the closed-form search must agree with. */
function firstReaching(s: PlanState, target: number): number | null {
  for (let k = 0; k < s.N; k++) if (Z95 * Math.sqrt(s.imputedVariance / (s.N - k) + s.rectifierVariance / (s.n + k)) <= target) return k;
  return null;
}

describe("predictedHalfWidth", () => {
  it("is z·√(V_u/(N − k) + V_r/(n + k))", () => {
    expect(predictedHalfWidth(state, 0)).toBeCloseTo(Z95 * Math.sqrt(0.2 / 900 + 0.1 / 100), 12);
    expect(predictedHalfWidth(state, 50)).toBeCloseTo(Z95 * Math.sqrt(0.2 / 850 + 0.1 / 150), 12);
    expect(() => predictedHalfWidth(state, 900)).toThrow(/900 units/);
  });

  it("at k = 0 equals the interval ppiMean reports", () => {
    const y = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const yhat = y.map((v, i) => (i % 7 === 0 ? 1 - v : v));
    const result = ppiMean({ labeled: { y, yhat }, unlabeledYhat: Array.from({ length: 300 }, (_, i) => (i % 4 === 0 ? 0 : 1)) });
    expect(predictedHalfWidth(result, 0)).toBeCloseTo((result.ci[1] - result.ci[0]) / 2, 12);
  });
});

describe("labelsNeededForHalfWidth", () => {
  it("finds the first k that reaches the target, as a scan over every k does", () => {
    for (const target of [0.069, 0.06, 0.05, 0.045, 0.04]) {
      const plan = labelsNeededForHalfWidth(state, target);
      const scanned = firstReaching(state, target);
      if (scanned === null) expect(plan.reachable).toBe(false);
      else expect(plan).toMatchObject({ reachable: true, more: scanned });
    }
    expect(labelsNeededForHalfWidth(state, 0.1)).toMatchObject({ reachable: true, more: 0 });
  });

  it("says when the target cannot be reached and how close it gets", () => {
    const plan = labelsNeededForHalfWidth(state, 0.01);
    expect(plan.reachable).toBe(false);
    if (plan.reachable) return;
    // The best width over every k, by scan.
    let best = Infinity;
    for (let k = 0; k < state.N; k++) best = Math.min(best, predictedHalfWidth(state, k));
    expect(plan.bestHalfWidth).toBeCloseTo(best, 12);
  });

  it("with λ = 0 (no judge term) only the labelled count matters", () => {
    const experts: PlanState = { imputedVariance: 0, rectifierVariance: 0.25, n: 100, N: 10_000, confidence: 0.95 };
    // z·√(0.25/(100 + k)) ≤ 0.03 ⇔ 100 + k ≥ 0.25·(z/0.03)² = 1067.07… → k = 968.
    expect(labelsNeededForHalfWidth(experts, 0.03)).toMatchObject({ reachable: true, more: 968 });
  });

  it("plans per slice", () => {
    const plans = labelsNeededPerSlice([{ key: "x", state }, { key: "y", state: { ...state, rectifierVariance: 0.15 } }], 0.06);
    expect(plans.map((p) => p.key)).toEqual(["x", "y"]);
    expect(plans[1]!.plan.reachable && plans[0]!.plan.reachable && plans[1]!.plan.more > plans[0]!.plan.more).toBe(true);
  });
});
