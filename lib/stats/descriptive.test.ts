import { describe, expect, it } from "vitest";
import {
  confusionMatrix,
  mean,
  meanAbsoluteError,
  meanSignedDifference,
  median,
  withinOneAgreement,
} from "@/lib/stats/descriptive";
import { StatsInputError } from "@/lib/stats/types";

const TOL = 9;

describe("descriptive statistics", () => {
  it("mean and median, null on empty input", () => {
    expect(mean([1, 2, 3, 10])).toEqual({ value: 4, n: 4 });
    expect(median([5, 1, 3])).toEqual({ value: 3, n: 3 });
    expect(median([4, 1, 3, 2])).toEqual({ value: 2.5, n: 4 });
    expect(mean([]).value).toBeNull();
    expect(median([]).reason).toBeTruthy();
    expect(() => mean([1, Number.NaN])).toThrow(StatsInputError);
  });

  it("MAE and mean signed difference use items where both values are present", () => {
    const judge = [4, 5, null, 2, 3];
    const human = [3, 5, 4, 4, null];
    expect(meanAbsoluteError(judge, human)).toEqual({ value: 1, n: 3 });
    expect(meanSignedDifference(judge, human).value).toBeCloseTo(-1 / 3, TOL);
    expect(meanAbsoluteError([null], [1]).value).toBeNull();
  });

  it("within-one agreement counts declared scale positions", () => {
    const cats = ["poor", "fair", "good", "great"];
    const r = withinOneAgreement(["poor", "good", "great", null], ["fair", "poor", "great", "good"], { categories: cats });
    expect(r).toEqual({ value: 2 / 3, n: 3 });
  });

  it("confusion matrix keeps declared categories nobody used", () => {
    const r = confusionMatrix([1, 2, 2, null], [1, 3, 2, 1], [1, 2, 3, 4]);
    expect(r.n).toBe(3);
    expect(r.counts).toEqual([
      [1, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(() => confusionMatrix([5], [1], [1, 2])).toThrow(StatsInputError);
    expect(() => confusionMatrix([1], [1], [1, 1])).toThrow(StatsInputError);
  });
});
