import { describe, expect, it } from "vitest";
import { meanWithCi, studentTQuantile } from "@/lib/stats/mean-ci";
import { StatsInputError } from "@/lib/stats/types";

const moments = (xs: number[]) => ({ n: xs.length, sum: xs.reduce((s, x) => s + x, 0), sumOfSquares: xs.reduce((s, x) => s + x * x, 0) });

describe("studentTQuantile", () => {
  it("matches R's qt() to 1e-8", () => {
    // qt(p, df) in R 4.x.
    const cases: [number, number, number][] = [
      [0.975, 1, 12.706204736],
      [0.975, 2, 4.302652730],
      [0.975, 5, 2.570581836],
      [0.975, 7, 2.364624252],
      [0.975, 10, 2.228138852],
      [0.975, 30, 2.042272456],
      [0.975, 1000, 1.962339081],
      [0.995, 4, 4.604094871],
      [0.9, 3, 1.637744354],
    ];
    for (const [p, df, want] of cases) expect(studentTQuantile(p, df), `qt(${p}, ${df})`).toBeCloseTo(want, 8);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 8);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });

  it("matches the closed forms for 1 and 2 degrees of freedom to 1e-10", () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 10);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it("refuses p outside (0, 1) and df ≤ 0", () => {
    expect(() => studentTQuantile(1, 3)).toThrow(StatsInputError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(StatsInputError);
  });
});

describe("meanWithCi", () => {
  it("is R's t.test interval, from the moments alone", () => {
    // t.test(c(2, 4, 4, 4, 5, 5, 7, 9))$conf.int = 3.212512, 6.787488; sd = sqrt(32 / 7).
    const r = meanWithCi(moments([2, 4, 4, 4, 5, 5, 7, 9]));
    expect(r.value).toBe(5);
    expect(r.n).toBe(8);
    expect(r.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(r.ci![0]).toBeCloseTo(5 - 1.7874879185, 8);
    expect(r.ci![1]).toBeCloseTo(5 + 1.7874879185, 8);
    expect(r.level).toBe(0.95);
  });

  it("takes fractional scores and other levels", () => {
    const xs = [8.5, 9, 7.25, 10, 6.5];
    const r = meanWithCi(moments(xs), 0.99);
    const mean = 41.25 / 5;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
    expect(r.value).toBeCloseTo(mean, 12);
    expect(r.ci![1] - mean).toBeCloseTo(4.604094871 * (sd / Math.sqrt(5)), 8);
  });

  it("a constant sample has a zero-width interval, never NaN", () => {
    const r = meanWithCi(moments([0.1, 0.1, 0.1]));
    expect(r.sd).toBe(0);
    expect(r.ci![0]).toBeCloseTo(0.1, 12);
    expect(r.ci![1]).toBeCloseTo(0.1, 12);
  });

  it("says why there is no mean or no interval", () => {
    expect(meanWithCi(moments([]))).toEqual({ value: null, n: 0, reason: "no scores", sd: null, ci: null, level: 0.95 });
    expect(meanWithCi(moments([4]))).toEqual({ value: 4, n: 1, reason: "one score: no interval", sd: null, ci: null, level: 0.95 });
    expect(() => meanWithCi({ n: 2, sum: Number.NaN, sumOfSquares: 1 })).toThrow(StatsInputError);
  });
});
