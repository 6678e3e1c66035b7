import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/stats/bootstrap";
import { ppiMean, type PpiEstimate, type PpiInput } from "@/lib/stats/ppi";
import { ppiMeanFromMoments, ppiMoments } from "@/lib/stats/ppi-moments";
import { StatsInputError } from "@/lib/stats/types";

// The sums path must give ppiMean's figure (checked by hand in ppi.test.ts) on any data.

function expectSame(a: PpiEstimate, b: PpiEstimate) {
  expect(b.lambda).toBeCloseTo(a.lambda, 9);
  expect(b.estimate).toBeCloseTo(a.estimate, 9);
  expect(b.se).toBeCloseTo(a.se, 9);
  expect(b.ci[0]).toBeCloseTo(a.ci[0], 9);
  expect(b.ci[1]).toBeCloseTo(a.ci[1], 9);
  expect(b.imputedVariance).toBeCloseTo(a.imputedVariance, 9);
  expect(b.rectifierVariance).toBeCloseTo(a.rectifierVariance, 9);
  expect([b.n, b.N]).toEqual([a.n, a.N]);
}

function randomInput(seed: number, weighted: boolean): PpiInput {
  const rng = createRng(seed);
  const n = 30 + rng.int(50);
  const N = 100 + rng.int(300);
  const y = Array.from({ length: n }, () => 1 + rng.int(5));
  const yhat = y.map((v) => Math.min(5, Math.max(1, v + rng.int(3) - (rng.next() < 0.3 ? 0 : 1))));
  const unlabeledYhat = Array.from({ length: N }, () => 1 + rng.int(5));
  const weights = weighted ? { labeled: y.map(() => 1 + 9 * rng.next()), unlabeled: unlabeledYhat.map(() => 1 + rng.next()) } : undefined;
  return { labeled: { y, yhat }, unlabeledYhat, weights };
}

describe("ppiMeanFromMoments", () => {
  it("equals ppiMean on random data, weighted or not, for λ auto, 1 and 0", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const input = randomInput(seed, seed % 2 === 0);
      const moments = ppiMoments(input);
      for (const lambda of ["auto", 1, 0] as const) expectSame(ppiMean({ ...input, lambda }), ppiMeanFromMoments(moments, { lambda }));
    }
  });

  it("matches the hand-worked case: λ = 9/28", () => {
    const input = { labeled: { y: [1, 0, 1, 0], yhat: [1, 0, 1, 1] }, unlabeledYhat: [1, 1, 0, 1, 1, 0] };
    expect(ppiMeanFromMoments(ppiMoments(input)).lambda).toBeCloseTo(9 / 28, 12);
  });

  it("edge cases: N = 0, constant judge, too few labels", () => {
    const noUnlabeled = { labeled: { y: [3, 4, 5, 2], yhat: [3, 5, 5, 3] }, unlabeledYhat: [] };
    expectSame(ppiMean(noUnlabeled), ppiMeanFromMoments(ppiMoments(noUnlabeled)));
    const constant = { labeled: { y: [3, 4, 5, 2], yhat: [4, 4, 4, 4] }, unlabeledYhat: [4, 4, 4] };
    expect(ppiMeanFromMoments(ppiMoments(constant)).lambda).toBe(0);
    expectSame(ppiMean(constant), ppiMeanFromMoments(ppiMoments(constant)));
    expect(() => ppiMeanFromMoments(ppiMoments({ labeled: { y: [1], yhat: [1] }, unlabeledYhat: [1] }))).toThrow(StatsInputError);
  });
});
