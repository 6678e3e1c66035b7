import { describe, expect, it } from "vitest";
import { ppiMean } from "@/lib/stats/ppi";
import { pairedDifferences, ppiPairedDifference, ppiStratified, stratifiedShortage } from "@/lib/stats/ppi-forms";
import { ppiValue } from "@/lib/stats/ppi-values";
import { StatsInputError } from "@/lib/stats/types";

const Z95 = 1.959963984540054;

describe("ppiStratified", () => {
  // Slice "a": y = [1, 0, 1, 0], ŷ = [1, 0, 1, 1], ŷ_u = [1, 1, 0, 1, 1, 0] → 10 units.
  // Slice "b": y = [2, 4], ŷ = [3, 4], ŷ_u = [3, 5, 4, 4, 2, 3, 3, 4, 5, 3, 4, 4, 3, 5] → 16 units.
  const a = { key: "a", labeled: { y: [1, 0, 1, 0], yhat: [1, 0, 1, 1] }, unlabeledYhat: [1, 1, 0, 1, 1, 0] };
  const b = { key: "b", labeled: { y: [2, 4], yhat: [3, 4] }, unlabeledYhat: [3, 5, 4, 4, 2, 3, 3, 4, 5, 3, 4, 4, 3, 5] };

  it("weights each slice by (n_h + N_h) / Σ and adds variances with the squared weights", () => {
    // λ = 1. Slice a: θ = 2/3 − 1/4, se² = (2/9)/6 + (3/16)/4 (ppi.test.ts).
    // Slice b: mean(ŷ_u) = 52/14, y − ŷ = [−1, 0] → mean −1/2, var₀ 1/4;
    //   var₀(ŷ_u) = Σŷ²/14 − (52/14)² = 204/14 − (52/14)².
    // Shares: a 10/26, b 16/26.
    const thetaA = 2 / 3 - 1 / 4;
    const varA = 2 / 9 / 6 + 3 / 16 / 4;
    const thetaB = 52 / 14 - 0.5;
    const varB = (204 / 14 - (52 / 14) ** 2) / 14 + 0.25 / 2;
    const result = ppiStratified({ strata: [a, b], lambda: 1 });
    const estimate = (10 / 26) * thetaA + (16 / 26) * thetaB;
    const se = Math.sqrt((10 / 26) ** 2 * varA + (16 / 26) ** 2 * varB);
    expect(result.strata.map((s) => s.share)).toEqual([10 / 26, 16 / 26]);
    expect(result.strata[1]!.result.estimate).toBeCloseTo(thetaB, 14);
    expect(result.estimate).toBeCloseTo(estimate, 14);
    expect(result.se).toBeCloseTo(se, 14);
    expect(result.ci[1]).toBeCloseTo(estimate + Z95 * se, 12);
    expect(result).toMatchObject({ n: 6, N: 20 });
  });

  it("tunes λ per slice", () => {
    const result = ppiStratified({ strata: [a, b] });
    expect(result.strata[0]!.result.lambda).toBeCloseTo(9 / 28, 14);
    expect(result.strata[0]!.result.lambda).toBe(ppiMean(a).lambda);
    expect(result.strata[1]!.result.lambda).toBe(ppiMean(b).lambda);
  });

  it("refuses duplicate and missing slices; the shortage names the slices", () => {
    expect(() => ppiStratified({ strata: [a, a] })).toThrow(/appears twice/);
    expect(() => ppiStratified({ strata: [] })).toThrow(StatsInputError);
    expect(stratifiedShortage([a, b])).toBe('slice "a": not enough data: 4 expert labels, at least 20 needed; slice "b": not enough data: 2 expert labels, at least 20 needed');
    const many = { key: "c", labeled: { y: Array.from({ length: 20 }, (_, i) => i % 2), yhat: Array.from({ length: 20 }, () => 1) } };
    expect(stratifiedShortage([many])).toBeNull();
    expect(stratifiedShortage([])).toMatch(/no slices/);
  });
});

describe("ppiPairedDifference", () => {
  it("estimates mean(y_B − y_A) with the judge's difference as prediction", () => {
    // Differences: y = [1, 0, 0, 0], ŷ = [1, 0, 1, 0], ŷ_u = [1, 0, 0].
    // λ = 1: 1/3 + mean([0, 0, −1, 0]) = 1/3 − 1/4; se² = (2/9)/3 + (3/16)/4.
    const input = {
      labeled: { yA: [0, 1, 1, 0], yB: [1, 1, 1, 0], yhatA: [0, 1, 0, 0], yhatB: [1, 1, 1, 0] },
      unlabeled: { yhatA: [0, 0, 1], yhatB: [1, 0, 1] },
    };
    const result = ppiPairedDifference({ ...input, lambda: 1 });
    expect(result.estimate).toBeCloseTo(1 / 3 - 1 / 4, 14);
    expect(result.se).toBeCloseTo(Math.sqrt(2 / 9 / 3 + 3 / 16 / 4), 14);
    expect(pairedDifferences([1, 2], [4, 4])).toEqual([3, 2]);
    expect(() => ppiPairedDifference({ ...input, unlabeled: { yhatA: [0], yhatB: [] } })).toThrow(/differ in length/);
  });
});

describe("ppiValue", () => {
  it("maps pass, score and preference outcomes to numbers", () => {
    expect(ppiValue({ kind: "pass", passed: true })).toBe(1);
    expect(ppiValue({ kind: "pass", passed: false })).toBe(0);
    expect(ppiValue({ kind: "score", value: 3.5 })).toBe(3.5);
    expect(["win", "tie", "loss"].map((result) => ppiValue({ kind: "preference", result: result as "win" }))).toEqual([1, 0.5, 0]);
  });
});
