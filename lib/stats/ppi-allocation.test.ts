import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "@/lib/stats/bootstrap";
import { ppiMean } from "@/lib/stats/ppi";
import { allocationProbabilities } from "@/lib/stats/ppi-allocation";
import { bernoulli, median, tally } from "@/lib/stats/test/ppi-simulation";
import { StatsInputError } from "@/lib/stats/types";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("allocationProbabilities", () => {
  it("is proportional to the uncertainty and sums to the budget", () => {
    // u = [1, 2, 3, 4], budget 2: c·Σu = 2 → c = 0.2 → [0.2, 0.4, 0.6, 0.8].
    const p = allocationProbabilities([1, 2, 3, 4], 2, 0.01);
    [0.2, 0.4, 0.6, 0.8].forEach((expected, i) => expect(p[i]).toBeCloseTo(expected, 12));
  });

  it("caps at 1 and hands the excess to the others", () => {
    // u = [10, 1, 1, 1], budget 2: the first item caps at 1, the other three share 1 → 1/3 each.
    const p = allocationProbabilities([10, 1, 1, 1], 2, 0.01);
    expect(p[0]).toBe(1);
    for (const q of p.slice(1)) expect(q).toBeCloseTo(1 / 3, 12);
    expect(sum(p)).toBeCloseTo(2, 12);
  });

  it("keeps every item at or above the floor, zero uncertainty included", () => {
    // u = [0, 0, 1, 1], budget 1, floor 0.1: the two sure items keep 0.1, the others share 0.8.
    const p = allocationProbabilities([0, 0, 1, 1], 1, 0.1);
    expect(p).toEqual([0.1, 0.1, 0.4, 0.4]);
    const all = allocationProbabilities([0, 0, 1, 1], 3, 0.1);
    expect(all).toEqual([0.5, 0.5, 1, 1]);
    expect(allocationProbabilities([0, 0, 0], 1.5, 0.1)).toEqual([0.5, 0.5, 0.5]);
  });

  it("refuses budgets the floor or the item count cannot meet", () => {
    expect(() => allocationProbabilities([1, 1, 1], 0.2, 0.1)).toThrow(/between 0.3/);
    expect(() => allocationProbabilities([1, 1], 3, 0.1)).toThrow(StatsInputError);
    expect(() => allocationProbabilities([1, -1], 1, 0.1)).toThrow(/negative/);
    expect(() => allocationProbabilities([1, 1], 1, 0)).toThrow(/floor/);
    expect(allocationProbabilities([], 0, 0.1)).toEqual([]);
    // floor × items equal to the budget up to rounding: every item at the floor.
    const floor = 5 / 7;
    expect(allocationProbabilities([1, 2, 3, 4, 5, 6, 7], 5, floor).every((p) => p === floor)).toBe(true);
  });
});

// Judge error concentrated in one slice: a "hard" 20 % where the judge is right
// 60 % of the time, an "easy" 80 % where it is right 98 % of the time. The
// uncertainty given to the allocation is √(expected squared error) per slice,
// √0.4 and √0.02, what the app estimates from the judges' own signals.
const ITEMS = 1000;
const SETS = 2000;
const HARD_SHARE = 0.2;
const truth = HARD_SHARE * 0.5 + (1 - HARD_SHARE) * 0.7;

function population(rng: Rng) {
  return Array.from({ length: ITEMS }, () => {
    const hard = rng.next() < HARD_SHARE;
    const y = bernoulli(rng, hard ? 0.5 : 0.7);
    const right = rng.next() < (hard ? 0.6 : 0.98);
    return { hard, y, yhat: right ? y : 1 - y };
  });
}

/** Poisson sampling with the given probabilities, then weighted PPI++ (1/π labelled, 1/(1 − π) unlabelled). */
function drawAndEstimate(rng: Rng, items: ReturnType<typeof population>, pi: readonly number[]) {
  const y: number[] = [];
  const yhat: number[] = [];
  const w: number[] = [];
  const unlabeledYhat: number[] = [];
  const wu: number[] = [];
  items.forEach((item, i) => {
    if (rng.next() < pi[i]!) {
      y.push(item.y);
      yhat.push(item.yhat);
      w.push(1 / pi[i]!);
    } else {
      unlabeledYhat.push(item.yhat);
      wu.push(1 / (1 - pi[i]!));
    }
  });
  return { labels: y.length, ci: ppiMean({ labeled: { y, yhat }, unlabeledYhat, weights: { labeled: w, unlabeled: wu } }).ci };
}

describe("allocation against uniform sampling (simulation)", () => {
  it("reaches uniform sampling's width with 25 % fewer labels, and still covers 95 % ± 1.5", { timeout: 30_000 }, () => {
    const rng = createRng(14_20);
    const uniformBudget = 100;
    const allocatedBudget = 75;
    const uniform: [number, number][] = [];
    const allocated: [number, number][] = [];
    const labelsUniform: number[] = [];
    const labelsAllocated: number[] = [];
    for (let s = 0; s < SETS; s++) {
      const items = population(rng);
      const uniformPi = items.map(() => uniformBudget / ITEMS);
      const allocatedPi = allocationProbabilities(items.map((item) => Math.sqrt(item.hard ? 0.4 : 0.02)), allocatedBudget, 0.01);
      const a = drawAndEstimate(rng, items, uniformPi);
      const b = drawAndEstimate(rng, items, allocatedPi);
      uniform.push(a.ci);
      allocated.push(b.ci);
      labelsUniform.push(a.labels);
      labelsAllocated.push(b.labels);
    }
    const u = tally(uniform, truth);
    const al = tally(allocated, truth);
    expect(median(labelsAllocated)).toBeLessThanOrEqual(0.75 * median(labelsUniform));
    expect(al.medianWidth).toBeLessThanOrEqual(u.medianWidth);
    expect(Math.abs(al.coverage - 0.95)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(u.coverage - 0.95)).toBeLessThanOrEqual(0.015);
  });
});
