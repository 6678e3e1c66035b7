import { describe, expect, it } from "vitest";
import { coreCandidates, smallestCoreSubset, stratifiedOrder } from "./core-subset";

describe("stratifiedOrder", () => {
  it("keeps strata in proportion, best first, and drops constant items", () => {
    const order = stratifiedOrder([
      { index: 0, stratum: "a", discrimination: 0.1 },
      { index: 1, stratum: "a", discrimination: 0.9 },
      { index: 2, stratum: "a", discrimination: 0.5 },
      { index: 3, stratum: "a", discrimination: 0.4 },
      { index: 4, stratum: "b", discrimination: 0.2 },
      { index: 5, stratum: "b", discrimination: 0.8 },
      { index: 6, stratum: "b", discrimination: null },
    ]);
    // a: 1 (.125), 2 (.375), 3 (.625), 0 (.875); b: 5 (.25), 4 (.75)
    expect(order).toEqual([1, 5, 2, 3, 4, 0]);
  });
});

describe("coreCandidates", () => {
  it("leaves items with discrimination ≤ 0 out unless their stratum has nothing better", () => {
    const { candidates, fallbackStrata } = coreCandidates([
      { index: 0, stratum: "a", discrimination: 0.6 },
      { index: 1, stratum: "a", discrimination: -0.2 },
      { index: 2, stratum: "a", discrimination: 0 },
      { index: 3, stratum: "b", discrimination: -0.1 },
      { index: 4, stratum: "b", discrimination: 0 },
      { index: 5, stratum: "b", discrimination: null },
      { index: 6, stratum: "c", discrimination: null },
    ]);
    expect(candidates.map((item) => item.index)).toEqual([0, 3, 4]);
    expect(fallbackStrata).toEqual(["b"]);
  });

  it("also leaves out an item whose scores run against the rest, though its pass/fail does not", () => {
    const { candidates, fallbackStrata } = coreCandidates([
      { index: 0, stratum: "a", discrimination: 0.5, scoreCorrelation: -0.3 },
      { index: 1, stratum: "a", discrimination: 0.4, scoreCorrelation: 0.7 },
      { index: 2, stratum: "a", discrimination: 0.4, scoreCorrelation: null },
    ]);
    expect(candidates.map((item) => item.index)).toEqual([1, 2]);
    expect(fallbackStrata).toEqual([]);
  });
});

describe("smallestCoreSubset", () => {
  it("finds the shortest prefix that keeps the ranking", () => {
    // Runs: strong (3) > mid (2) > weak (1). Item 0 separates strong from the rest, item 2 mid from weak, item 1 is reversed.
    const matrix = [
      [1, 0, 1, 1],
      [0, 1, 1, 0],
      [0, 1, 0, 0],
    ];
    expect(smallestCoreSubset(matrix, [1, 2, 0, 3])).toMatchObject({ found: true, size: 4, tau: 1, fullSize: 4 });
    const best = smallestCoreSubset(matrix, [0, 2, 1]);
    expect(best).toMatchObject({ found: true, size: 2, itemIndexes: [0, 2] });
    expect(smallestCoreSubset(matrix, [0, 2], 0.8)).toMatchObject({ found: true, size: 1 }); // τ-b = 2/√6 ≈ 0.816 with one item
  });

  it("explains when there is no ranking or too few runs", () => {
    expect(smallestCoreSubset([[1, 0], [0, 1]], [0, 1])).toMatchObject({ found: false, reason: expect.stringContaining("3 runs") });
    expect(smallestCoreSubset([[1, 0], [0, 1], [1, 0]].map((r) => r), [0, 1])).toMatchObject({ found: false, reason: expect.stringContaining("same score") });
    expect(smallestCoreSubset([[1, 1, 0], [1, 0, 0], [0, 0, 1]], [2])).toMatchObject({ found: false, reason: expect.stringContaining("no subset") });
  });
});
