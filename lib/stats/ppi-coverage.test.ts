import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "@/lib/stats/bootstrap";
import { classicalMean, ppiMean, uncorrectedJudgeMean } from "@/lib/stats/ppi";
import { ppiStratified } from "@/lib/stats/ppi-forms";
import { bernoulli, gaussian, median, tally } from "@/lib/stats/test/ppi-simulation";

// Coverage of the 95 % intervals on 2,000 simulated data sets per form, each
// with a judge biased in its own way. MC error of a coverage rate over 2,000
// sets is ≈ 0.5 points, so the ±1.5-point band is about three of them. Sizes
// are small (n ≈ 100–150 labels) to keep the file within a few seconds.

const SETS = 2000;
// Generous: the machine that runs the suite may be busy; each test takes ~1 s alone.
const SLOW = { timeout: 30_000 };
const TARGET = 0.95;
const TOLERANCE = 0.015;

/** A pass-rate criterion: experts pass 60 %; the judge passes 95 % of true passes and 30 % of true fails (lenient). */
function binaryItem(rng: Rng) {
  const y = bernoulli(rng, 0.6);
  return { y, yhat: bernoulli(rng, y ? 0.95 : 0.3) };
}

/** A score criterion: true score 3 + x + noise; the judge shrinks the spread and adds +0.4. */
function scoreItem(rng: Rng) {
  const x = gaussian(rng);
  return { y: 3 + x + 0.6 * gaussian(rng), yhat: 3.4 + 0.7 * x + 0.4 * gaussian(rng) };
}

function dataSet(rng: Rng, draw: (rng: Rng) => { y: number; yhat: number }, n: number, N: number) {
  const labeled = Array.from({ length: n }, () => draw(rng));
  return {
    labeled: { y: labeled.map((u) => u.y), yhat: labeled.map((u) => u.yhat) },
    unlabeledYhat: Array.from({ length: N }, () => draw(rng).yhat),
  };
}

describe("PPI coverage with a biased judge", () => {
  for (const [name, draw, truth, n] of [
    ["pass rate", binaryItem, 0.6, 150],
    ["mean score", scoreItem, 3, 100],
  ] as const) {
    it(`${name}: PPI and PPI++ cover 95 % ± 1.5; PPI++ is narrower than experts only`, SLOW, () => {
      const rng = createRng(name === "pass rate" ? 14_01 : 14_02);
      const plain: [number, number][] = [];
      const tuned: [number, number][] = [];
      const experts: [number, number][] = [];
      const judgeOnly: [number, number][] = [];
      for (let s = 0; s < SETS; s++) {
        const data = dataSet(rng, draw, n, 500);
        plain.push(ppiMean({ ...data, lambda: 1 }).ci);
        tuned.push(ppiMean(data).ci);
        experts.push(classicalMean(data.labeled.y).ci);
        judgeOnly.push(uncorrectedJudgeMean([...data.labeled.yhat, ...data.unlabeledYhat]).ci);
      }
      const ppi = tally(plain, truth);
      const ppiPlus = tally(tuned, truth);
      const classical = tally(experts, truth);
      expect(Math.abs(ppi.coverage - TARGET)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(ppiPlus.coverage - TARGET)).toBeLessThanOrEqual(TOLERANCE);
      expect(ppiPlus.medianWidth).toBeLessThan(classical.medianWidth);
      expect(ppiPlus.medianWidth).toBeLessThanOrEqual(ppi.medianWidth * 1.01);
      // The judge alone is biased: its naive interval almost never covers the truth.
      expect(tally(judgeOnly, truth).coverage).toBeLessThan(0.05);
    });
  }

  it("a useless judge: λ falls to ≈ 0 and the width is the experts-only one", SLOW, () => {
    const rng = createRng(14_03);
    const lambdas: number[] = [];
    const ratios: number[] = [];
    for (let s = 0; s < SETS / 4; s++) {
      // ŷ is noise, independent of y.
      const data = dataSet(rng, (r) => ({ y: bernoulli(r, 0.6), yhat: bernoulli(r, 0.5) }), 150, 1000);
      const tuned = ppiMean(data);
      lambdas.push(tuned.lambda);
      ratios.push(tuned.se / classicalMean(data.labeled.y).se);
    }
    expect(median(lambdas)).toBeLessThan(0.03);
    expect(Math.abs(median(ratios) - 1)).toBeLessThan(0.01);
  });

  it("stratified: slices labelled at different rates, combined by slice size", SLOW, () => {
    // Slices of 600, 300 and 100 units; experts label 60, 30 and 30 of them;
    // pass rates 0.7, 0.5, 0.3 and a judge that is lenient in one slice, harsh in another.
    const slices = [
      { key: "a", size: 600, n: 60, p: 0.7, pass: 0.9, falsePass: 0.4 },
      { key: "b", size: 300, n: 30, p: 0.5, pass: 0.7, falsePass: 0.05 },
      { key: "c", size: 100, n: 30, p: 0.3, pass: 0.95, falsePass: 0.2 },
    ];
    const truth = slices.reduce((sum, s) => sum + (s.size / 1000) * s.p, 0);
    const rng = createRng(14_04);
    const intervals: [number, number][] = [];
    for (let s = 0; s < SETS; s++) {
      const strata = slices.map((slice) => {
        const draw = (r: Rng) => {
          const y = bernoulli(r, slice.p);
          return { y, yhat: bernoulli(r, y ? slice.pass : slice.falsePass) };
        };
        return { key: slice.key, ...dataSet(rng, draw, slice.n, slice.size - slice.n) };
      });
      intervals.push(ppiStratified({ strata }).ci);
    }
    expect(Math.abs(tally(intervals, truth).coverage - TARGET)).toBeLessThanOrEqual(TOLERANCE);
  });

  it("weighted: labels drawn with unequal, recorded probabilities", SLOW, () => {
    // 1,000 units; a hard 20 % where the judge errs often is labelled with
    // probability 0.3, the rest with 0.05 (≈ 100 labels). Labelled units weigh
    // 1/π, unlabelled ones 1/(1 − π): each set is then re-weighted to all units.
    const rng = createRng(14_05);
    const truth = 0.2 * 0.4 + 0.8 * 0.7;
    const weighted: [number, number][] = [];
    const unweighted: [number, number][] = [];
    for (let s = 0; s < SETS; s++) {
      const y: number[] = [];
      const yhat: number[] = [];
      const w: number[] = [];
      const unlabeledYhat: number[] = [];
      const wu: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const hard = rng.next() < 0.2;
        const truthValue = bernoulli(rng, hard ? 0.4 : 0.7);
        const judged = hard ? bernoulli(rng, truthValue ? 0.8 : 0.6) : bernoulli(rng, truthValue ? 0.97 : 0.1);
        const pi = hard ? 0.3 : 0.05;
        if (rng.next() < pi) {
          y.push(truthValue);
          yhat.push(judged);
          w.push(1 / pi);
        } else {
          unlabeledYhat.push(judged);
          wu.push(1 / (1 - pi));
        }
      }
      weighted.push(ppiMean({ labeled: { y, yhat }, unlabeledYhat, weights: { labeled: w, unlabeled: wu } }).ci);
      unweighted.push(ppiMean({ labeled: { y, yhat }, unlabeledYhat }).ci);
    }
    expect(Math.abs(tally(weighted, truth).coverage - TARGET)).toBeLessThanOrEqual(TOLERANCE);
    // Without the weights the hard slice is over-represented among the labels: the interval misses.
    expect(tally(unweighted, truth).coverage).toBeLessThan(0.85);
  });
});
