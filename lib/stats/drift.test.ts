import { describe, expect, it } from "vitest";
import { benjaminiHochberg, twoProportionZTest, welchTTest } from "@/lib/stats/drift";

// Reference values from SciPy 1.17 (scipy.stats.ttest_ind(equal_var=False),
// scipy.stats.false_discovery_control) and the pooled z formula by hand.

describe("twoProportionZTest", () => {
  it("matches the pooled two-proportion z test: 45/100 vs 30/100", () => {
    const result = twoProportionZTest({ passed: 45, n: 100 }, { passed: 30, n: 100 })!;
    expect(result.difference).toBeCloseTo(0.15, 12);
    expect(result.statistic).toBeCloseTo(2.1908902300206647, 9);
    expect(result.pValue).toBeCloseTo(0.02845973691631055, 7);
  });

  it("is symmetric and gives p = 1 when both windows are all passes", () => {
    expect(twoProportionZTest({ passed: 30, n: 100 }, { passed: 45, n: 100 })!.statistic).toBeCloseTo(-2.1908902300206647, 9);
    expect(twoProportionZTest({ passed: 10, n: 10 }, { passed: 20, n: 20 })!.pValue).toBe(1);
  });

  it("has no result for an empty window and refuses impossible counts", () => {
    expect(twoProportionZTest({ passed: 0, n: 0 }, { passed: 3, n: 5 })).toBeNull();
    expect(() => twoProportionZTest({ passed: 6, n: 5 }, { passed: 3, n: 5 })).toThrow(/passed/);
  });
});

describe("welchTTest", () => {
  it("matches SciPy's Welch t test from moments", () => {
    // a = [4.1, 3.9, 4.4, 4.0, 4.6, 3.8], b = [3.2, 3.9, 3.5, 3.1, 3.6, 3.4, 3.0, 3.3]
    const result = welchTTest({ n: 6, sum: 24.8, sumOfSquares: 102.98 }, { n: 8, sum: 27, sumOfSquares: 91.72 })!;
    expect(result.statistic).toBeCloseTo(4.666973512619374, 8);
    expect(result.pValue).toBeCloseTo(0.0007617952319987723, 8);
    expect(result.difference).toBeCloseTo(24.8 / 6 - 27 / 8, 12);
  });

  it("needs two scores on each side", () => {
    expect(welchTTest({ n: 1, sum: 4, sumOfSquares: 16 }, { n: 8, sum: 27, sumOfSquares: 91.72 })).toBeNull();
  });
});

describe("benjaminiHochberg", () => {
  it("matches SciPy's false_discovery_control, in the input's order", () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5]);
    [0.025, 0.05, 0.05, 0.025, 0.5].forEach((expected, i) => expect(q[i]).toBeCloseTo(expected, 12));
  });

  it("keeps q-values monotone and at most 1", () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([1.5])).toThrow(/\[0, 1\]/);
  });
});
