import { describe, expect, it } from "vitest";
import { fixedAllocation, proportionalAllocation, stratumInclusionProbabilities } from "@/lib/stats/strata";
import { StatsInputError } from "@/lib/stats/types";

describe("fixedAllocation", () => {
  it("takes n from each stratum, all of a smaller one", () => {
    expect(fixedAllocation([10, 3, 0], 5)).toEqual([5, 3, 0]);
  });
  it("refuses a non-positive n", () => {
    expect(() => fixedAllocation([10], 0)).toThrow(StatsInputError);
  });
});

describe("proportionalAllocation", () => {
  it("splits in proportion to the sizes, by largest remainder", () => {
    // Sizes 60/30/10, total 10: one each, then 7 by share of the rest (59/29/9 of 97):
    // 4.258, 2.093, 0.649 → floors 4, 2, 0 (6), the last one to the largest remainder (0.649).
    expect(proportionalAllocation([60, 30, 10], 10)).toEqual([5, 3, 2]);
  });
  it("adds up to the total and never exceeds a stratum", () => {
    const parts = proportionalAllocation([2, 50, 7], 20);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(20);
    parts.forEach((part, h) => expect(part).toBeLessThanOrEqual([2, 50, 7][h]!));
  });
  it("takes everything when the total exceeds the population", () => {
    expect(proportionalAllocation([2, 3], 100)).toEqual([2, 3]);
  });
  it("gives one each only when the total covers every stratum", () => {
    expect(proportionalAllocation([1, 1, 1, 1], 2)).toEqual([1, 1, 0, 0]);
    expect(proportionalAllocation([0, 4], 2)).toEqual([0, 2]);
  });
});

describe("stratumInclusionProbabilities", () => {
  it("is n_h / N_h", () => {
    expect(stratumInclusionProbabilities([10, 4, 0], [5, 4, 0])).toEqual([0.5, 1, 0]);
  });
});
