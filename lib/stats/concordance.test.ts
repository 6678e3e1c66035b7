import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linConcordance, pearson } from "@/lib/stats/agreement";
import { linConcordanceFromCounts, pearsonFromCounts } from "@/lib/stats/paired-table";

// Pearson's r and Lin's concordance correlation coefficient (METRICS.md:
// figures for real-valued scores).

describe("pearson and linConcordance, worked by hand", () => {
  // x = 1 2 3 4 5, y = 2 3 3 5 6.
  // x̄ = 3, ȳ = 19/5 = 3.8; deviations dx = −2 −1 0 1 2, dy = −1.8 −0.8 −0.8 1.2 2.2.
  // Σdx·dy = 3.6 + 0.8 + 0 + 1.2 + 4.4 = 10; Σdx² = 10; Σdy² = 3.24 + 0.64 + 0.64 + 1.44 + 4.84 = 10.8.
  // r = 10 / √(10 · 10.8) = 10 / √108 = 0.962250448649376…
  // Population moments: s_xy = 2, s_x² = 2, s_y² = 2.16, (x̄ − ȳ)² = 0.64,
  // ρc = 2·2 / (2 + 2.16 + 0.64) = 4 / 4.8 = 5/6.
  const x = [1, 2, 3, 4, 5];
  const y = [2, 3, 3, 5, 6];

  it("gives r = 10/√108 and ρc = 5/6", () => {
    expect(pearson(x, y).value).toBeCloseTo(10 / Math.sqrt(108), 12);
    expect(linConcordance(x, y)).toEqual({ value: expect.closeTo(5 / 6, 12), n: 5 });
  });

  it("equals Lin's decomposition ρc = r · C_b with C_b = 2 / (v + 1/v + u²)", () => {
    // v = s_x / s_y = √2 / √2.16, u = (x̄ − ȳ) / √(s_x s_y) (Lin 1989, eq. 3).
    const v = Math.sqrt(2) / Math.sqrt(2.16);
    const u = -0.8 / Math.sqrt(Math.sqrt(2) * Math.sqrt(2.16));
    expect(linConcordance(x, y).value).toBeCloseTo((10 / Math.sqrt(108)) * (2 / (v + 1 / v + u * u)), 12);
  });

  it("works on fractional scores: a judge 0.5 points more lenient is perfectly correlated but not concordant", () => {
    const human = [8.5, 6, 7.25, 9, 3.5];
    const judge = human.map((h) => h + 0.5);
    expect(pearson(human, judge).value).toBeCloseTo(1, 12);
    // s_x² = s_y² = s, s_xy = s, (x̄ − ȳ)² = 0.25: ρc = 2s / (2s + 0.25).
    const m = human.reduce((a, b) => a + b, 0) / 5;
    const s = human.reduce((a, h) => a + (h - m) ** 2, 0) / 5;
    expect(linConcordance(human, judge).value).toBeCloseTo((2 * s) / (2 * s + 0.25), 12);
    expect(linConcordance(human, human).value).toBe(1);
  });

  it("is null with a reason when undefined, never NaN", () => {
    expect(linConcordance([4, 4, 4], [4, 4, 4])).toEqual({ value: null, n: 3, reason: "no variation: both raters give the same constant value" });
    // Different constants are defined: no covariance, so no concordance.
    expect(linConcordance([4, 4, 4], [5, 5, 5]).value).toBe(0);
    expect(pearson([4, 4, 4], [1, 2, 3]).reason).toBe("x is constant");
    expect(linConcordance([1], [1]).reason).toBe("fewer than 2 observations");
  });
});

describe("the table forms equal the row forms on the expanded rows", () => {
  it("pearsonFromCounts and linConcordanceFromCounts", () => {
    const squares = fc.integer({ min: 1, max: 5 }).chain((k) => fc.array(fc.array(fc.nat({ max: 5 }), { minLength: k, maxLength: k }), { minLength: k, maxLength: k }));
    fc.assert(
      fc.property(squares, (table) => {
        const values = table.map((_, i) => 0.5 * i * i - 1.25);
        const x: number[] = [];
        const y: number[] = [];
        table.forEach((row, i) => row.forEach((c, j) => { for (let t = 0; t < c; t++) { x.push(values[i]!); y.push(values[j]!); } }));
        for (const [fromCounts, fromRows] of [[pearsonFromCounts(table, values), pearson(x, y)], [linConcordanceFromCounts(table, values), linConcordance(x, y)]] as const) {
          expect(fromCounts.n).toBe(fromRows.n);
          if (fromRows.value === null) expect(fromCounts.reason).toBe(fromRows.reason);
          else expect(Math.abs(fromCounts.value! - fromRows.value)).toBeLessThan(1e-9);
        }
      }),
    );
  });
});
