import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "@/lib/stats/normal-quantile";
import { calibratedFigures, classicalMean, effectiveLabels, MIN_PPI_LABELS, ppiMean, ppiShortage, uncorrectedJudgeMean } from "@/lib/stats/ppi";
import { StatsInputError } from "@/lib/stats/types";

const Z95 = 1.959963984540054; // scipy.stats.norm.ppf(0.975)

describe("normalQuantile", () => {
  it("matches scipy's norm.ppf to 1e-12", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(Z95, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.3)).toBeCloseTo(-normalQuantile(0.7), 14);
  });

  it("inverts normalCdf", () => {
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
  });

  it("refuses p outside (0, 1)", () => {
    expect(() => normalQuantile(0)).toThrow(StatsInputError);
    expect(() => normalQuantile(1)).toThrow(StatsInputError);
  });
});

describe("ppiMean, hand-worked", () => {
  // y = [1, 0, 1, 0], ŷ = [1, 0, 1, 1] (n = 4); ŷ_u = [1, 1, 0, 1, 1, 0] (N = 6).
  const labeled = { y: [1, 0, 1, 0], yhat: [1, 0, 1, 1] };
  const unlabeledYhat = [1, 1, 0, 1, 1, 0];

  it("λ = 1 (plain PPI)", () => {
    // estimate = mean(ŷ_u) + mean(y − ŷ) = 4/6 + (0 + 0 + 0 − 1)/4 = 2/3 − 1/4.
    // var₀(ŷ_u) = (2/3)(1/3) = 2/9; y − ŷ = [0, 0, 0, −1]: mean −1/4, var₀ = 1/4 − 1/16 = 3/16.
    const result = ppiMean({ labeled, unlabeledYhat, lambda: 1 });
    const se = Math.sqrt(2 / 9 / 6 + 3 / 16 / 4);
    expect(result.estimate).toBeCloseTo(2 / 3 - 1 / 4, 14);
    expect(result.se).toBeCloseTo(se, 14);
    expect(result.ci[0]).toBeCloseTo(2 / 3 - 1 / 4 - Z95 * se, 12);
    expect(result.ci[1]).toBeCloseTo(2 / 3 - 1 / 4 + Z95 * se, 12);
    expect(result).toMatchObject({ lambda: 1, n: 4, N: 6 });
  });

  it("λ = auto (PPI++): cov₀(y, ŷ) / ((1 + n/N)·var₁(ŷ ∪ ŷ_u))", () => {
    // cov₀(y, ŷ) = mean(yŷ) − ȳ·ŷ̄ = 1/2 − (1/2)(3/4) = 1/8 (centring at θ changes nothing without weights).
    // Pooled ŷ: seven 1s among 10 → var₁ = 10·0.7·0.3 / 9 = 7/30; 1 + n/N = 5/3.
    // λ = (1/8) / ((5/3)(7/30)) = 9/28.
    const lambda = 9 / 28;
    const estimate = lambda * (4 / 6) + 0.5 - lambda * 0.75;
    const rectifier = [1 - lambda, 0, 1 - lambda, -lambda];
    const rectMean = (2 - 3 * lambda) / 4;
    const rectVar = rectifier.reduce((s, r) => s + r * r, 0) / 4 - rectMean * rectMean;
    const se = Math.sqrt((lambda * lambda * (2 / 9)) / 6 + rectVar / 4);
    const result = ppiMean({ labeled, unlabeledYhat });
    expect(result.lambda).toBeCloseTo(lambda, 14);
    expect(result.estimate).toBeCloseTo(estimate, 14);
    expect(result.se).toBeCloseTo(se, 14);
    expect(result.ci[1] - result.ci[0]).toBeCloseTo(2 * Z95 * se, 12);
  });

  it("weights follow ppi_py: rescaled to mean 1 in each set", () => {
    // w = [1, 2, 1, 4] → [0.5, 1, 0.5, 2]; w_u = [1, 1, 1, 1, 2, 2] → [.75, .75, .75, .75, 1.5, 1.5].
    // λ = 1: mean(w_u·ŷ_u) = 3.75/6 = 0.625; w(y − ŷ) = [0, 0, 0, −2] → mean −0.5; estimate 0.125.
    // var₀(w_u·ŷ_u) = 3.9375/6 − 0.625² = 0.265625; var₀(w(y − ŷ)) = 1 − 0.25 = 0.75.
    const weights = { labeled: [1, 2, 1, 4], unlabeled: [1, 1, 1, 1, 2, 2] };
    const plain = ppiMean({ labeled, unlabeledYhat, lambda: 1, weights });
    expect(plain.estimate).toBeCloseTo(0.125, 14);
    expect(plain.se).toBeCloseTo(Math.sqrt(0.265625 / 6 + 0.75 / 4), 14);
    // Auto: θ = 0.125, g = w(y − θ) = [.4375, −.125, .4375, −.25], ĝ = w(ŷ − θ) = [.4375, −.125, .4375, 1.75];
    // cov₀(g, ĝ) = (−.05859375 + .1875 − .05859375 − .421875)/4 < 0 → λ clipped to 0,
    // and the figure is the weighted expert mean mean(w·y) = (0.5 + 0.5)/4 = 0.25.
    const tuned = ppiMean({ labeled, unlabeledYhat, weights });
    expect(tuned.lambda).toBe(0);
    expect(tuned.estimate).toBeCloseTo(0.25, 14);
    // var₀(w·y) = var₀([.5, 0, .5, 0]) = 1/16.
    expect(tuned.se).toBeCloseTo(Math.sqrt(1 / 16 / 4), 14);
  });

  it("classicalMean is the λ = 0 case", () => {
    const experts = classicalMean(labeled.y);
    const viaPpi = ppiMean({ labeled, unlabeledYhat, lambda: 0 });
    expect(experts.estimate).toBe(0.5);
    expect(experts.se).toBeCloseTo(Math.sqrt(0.25 / 4), 14);
    expect(viaPpi.estimate).toBeCloseTo(experts.estimate, 14);
    expect(viaPpi.se).toBeCloseTo(experts.se, 14);
  });

  it("uncorrectedJudgeMean is the naive mean of the judge over every unit", () => {
    const judge = uncorrectedJudgeMean([...labeled.yhat, ...unlabeledYhat]);
    expect(judge.estimate).toBeCloseTo(0.7, 14);
    expect(judge.se).toBeCloseTo(Math.sqrt(0.21 / 10), 14);
  });
});

describe("ppiMean against ppi_py's formulas", () => {
  // Reference numbers from a numpy/scipy transcription of ppi_py's ppi_mean_ci,
  // ppi_mean_pointestimate, _calc_lam_glm (clip=True) and construct_weight_vector
  // with alpha = 0.05 (ppi_py itself is not installed on the build machines).
  const labeled = { y: [1, 0, 1, 1, 0, 1, 0, 1], yhat: [1, 0, 1, 0, 0, 1, 1, 1] };
  const unlabeledYhat = [1, 1, 0, 1, 0, 1, 1, 0, 0, 1];
  const weights = { labeled: [1, 2, 1, 1, 3, 1, 2, 1], unlabeled: [1, 1, 1, 2, 2, 1, 1, 1, 1, 1] };
  const cases = [
    { name: "weighted, λ auto", input: { labeled, unlabeledYhat, weights }, ref: [0.3036618041083656, 0.44197181700903043, 0.12974250223548717, 0.18768118536336814, 0.6962624486546927] },
    { name: "unweighted, λ auto", input: { labeled, unlabeledYhat }, ref: [0.24147727272727273, 0.6189630681818182, 0.16062935430683078, 0.3041353188805061, 0.9337908174831304] },
    { name: "weighted, λ = 1", input: { labeled, unlabeledYhat, weights, lambda: 1 }, ref: [1, 0.49999999999999994, 0.24965253631575401, 0.010690020172044179, 0.9893099798279557] },
  ];
  for (const { name, input, ref } of cases) {
    it(name, () => {
      const result = ppiMean(input);
      [result.lambda, result.estimate, result.se, result.ci[0], result.ci[1]].forEach((value, i) => expect(value).toBeCloseTo(ref[i]!, 12));
    });
  }
});

describe("ppiMean, edge cases", () => {
  const y = [3, 4, 5, 2, 4];
  const yhat = [3, 5, 5, 3, 4];

  it("N = 0: nothing to borrow, λ = 0 and the experts-only figure", () => {
    const result = ppiMean({ labeled: { y, yhat }, unlabeledYhat: [] });
    const experts = classicalMean(y);
    expect(result.lambda).toBe(0);
    expect(result.estimate).toBeCloseTo(experts.estimate, 14);
    expect(result.se).toBeCloseTo(experts.se, 14);
    expect(ppiMean({ labeled: { y, yhat }, unlabeledYhat: [], lambda: 1 }).lambda).toBe(0);
  });

  it("constant ŷ: λ = 0 and the figure is the experts' mean", () => {
    const result = ppiMean({ labeled: { y, yhat: [4, 4, 4, 4, 4] }, unlabeledYhat: [4, 4, 4] });
    expect(result.lambda).toBe(0);
    expect(result.estimate).toBeCloseTo(3.6, 14);
  });

  it("refuses fewer than 2 labels, ragged arrays, bad weights and levels", () => {
    expect(() => ppiMean({ labeled: { y: [1], yhat: [1] }, unlabeledYhat: [1, 0] })).toThrow(StatsInputError);
    expect(() => ppiMean({ labeled: { y: [1, 0], yhat: [1] }, unlabeledYhat: [] })).toThrow(/differ in length/);
    expect(() => ppiMean({ labeled: { y, yhat }, unlabeledYhat: [1], weights: { labeled: [1, 1] } })).toThrow(/2 weights for 5 units/);
    expect(() => ppiMean({ labeled: { y, yhat }, unlabeledYhat: [1], weights: { unlabeled: [0] } })).toThrow(/must be positive/);
    expect(() => ppiMean({ labeled: { y, yhat }, unlabeledYhat: [1], confidence: 1 })).toThrow(/confidence/);
    expect(() => ppiMean({ labeled: { y: [1, Number.NaN], yhat: [1, 1] }, unlabeledYhat: [] })).toThrow(/finite/);
  });
});

describe("the not-enough-data rule", () => {
  it("needs MIN_PPI_LABELS labels that vary", () => {
    const varied = Array.from({ length: MIN_PPI_LABELS }, (_, i) => i % 2);
    expect(ppiShortage(varied)).toBeNull();
    expect(ppiShortage(varied.slice(1))).toBe(`not enough data: ${MIN_PPI_LABELS - 1} expert labels, at least ${MIN_PPI_LABELS} needed`);
    expect(ppiShortage(varied.map(() => 1))).toMatch(/same value/);
    expect(ppiShortage([])).toMatch(/0 expert labels/);
  });

  it("calibratedFigures applies it and reports the three figures", () => {
    const y = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const yhat = y.map((v, i) => (i % 5 === 0 ? 1 - v : v));
    const unlabeledYhat = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const figures = calibratedFigures({ labeled: { y, yhat }, unlabeledYhat });
    if (figures.status !== "ok") throw new Error("expected figures");
    expect(figures.expertsOnly.estimate).toBeCloseTo(20 / 30, 14);
    expect(figures.judgeOnly.N).toBe(0);
    expect(figures.judgeOnly.n).toBe(230);
    expect(figures.calibrated.lambda).toBeGreaterThan(0);
    expect(figures.effectiveLabels).toBeCloseTo((figures.expertsOnly.se ** 2 / figures.calibrated.se ** 2) * 30, 10);
    const short = calibratedFigures({ labeled: { y: y.slice(0, 5), yhat: yhat.slice(0, 5) }, unlabeledYhat });
    expect(short).toMatchObject({ status: "not-enough-data", n: 5, N: 200 });
  });
});

describe("effectiveLabels", () => {
  it("is experts-only variance ÷ calibrated variance × n", () => {
    expect(effectiveLabels({ se: 0.1 }, { se: 0.05, n: 100 })).toBeCloseTo(400, 10);
    expect(effectiveLabels({ se: 0.1 }, { se: 0, n: 100 })).toBeNull();
  });
});
