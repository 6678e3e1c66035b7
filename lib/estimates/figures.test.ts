import { describe, expect, it } from "vitest";
import { calibratedFigures, ppiMean } from "@/lib/stats/ppi";
import { estimateFigures } from "./figures";

// Labels drawn with unequal inclusion probabilities π (a stratified spot
// check, an allocation draw) weigh w = 1/π, and the judge term runs over
// every unit the judge scored, labelled or not (docs/METRICS.md#ppi). A
// population of judged units in two strata; the experts label a stratified
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

type Sample = { labeled: { y: number[]; yhat: number[]; w: number[] }; judgeOnlyYhat: number[] };

/** Every stratified sample of the design, as labelled units (with 1/π) and the judge-only rest. */
function everySample() {
  const samples: Sample[] = [];
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

/** The weighted estimator from arrays: PPI with the judge term over every unit. */
const weightedPpi = (s: Sample, lambda?: number) =>
  ppiMean({ labeled: s.labeled, unlabeledYhat: [...s.labeled.yhat, ...s.judgeOnlyYhat], weights: { labeled: s.labeled.w }, lambda });

/** The same sample as estimateFigures takes it: labelled units, and judge-only counts per value. */
function unitSet(s: Sample) {
  const counts = new Map<number, number>();
  for (const yhat of s.judgeOnlyYhat) counts.set(yhat, (counts.get(yhat) ?? 0) + 1);
  return { labelled: s.labeled.y.map((y, i) => ({ y, yhat: s.labeled.yhat[i]!, w: s.labeled.w[i]! })), judgeOnly: [...counts].map(([yhat, n]) => ({ yhat, n })) };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const truth = mean([...strata.A.y, ...strata.B.y]);

describe("design-weighted PPI", () => {
  it("is unbiased over every sample the design can draw (plain PPI, λ = 1), where ignoring the weights is not", () => {
    const samples = everySample();
    expect(samples).toHaveLength(6 * 28);
    expect(mean(samples.map((s) => weightedPpi(s, 1).estimate))).toBeCloseTo(truth, 12);
    const unweighted = samples.map((s) => ppiMean({ labeled: s.labeled, unlabeledYhat: s.judgeOnlyYhat, lambda: 1 }).estimate);
    expect(Math.abs(mean(unweighted) - truth)).toBeGreaterThan(0.02);
  });

  it("is, by hand, the judge's mean over every unit plus the weighted mean of the labelled units' errors", () => {
    const [sample] = everySample();
    const { y, yhat, w } = sample!.labeled;
    const lambda = 0.6;
    const all = [...yhat, ...sample!.judgeOnlyYhat];
    const rectifier = y.reduce((s, yi, i) => s + w[i]! * (yi - lambda * yhat[i]!), 0) / w.reduce((s, wi) => s + wi, 0);
    expect(weightedPpi(sample!, lambda).estimate).toBeCloseTo(lambda * mean(all) + rectifier, 12);
  });
});

describe("estimateFigures", () => {
  const y: number[] = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : 1));
  const yhat = y.map((v, i) => (i % 5 === 0 ? 1 - v : v));
  const judgeOnlyYhat = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 0 : 1));
  const sample = (w: number[]): Sample => ({ labeled: { y, yhat, w }, judgeOnlyYhat });

  it("is calibratedFigures when no label has a recorded probability (every weight 1)", () => {
    const figures = estimateFigures(unitSet(sample(y.map(() => 1))));
    const expected = calibratedFigures({ labeled: { y, yhat }, unlabeledYhat: judgeOnlyYhat });
    expect(expected.status).toBe("ok");
    if (expected.status !== "ok") return;
    expect(figures.ppi!.estimate).toBeCloseTo(expected.calibrated.estimate, 12);
    expect(figures.ppi!.se).toBeCloseTo(expected.calibrated.se, 12);
    expect(figures.classical!.estimate).toBeCloseTo(expected.expertsOnly.estimate, 12);
  });

  it("is the weighted PPI++ of the arrays, from sums and counts (power-tuned λ)", () => {
    for (const w of [y.map((_, i) => (i < 10 ? 2 : 8)), y.map((_, i) => 1 + (i % 4)), y.map((_, i) => (i % 2 ? 1.5 : 6))]) {
      const direct = weightedPpi(sample(w));
      const figures = estimateFigures(unitSet(sample(w)));
      expect(figures.ppi!.estimate).toBeCloseTo(direct.estimate, 12);
      expect(figures.ppi!.se).toBeCloseTo(direct.se, 12);
      expect(figures.ppi!.lambda).toBeCloseTo(direct.lambda, 12);
    }
  });

  it("weights the experts-only and PPI++ figures, and keeps the not-enough-data rule", () => {
    const w = y.map((_, i) => (i < 10 ? 2 : 8));
    const figures = estimateFigures(unitSet(sample(w)));
    const weightedY = y.reduce((s, v, i) => s + w[i]! * v, 0) / w.reduce((s, v) => s + v, 0);
    expect(figures.classical!.estimate).toBeCloseTo(weightedY, 12);
    expect(figures.ppi!.estimate).toBeCloseTo(weightedPpi(sample(w)).estimate, 12);
    expect(figures.judgeOnly.estimate).toBeCloseTo(mean([...yhat, ...judgeOnlyYhat]), 12);
    expect([figures.n, figures.N]).toEqual([30, 200]);
    const few = estimateFigures(unitSet({ labeled: { y: y.slice(0, 5), yhat: yhat.slice(0, 5), w: w.slice(0, 5) }, judgeOnlyYhat }));
    expect(few).toMatchObject({ n: 5, ppi: null, classical: null });
    expect(few.notEnoughData).not.toBeNull();
  });
});
