import { describe, expect, it } from "vitest";
import { accuracyDrop, discordantCounts, itemDiscrimination, itemRestCorrelation, mcnemarExact } from "@/lib/stats/items";
import { StatsInputError } from "@/lib/stats/types";

const TOL = 9;

// 10 models × 6 items; expected values from numpy.corrcoef(x_j, T − x_j).
const SCORES = [
  [1, 1, 1, 0, 1, 0],
  [1, 1, 0, 0, 1, 0],
  [1, 0, 1, 1, 1, 0],
  [1, 1, 1, 1, 1, 0],
  [1, 0, 0, 0, 0, 0],
  [1, 1, 1, 0, 0, 0],
  [1, 0, 0, 1, 1, 0],
  [1, 1, 1, 1, 0, 0],
  [1, 0, 1, 0, 1, 0],
  [1, 1, 0, 0, 0, 0],
];

describe("itemDiscrimination", () => {
  it("returns difficulty and the item–rest point-biserial", () => {
    const r = itemDiscrimination(SCORES);
    expect(r.difficulty).toEqual([1, 0.6, 0.6, 0.4, 0.6, 0]);
    expect(r.discrimination[1]).toBeCloseTo(-0.1200961153538154, TOL);
    expect(r.discrimination[2]).toBeCloseTo(0.3572172541558801, TOL);
    expect(r.discrimination[3]).toBeCloseTo(0.18731716231633885, TOL);
    expect(r.discrimination[4]).toBeCloseTo(0.0890870806374748, TOL);
  });

  it("pitfall: is corrected (item–rest), not item–total, which would inflate r", () => {
    const r = itemDiscrimination(SCORES);
    // Item–total r for item 1 would be 0.34114411961050645 and hide a negative (suspect) item.
    expect(r.discrimination[1]).toBeLessThan(0);
    expect(Math.abs(r.discrimination[1]! - 0.34114411961050645)).toBeGreaterThan(0.1);
  });

  it("pitfall: is null for p ∈ {0, 1} — such items carry no ranking information", () => {
    const r = itemDiscrimination(SCORES);
    expect(r.discrimination[0]).toBeNull();
    expect(r.discrimination[5]).toBeNull();
    expect(r.reasons[0]).toMatch(/every model/);
    expect(r.reasons[5]).toMatch(/no model/);
    expect(r.reasons[2]).toBeNull();
  });

  it("is null when the rest score does not vary", () => {
    const r = itemDiscrimination([
      [1, 1],
      [0, 1],
    ]);
    expect(r.discrimination[0]).toBeNull();
    expect(r.reasons[0]).toMatch(/rest score/);
  });

  it("rejects non-binary or ragged matrices", () => {
    expect(() => itemDiscrimination([[1, 2]])).toThrow(StatsInputError);
    expect(() => itemDiscrimination([[1, 0], [1]])).toThrow(StatsInputError);
    expect(() => itemDiscrimination([])).toThrow(StatsInputError);
  });
});

describe("itemRestCorrelation", () => {
  // 4 runs × 4 items of 1–5 scores, worked by hand (rest = row total − the item):
  //   item 0: x = 5 4 2 1, rest = 5 6 6 3 → Σdxdy = 4, Σdx² = 10, Σdy² = 6   → r = 4/√60
  //   item 1: x = 4 4 3 1, rest = 6 6 5 3 → the same deviations          → r = 1
  //   item 2: x = 1 2 3 2, rest = 9 8 5 2 → Σdxdy = −4, Σdx² = 2, Σdy² = 30   → r = −4/√60
  //   item 3: every run scores 3 → no correlation (its 3 only shifts the others' rest scores)
  const LIKERT = [
    [5, 4, 1, 3],
    [4, 4, 2, 3],
    [2, 3, 3, 3],
    [1, 1, 2, 3],
  ];

  it("correlates each item's score with the rest score", () => {
    const r = itemRestCorrelation(LIKERT);
    expect(r.mean).toEqual([3, 3, 2, 3]);
    expect(r.correlation[0]).toBeCloseTo(4 / Math.sqrt(60), TOL);
    expect(r.correlation[1]).toBeCloseTo(1, TOL);
    expect(r.correlation[2]).toBeCloseTo(-4 / Math.sqrt(60), TOL);
    expect(r.correlation[3]).toBeNull();
    expect(r.reasons).toEqual([null, null, null, expect.stringMatching(/same score/)]);
  });

  it("separates items that a pass/fail matrix cannot: every run passes at ≥ 4, the scores still differ", () => {
    const scores = [
      [5, 5],
      [4.5, 4],
      [4, 3],
    ];
    expect(itemDiscrimination(scores.map((row) => row.map((x) => (x >= 4 ? 1 : 0)))).discrimination[0]).toBeNull();
    expect(itemRestCorrelation(scores).correlation[0]).toBeCloseTo(1, TOL);
  });

  it("equals the point-biserial on a 0/1 matrix", () => {
    const binary = itemDiscrimination(SCORES);
    const real = itemRestCorrelation(SCORES);
    binary.discrimination.forEach((r, j) => {
      if (r === null) expect(real.correlation[j]).toBeNull();
      else expect(real.correlation[j]).toBeCloseTo(r, TOL);
    });
  });

  it("is null when the rest score does not vary, and rejects bad input", () => {
    expect(itemRestCorrelation([[2, 1], [3, 1]]).reasons[0]).toMatch(/rest score/);
    expect(() => itemRestCorrelation([])).toThrow(StatsInputError);
    expect(() => itemRestCorrelation([[1, 2], [1]])).toThrow(StatsInputError);
    expect(() => itemRestCorrelation([[1, Number.NaN]])).toThrow(StatsInputError);
  });
});

describe("mcnemarExact", () => {
  it.each([
    // scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue
    [10, 2, 0.03857421875],
    [3, 3, 1],
    [0, 5, 0.0625],
    [25, 40, 0.08168153394154003],
    [1, 0, 1],
  ])("b = %d, c = %d → p = %d", (b, c, p) => {
    const r = mcnemarExact(b, c);
    expect(r.value).toBeCloseTo(p, TOL);
    expect(r.n).toBe(b + c);
  });

  it("stays accurate for large discordant counts", () => {
    // Symmetric case: P(X ≤ n/2) for n even is (1 + P(X = n/2))/2, so p = 1 exactly.
    expect(mcnemarExact(5000, 5000).value).toBe(1);
    // scipy.stats.binomtest(4800, 10000).pvalue = 6.593515598672343e-05
    expect(mcnemarExact(4800, 5200).value! / 6.593515598672343e-5).toBeCloseTo(1, 8);
  });

  it("is null without discordant pairs", () => {
    const r = mcnemarExact(0, 0);
    expect(r.value).toBeNull();
    expect(r.reason).toBeTruthy();
  });

  it("counts discordant pairs from paired 0/1 outcomes", () => {
    expect(discordantCounts([1, 1, 0, 0, 1], [1, 0, 1, 0, 0])).toEqual({ b: 2, c: 1, n: 5 });
  });
});

describe("accuracyDrop", () => {
  it("reports the paired drop, relative drop and McNemar p-value", () => {
    // 20 items: 15 right before; after perturbation 4 of those flip to wrong, 1 wrong flips to right.
    const before = [...Array(15).fill(1), ...Array(5).fill(0)];
    const after = [...Array(11).fill(1), ...Array(4).fill(0), 1, ...Array(4).fill(0)];
    const r = accuracyDrop(before, after);
    expect(r.original.value).toBeCloseTo(0.75, TOL);
    expect(r.perturbed.value).toBeCloseTo(0.6, TOL);
    expect(r.delta.value).toBeCloseTo(0.15, TOL);
    expect(r.relativeDrop.value).toBeCloseTo(0.2, TOL);
    expect(r.mcnemar.value).toBeCloseTo(0.375, TOL); // 2·P(Bin(5, ½) ≤ 1) = 2·6/32
    expect(accuracyDrop([0, 0], [1, 0]).relativeDrop.value).toBeNull();
  });
});
