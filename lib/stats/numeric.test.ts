import { describe, expect, it } from "vitest";
import { logFactorial, midRanks, pearson, quantileSorted } from "@/lib/stats/numeric";

describe("numeric helpers", () => {
  it("mid-ranks average tied positions (scipy.stats.rankdata)", () => {
    expect(midRanks([10, 20, 20, 5, 20])).toEqual([2, 4, 4, 1, 4]);
  });

  it("type-7 quantiles interpolate between order statistics", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it("log-factorial is exact in the table and accurate past it", () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let exact = 0;
    for (let k = 1; k <= 1000; k++) exact += Math.log(k);
    expect(logFactorial(1000) / exact).toBeCloseTo(1, 13);
  });

  it("pearson is null for constant input", () => {
    expect(pearson([1, 2, 3], [2, 4, 6]).value).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [2, 4, 6]).reason).toBe("x is constant");
    expect(pearson([1], [2]).value).toBeNull();
  });
});
