import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootstrapKappaFromCounts, cohenKappaFromCounts, kendallTauB, percentAgreement, spearman } from "@/lib/stats/agreement";
import { bootstrapCi } from "@/lib/stats/bootstrap";
import { meanAbsoluteError, meanSignedDifference, withinOneAgreement } from "@/lib/stats/descriptive";
import {
  bootstrapPairedTable,
  kendallTauBFromCounts,
  meanAbsoluteErrorFromCounts,
  meanSignedDifferenceFromCounts,
  percentAgreementFromCounts,
  spearmanFromCounts,
  withinOneFromCounts,
} from "@/lib/stats/paired-table";
import { StatsInputError, type Stat } from "@/lib/stats/types";

// Row-level pairs a table stands for: x = row category value, y = column category value.
function expand(table: number[][], xValues: number[], yValues = xValues) {
  const x: number[] = [];
  const y: number[] = [];
  table.forEach((row, i) => row.forEach((c, j) => {
    for (let t = 0; t < c; t++) {
      x.push(xValues[i]!);
      y.push(yValues[j]!);
    }
  }));
  return { x, y };
}

function expectSameStat(actual: Stat, expected: Stat) {
  expect(actual.n).toBe(expected.n);
  if (expected.value === null) {
    expect(actual.value).toBeNull();
    expect(actual.reason).toBe(expected.reason);
  } else {
    expect(actual.value).not.toBeNull();
    expect(Math.abs(actual.value! - expected.value)).toBeLessThan(1e-9);
  }
}

const LIKERT = [1, 2, 3, 4, 5];
// A judge that mostly agrees, a bit lenient: the demo's shape.
const TABLE = [
  [6, 2, 0, 0, 0],
  [1, 7, 3, 0, 0],
  [0, 2, 9, 3, 1],
  [0, 0, 2, 8, 3],
  [0, 0, 0, 1, 5],
];
const OPTIONS = { rounds: 1000, seed: 7 };

describe("statistics from counts equal the row-level ones on the expanded rows", () => {
  const tables = (rows: number, cols: number) =>
    fc.array(fc.array(fc.nat({ max: 6 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
  const squares = fc.integer({ min: 1, max: 6 }).chain((k) => tables(k, k));

  it("agreement, within one, MAE and mean signed difference on square tables", () => {
    fc.assert(
      fc.property(squares, (table) => {
        const values = table.map((_, i) => 2 * i - 3);
        const { x, y } = expand(table, values);
        const categories = values;
        expectSameStat(percentAgreementFromCounts(table), percentAgreement(x, y));
        expectSameStat(withinOneFromCounts(table), withinOneAgreement(x, y, { categories }));
        expectSameStat(meanAbsoluteErrorFromCounts(table, values), meanAbsoluteError(x, y));
        expectSameStat(meanSignedDifferenceFromCounts(table, values), meanSignedDifference(x, y));
      }),
      { numRuns: 300 },
    );
  });

  it("Spearman (mid-ranks) and Kendall τ-b on tables of any shape, ties and constant margins included", () => {
    const shaped = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([r, c]) => tables(r, c));
    fc.assert(
      fc.property(shaped, (table) => {
        // Any increasing values: ranks only depend on the order.
        const { x, y } = expand(table, table.map((_, i) => i * i + 0.5), table[0]!.map((_, j) => 10 - 3 / (j + 1)));
        expectSameStat(spearmanFromCounts(table), spearman(x, y));
        expectSameStat(kendallTauBFromCounts(table), kendallTauB(x, y));
      }),
      { numRuns: 400 },
    );
  });

  it("says why a figure is undefined instead of returning 0 or NaN", () => {
    expect(spearmanFromCounts([[0, 0], [0, 1]])).toEqual({ value: null, n: 1, reason: "fewer than 2 observations" });
    expect(spearmanFromCounts([[3, 2], [0, 0]])).toEqual({ value: null, n: 5, reason: "x is constant" });
    expect(kendallTauBFromCounts([[3, 0], [2, 0]])).toEqual({ value: null, n: 5, reason: "y is constant" });
    expect(meanAbsoluteErrorFromCounts([[0, 0], [0, 0]], [1, 2]).reason).toBe("no item with both values");
    expect(() => meanAbsoluteErrorFromCounts([[1, 2]], [1])).toThrow(StatsInputError);
    expect(() => percentAgreementFromCounts([[1, -1], [0, 0]])).toThrow(/cell \(0, 1\)/);
    expect(() => spearmanFromCounts([[1, 2], [3]])).toThrow(/row 1/);
  });
});

describe("bootstrapPairedTable", () => {
  const statistics = {
    exact: percentAgreementFromCounts,
    spearman: spearmanFromCounts,
    kendall: kendallTauBFromCounts,
    mae: (t: number[][]) => meanAbsoluteErrorFromCounts(t, LIKERT),
    msd: (t: number[][]) => meanSignedDifferenceFromCounts(t, LIKERT),
    kappa: (t: number[][]) => cohenKappaFromCounts(t, { weights: "quadratic" }),
  };

  it("gives intervals that contain the point estimate and reports B, seed and n", () => {
    const cis = bootstrapPairedTable(TABLE, statistics, OPTIONS);
    const { x, y } = expand(TABLE, LIKERT);
    expect(cis.spearman.value).toBeCloseTo(spearman(x, y).value!, 12);
    expect(cis.mae.value).toBeCloseTo(meanAbsoluteError(x, y).value!, 12);
    for (const ci of Object.values(cis)) {
      expect(ci.lower!).toBeLessThanOrEqual(ci.value!);
      expect(ci.upper!).toBeGreaterThanOrEqual(ci.value!);
      expect(ci.upper! - ci.lower!).toBeGreaterThan(0);
      expect(ci).toMatchObject({ n: 53, rounds: 1000, seed: 7, level: 0.95, undefinedRounds: 0 });
    }
  });

  it("is reproducible from the seed, and draws the same replicates as the κ bootstrap", () => {
    const a = bootstrapPairedTable(TABLE, statistics, OPTIONS);
    expect(bootstrapPairedTable(TABLE, statistics, OPTIONS)).toEqual(a);
    expect(bootstrapPairedTable(TABLE, statistics, { ...OPTIONS, seed: 8 }).spearman.lower).not.toBe(a.spearman.lower);
    // One resampler: the κ interval is bootstrapKappaFromCounts's with the same seed, to the bit.
    expect(a.kappa).toEqual(bootstrapKappaFromCounts(TABLE, { ...OPTIONS, weights: "quadratic" }));
  });

  it("returns null with a reason on degenerate tables", () => {
    const constantJudge = [
      [0, 0, 4, 0, 0],
      [0, 0, 3, 0, 0],
      [0, 0, 5, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ];
    const cis = bootstrapPairedTable(constantJudge, statistics, OPTIONS);
    expect(cis.spearman).toMatchObject({ value: null, reason: "y is constant", lower: null, upper: null });
    expect(cis.kendall).toMatchObject({ value: null, reason: "y is constant", lower: null, upper: null });
    expect(cis.mae.value).not.toBeNull();
    const empty = bootstrapPairedTable([[0, 0], [0, 0]], { exact: percentAgreementFromCounts }, OPTIONS);
    expect(empty.exact).toMatchObject({ value: null, n: 0, reason: "no item rated by both raters", lower: null });
  });

  it("agrees with a brute-force bootstrap over the expanded rows, within Monte Carlo error", () => {
    // Different draws (multinomial over cells vs indices over rows), same sampling
    // distribution: with 4000 rounds each, percentile bounds differ by a few 0.001.
    const rounds = 4000;
    const { x, y } = expand(TABLE, LIKERT);
    const rows = x.map((xi, i) => [xi, y[i]!] as const);
    const brute = {
      spearman: bootstrapCi(rows, (s) => spearman(s.map((r) => r[0]), s.map((r) => r[1])), { rounds, seed: 11 }),
      kendall: bootstrapCi(rows, (s) => kendallTauB(s.map((r) => r[0]), s.map((r) => r[1])), { rounds, seed: 11 }),
      mae: bootstrapCi(rows, (s) => meanAbsoluteError(s.map((r) => r[0]), s.map((r) => r[1])), { rounds, seed: 11 }),
      msd: bootstrapCi(rows, (s) => meanSignedDifference(s.map((r) => r[0]), s.map((r) => r[1])), { rounds, seed: 11 }),
    };
    const fromCounts = bootstrapPairedTable(TABLE, statistics, { rounds, seed: 12 });
    for (const name of ["spearman", "kendall", "mae", "msd"] as const) {
      expect(fromCounts[name].value).toBeCloseTo(brute[name].value!, 12);
      expect(Math.abs(fromCounts[name].lower! - brute[name].lower!)).toBeLessThan(0.03);
      expect(Math.abs(fromCounts[name].upper! - brute[name].upper!)).toBeLessThan(0.03);
    }
  });
});
