import { describe, expect, it } from "vitest";
import {
  bootstrapCi,
  bootstrapCountsCi,
  createRng,
  jackknifeCountsSe,
  jackknifeSe,
  percentileInterval,
  sampleBinomial,
  sampleMultinomial,
} from "@/lib/stats/bootstrap";
import { mean } from "@/lib/stats/descriptive";
import { StatsInputError } from "@/lib/stats/types";

const TOL = 9;

describe("createRng", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = createRng(2024);
    const b = createRng(2024);
    const c = createRng(2025);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("gives uniforms in [0, 1) and integers in [0, n) with the right mean", () => {
    const rng = createRng(1);
    let total = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      total += u;
    }
    expect(outside).toBe(0);
    expect(total / 100_000).toBeCloseTo(0.5, 2);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400); // > 4 sd would be a bug
  });

  it("rejects a non-integer seed", () => {
    expect(() => createRng(1.5)).toThrow(StatsInputError);
  });
});

describe("sampleBinomial / sampleMultinomial", () => {
  function moments(n: number, p: number, draws: number, seed: number) {
    const rng = createRng(seed);
    let s = 0;
    let s2 = 0;
    let invalid = 0;
    for (let i = 0; i < draws; i++) {
      const x = sampleBinomial(rng, n, p);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) invalid++;
      s += x;
      s2 += x * x;
    }
    const m = s / draws;
    return { mean: m, variance: s2 / draws - m * m, invalid };
  }

  it.each([
    [20, 0.1], // inversion
    [1000, 0.3], // BTRS
    [1_000_000, 0.02], // BTRS, large n
    [50, 0.9], // symmetric branch
  ])("Binomial(%d, %d) has mean np and variance np(1−p)", (n, p) => {
    const draws = 40_000;
    const { mean: m, variance, invalid } = moments(n, p, draws, 99);
    expect(invalid).toBe(0);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(m - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(variance / (sd * sd)).toBeGreaterThan(0.95);
    expect(variance / (sd * sd)).toBeLessThan(1.05);
  });

  it("matches the exact Binomial(30, 0.4) pmf (BTRS branch) in a chi-square sense", () => {
    const n = 30;
    const p = 0.4;
    const draws = 200_000;
    const rng = createRng(5);
    const observed = new Array(n + 1).fill(0);
    for (let i = 0; i < draws; i++) observed[sampleBinomial(rng, n, p)]++;
    let pmf = Math.pow(1 - p, n);
    let chi2 = 0;
    let cells = 0;
    for (let k = 0; k <= n; k++) {
      const expected = draws * pmf;
      if (expected > 5) {
        chi2 += (observed[k] - expected) ** 2 / expected;
        cells++;
      }
      pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
    }
    // cells ≈ 20 → 99.9 % quantile of χ²(19) ≈ 43.8
    expect(cells).toBeGreaterThan(15);
    expect(chi2).toBeLessThan(43.8);
  });

  it("multinomial draws keep the total and follow the cell probabilities", () => {
    const rng = createRng(8);
    const totals = [0, 0, 0, 0];
    for (let r = 0; r < 2000; r++) {
      const draw = sampleMultinomial(rng, 1000, [1, 0, 3, 6]);
      expect(draw.reduce((s, x) => s + x, 0)).toBe(1000);
      expect(draw[1]).toBe(0);
      draw.forEach((x, i) => (totals[i]! += x));
    }
    expect(totals[0]! / 2_000_000).toBeCloseTo(0.1, 2);
    expect(totals[2]! / 2_000_000).toBeCloseTo(0.3, 2);
    expect(totals[3]! / 2_000_000).toBeCloseTo(0.6, 2);
  });
});

describe("percentileInterval", () => {
  it("uses type-7 quantiles (numpy.quantile default)", () => {
    const [lo, hi] = percentileInterval([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(lo).toBeCloseTo(1, TOL);
    expect(hi).toBeCloseTo(8.475, TOL);
  });
});

describe("bootstrapCi", () => {
  const data = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 3.9, 4.2, 2.2, 3.7];

  it("contains the point estimate, is deterministic for a seed and reports its settings", () => {
    const opts = { rounds: 1000, seed: 11 };
    const r = bootstrapCi(data, mean, opts);
    expect(r.value).toBeCloseTo(data.reduce((s, x) => s + x, 0) / data.length, TOL);
    expect(r.lower!).toBeLessThan(r.value!);
    expect(r.upper!).toBeGreaterThan(r.value!);
    expect(r).toMatchObject({ n: 12, rounds: 1000, seed: 11, level: 0.95, undefinedRounds: 0 });
    expect(bootstrapCi(data, mean, opts)).toEqual(r);
    const narrower = bootstrapCi(data, mean, { ...opts, level: 0.5 });
    expect(narrower.upper! - narrower.lower!).toBeLessThan(r.upper! - r.lower!);
  });

  it("counts undefined replicates and keeps the interval over the others", () => {
    // Statistic undefined whenever the resample has no value above 5.
    const statFn = (sample: number[]) => (sample.some((x) => x > 5) ? mean(sample).value : null);
    const r = bootstrapCi(data, statFn, { rounds: 400, seed: 2 });
    expect(r.undefinedRounds).toBeGreaterThan(0);
    expect(r.lower).not.toBeNull();
  });

  it("returns null bounds with a reason when the statistic is undefined on the data", () => {
    const r = bootstrapCi([] as number[], mean, { rounds: 10, seed: 1 });
    expect(r.value).toBeNull();
    expect(r.lower).toBeNull();
    expect(r.reason).toBeTruthy();
  });

  it("count bootstrap resamples cells as one multinomial", () => {
    const counts = [40, 60];
    const share = (c: number[]) => c[0]! / (c[0]! + c[1]!);
    const r = bootstrapCountsCi(counts, share, { rounds: 2000, seed: 4 });
    expect(r.value).toBeCloseTo(0.4, TOL);
    const se = Math.sqrt((0.4 * 0.6) / 100);
    expect((r.upper! - r.lower!) / (2 * 1.96 * se)).toBeGreaterThan(0.85);
    expect((r.upper! - r.lower!) / (2 * 1.96 * se)).toBeLessThan(1.15);
  });
});

describe("jackknife", () => {
  it("of the mean equals s/√n exactly", () => {
    const x = [2, 4, 4, 5, 7, 9];
    expect(jackknifeSe(x, mean).value).toBeCloseTo(1.0137937550497034, TOL);
  });

  it("over cells equals the jackknife over expanded units", () => {
    const counts = [3, 0, 5, 2];
    const units = counts.flatMap((c, cell) => new Array<number>(c).fill(cell));
    const statCells = (c: number[]) => (c[2]! + 2 * c[3]!) / c.reduce((s, x) => s + x, 0);
    const statUnits = (u: number[]) => u.reduce((s, cell) => s + (cell === 2 ? 1 : cell === 3 ? 2 : 0), 0) / u.length;
    expect(jackknifeCountsSe(counts, statCells).value).toBeCloseTo(jackknifeSe(units, statUnits).value!, TOL);
  });

  it("is null when a leave-one-out statistic is undefined", () => {
    const r = jackknifeSe([1, 2], (s) => (s.length > 1 ? 1 : null));
    expect(r.value).toBeNull();
    expect(r.reason).toBeTruthy();
  });
});
