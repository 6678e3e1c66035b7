import { describe, expect, it } from "vitest";
import { calibratedFigures, ppiMean } from "@/lib/stats/ppi";
import { designWeightedCalibratedFigures, designWeightedPpiMean } from "@/lib/stats/ppi-design";
import { ppiMeanFromMoments, ppiMoments } from "@/lib/stats/ppi-moments";
import { StatsInputError } from "@/lib/stats/types";

// A population of judged units in two strata; the experts label a stratified
// sample that takes 2 of 4 units of stratum A (π = 1/2) and 2 of 8 of
// stratum B (π = 1/4). The judge is biased differently in each stratum.
const strata = {
  A: { y: [1, 1, 0, 1], yhat: [1, 1, 1, 1] },
  B: { y: [0, 0, 1, 0, 0, 1, 0, 0], yhat: [0, 1, 1, 0, 0, 1, 1, 0] },
};
const drawn = { A: 2, B: 2 };

function subsets(size: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (size < k) return [];
  return [...subsets(size - 1, k - 1).map((s) => [...s, size - 1]), ...subsets(size - 1, k)];
}

/** Every stratified sample of the design, as labelled units (with 1/π) and the judge-only rest. */
function everySample() {
  const samples: { labeled: { y: number[]; yhat: number[]; w: number[] }; judgeOnlyYhat: number[] }[] = [];
  for (const a of subsets(strata.A.y.length, drawn.A)) {
    for (const b of subsets(strata.B.y.length, drawn.B)) {
      const labeled = { y: [] as number[], yhat: [] as number[], w: [] as number[] };
      const judgeOnlyYhat: number[] = [];
      for (const [name, picked] of [["A", a], ["B", b]] as const) {
        const stratum = strata[name];
        const w = stratum.y.length / drawn[name];
        stratum.y.forEach((y, i) => {
          if (picked.includes(i)) {
            labeled.y.push(y);
            labeled.yhat.push(stratum.yhat[i]!);
            labeled.w.push(w);
          } else judgeOnlyYhat.push(stratum.yhat[i]!);
        });
      }
      samples.push({ labeled, judgeOnlyYhat });
    }
  }
  return samples;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const truth = mean([...strata.A.y, ...strata.B.y]);

describe("designWeightedPpiMean", () => {
  it("is unbiased over every sample the design can draw (plain PPI, λ = 1), where ignoring the weights is not", () => {
    const samples = everySample();
    expect(samples).toHaveLength(6 * 28);
    const weighted = samples.map((s) => designWeightedPpiMean({ ...s, lambda: 1 }).estimate);
    expect(mean(weighted)).toBeCloseTo(truth, 12);
    const unweighted = samples.map((s) => ppiMean({ labeled: s.labeled, unlabeledYhat: s.judgeOnlyYhat, lambda: 1 }).estimate);
    expect(Math.abs(mean(unweighted) - truth)).toBeGreaterThan(0.02);
  });

  it("is, by hand, the judge's mean over every unit plus the weighted mean of the labelled units' errors", () => {
    const [sample] = everySample();
    const { y, yhat, w } = sample!.labeled;
    const lambda = 0.6;
    const all = [...yhat, ...sample!.judgeOnlyYhat];
    const rectifier = y.reduce((s, yi, i) => s + w[i]! * (yi - lambda * yhat[i]!), 0) / w.reduce((s, wi) => s + wi, 0);
    expect(designWeightedPpiMean({ ...sample!, lambda }).estimate).toBeCloseTo(lambda * mean(all) + rectifier, 12);
  });

  it("equals the sums path the calibrated-estimates screen takes for a weighted setup (lib/estimates/figures.ts)", () => {
    for (const sample of everySample().slice(0, 20)) {
      const { y, yhat, w } = sample.labeled;
      const labeled = ppiMoments({ labeled: { y, yhat }, unlabeledYhat: [], weights: { labeled: w } }).labeled;
      const judgeTerm = ppiMoments({ labeled: { y: [], yhat: [] }, unlabeledYhat: [...yhat, ...sample.judgeOnlyYhat] }).unlabeled;
      const viaSums = ppiMeanFromMoments({ labeled, unlabeled: judgeTerm }, { lambda: "auto" });
      const direct = designWeightedPpiMean(sample);
      expect(direct.estimate).toBeCloseTo(viaSums.estimate, 12);
      expect(direct.se).toBeCloseTo(viaSums.se, 12);
      expect(direct.lambda).toBeCloseTo(viaSums.lambda, 12);
    }
  });

  it("refuses weights that are not 1/π of a probability", () => {
    expect(() => designWeightedPpiMean({ labeled: { y: [1, 0], yhat: [1, 0], w: [1, 0] }, judgeOnlyYhat: [1] })).toThrow(StatsInputError);
    expect(() => designWeightedPpiMean({ labeled: { y: [1, 0], yhat: [1, 0], w: [1] }, judgeOnlyYhat: [1] })).toThrow(StatsInputError);
  });
});

describe("designWeightedCalibratedFigures", () => {
  const y: number[] = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : 1));
  const yhat = y.map((v, i) => (i % 5 === 0 ? 1 - v : v));
  const judgeOnlyYhat = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 0 : 1));

  it("is calibratedFigures when no label has a recorded probability (every weight 1)", () => {
    const ones = y.map(() => 1);
    expect(designWeightedCalibratedFigures({ labeled: { y, yhat, w: ones }, judgeOnlyYhat })).toEqual(calibratedFigures({ labeled: { y, yhat }, unlabeledYhat: judgeOnlyYhat }));
  });

  it("weights the experts-only and PPI++ figures, and keeps the not-enough-data rule", () => {
    const w = y.map((_, i) => (i < 10 ? 2 : 8));
    const figures = designWeightedCalibratedFigures({ labeled: { y, yhat, w }, judgeOnlyYhat });
    expect(figures.status).toBe("ok");
    if (figures.status !== "ok") return;
    const weightedY = y.reduce((s, v, i) => s + w[i]! * v, 0) / w.reduce((s, v) => s + v, 0);
    expect(figures.expertsOnly.estimate).toBeCloseTo(weightedY, 12);
    expect(figures.calibrated).toEqual(designWeightedPpiMean({ labeled: { y, yhat, w }, judgeOnlyYhat }));
    expect(figures.judgeOnly.estimate).toBeCloseTo(mean([...yhat, ...judgeOnlyYhat]), 12);
    expect([figures.n, figures.N]).toEqual([30, 200]);
    const few = designWeightedCalibratedFigures({ labeled: { y: y.slice(0, 5), yhat: yhat.slice(0, 5), w: w.slice(0, 5) }, judgeOnlyYhat });
    expect(few).toMatchObject({ status: "not-enough-data", n: 5 });
  });
});
