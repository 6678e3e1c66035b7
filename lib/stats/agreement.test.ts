import { describe, expect, it } from "vitest";
import {
  agreementWeights,
  bootstrapCohenKappa,
  bootstrapKappaFromCounts,
  bootstrapKrippendorffAlpha,
  categoryCounts,
  cohenKappa,
  cohenKappaFromCounts,
  fleissKappa,
  jackknifeKappaFromCounts,
  kendallTauB,
  krippendorffAlpha,
  meanPairwiseAgreement,
  percentAgreement,
  spearman,
} from "@/lib/stats/agreement";
import { jackknifeSe } from "@/lib/stats/bootstrap";
import { StatsInputError, type Label } from "@/lib/stats/types";

// Expected values come from published tables or were derived independently in
// Python (exact fractions, scipy) — never from this module's output.
const TOL = 9; // toBeCloseTo digits: |diff| < 5e-10

/** Expands a k×k table of counts into two rating vectors over categories 1..k. */
function expand(table: number[][]): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let t = 0; t < count; t++) {
        a.push(i + 1);
        b.push(j + 1);
      }
    }),
  );
  return { a, b };
}

// Fleiss (1971) psychiatric diagnoses, 30 patients × 6 raters, categories 1..5
// (irr::diagnoses; statsmodels test_inter_rater.py).
const DIAGNOSES = [
  [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
];
const DIAGNOSES_BY_RATER = DIAGNOSES[0]!.map((_, r) => DIAGNOSES.map((patient) => patient[r]!));
const FIVE = [1, 2, 3, 4, 5];

// Krippendorff (2011), 4 coders × 12 units, null = missing.
const KRIPPENDORFF: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe("percentAgreement", () => {
  it("uses only items rated by both raters", () => {
    const r = percentAgreement([1, 2, null, 3, 1], [1, 3, 2, 3, null]);
    expect(r).toEqual({ value: 2 / 3, n: 3 });
  });

  it("is null, not 0, when no item was rated by both", () => {
    const r = percentAgreement([1, null], [null, 2]);
    expect(r.value).toBeNull();
    expect(r.reason).toBeTruthy();
  });

  it("pitfall: for >2 raters reports mean pairwise agreement P̄, not the unanimous share", () => {
    // docs/METRICS.md#pairwise-agreement: irr::agree gives 16.67 % (unanimous) on the diagnoses data; P̄ = 55.6 %.
    const unanimous = DIAGNOSES.filter((p) => new Set(p).size === 1).length / DIAGNOSES.length;
    expect(unanimous).toBeCloseTo(1 / 6, TOL);
    const r = meanPairwiseAgreement(DIAGNOSES_BY_RATER);
    expect(r.value).toBeCloseTo(5 / 9, TOL);
    expect(r.n).toBe(30);
    expect(fleissKappa(categoryCounts(DIAGNOSES_BY_RATER, FIVE)).observedAgreement).toBeCloseTo(5 / 9, TOL);
  });
});

describe("cohenKappa", () => {
  it("reproduces Wikipedia's 2×2 example (20/5/10/15 → κ = 0.4)", () => {
    const { a, b } = expand([
      [20, 5],
      [10, 15],
    ]);
    const r = cohenKappa(a, b, { categories: [1, 2] });
    expect(r.value).toBeCloseTo(0.4, TOL);
    expect(r.n).toBe(50);
    expect(r.observedAgreement).toBeCloseTo(0.7, TOL);
    expect(r.expectedAgreement).toBeCloseTo(0.5, TOL);
  });

  it("reproduces SAS's simple kappa with FCE-1969 ASE and 95 % CI", () => {
    // SAS PROC FREQ printout (statsmodels test_inter_rater.py): 0.4842, ASE 0.1380, CI 0.2137–0.7547.
    const r = cohenKappaFromCounts([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    expect(r.value).toBeCloseTo(0.4841628959276017, TOL);
    expect(r.se).toBeCloseTo(0.1380135783058146, TOL);
    expect(r.ci95![0]).toBeCloseTo(0.2137, 4);
    expect(r.ci95![1]).toBeCloseTo(0.7547, 4);
  });

  it("reproduces SAS's weighted kappa (equal spacing) with ASE", () => {
    const r = cohenKappaFromCounts(
      [
        [0, 4, 1],
        [0, 8, 0],
        [0, 1, 5],
      ],
      { weights: "linear" },
    );
    expect(r.value).toBeCloseTo(0.4701195219123504, TOL);
    expect(r.se).toBeCloseTo(0.14574604514192563, TOL);
    expect(r.ci95![0]).toBeCloseTo(0.1845, 4);
    expect(r.ci95![1]).toBeCloseTo(0.7558, 4);
  });

  it("pitfall: se is the non-null FCE-1969 ASE (vcd::Kappa on SexualFun), not the H0 variance", () => {
    // vcd documentation: unweighted 0.1293 (ASE 0.06860), equal-spacing weighted 0.2374 (ASE 0.07832).
    const sexualFun = [
      [7, 7, 2, 3],
      [2, 8, 3, 7],
      [1, 5, 4, 9],
      [2, 8, 9, 14],
    ];
    const unweighted = cohenKappaFromCounts(sexualFun);
    expect(unweighted.value).toBeCloseTo(0.12933025404157042, TOL);
    expect(unweighted.se).toBeCloseTo(0.06859853248070859, TOL);
    const linear = cohenKappaFromCounts(sexualFun, { weights: "linear" });
    expect(linear.value).toBeCloseTo(0.2373806275579809, TOL);
    expect(linear.se).toBeCloseTo(0.07831633477837285, TOL);
    const quadratic = cohenKappaFromCounts(sexualFun, { weights: "quadratic" });
    expect(quadratic.value).toBeCloseTo(0.33204558624686065, TOL);
    expect(quadratic.se).toBeCloseTo(0.09729752195860464, TOL);
    expect(quadratic.se).toBeGreaterThan(0); // psych::cohen.kappa returned 0 here

    // The SAS table's ASE under H0 is 0.1484; the reported se must be the non-null 0.1380.
    const sas = cohenKappaFromCounts([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    expect(Math.abs(sas.se! - 0.1484)).toBeGreaterThan(0.005);
  });

  it("pitfall: weights come from the declared scale, so an unused scale point still counts", () => {
    // irr anxiety data, raters 2 and 3 (scale 1..6; nobody used 5). irr::kappa2 builds weights
    // from observed levels only: equal 0.1459075 and squared 0.2520325. Declared scale:
    // linear 13/103, quadratic 91/396 (exact fractions, computed independently).
    const r2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
    const r3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
    const declared = [1, 2, 3, 4, 5, 6];
    const observedOnly = [1, 2, 3, 4, 6];
    const linear = cohenKappa(r2, r3, { categories: declared, weights: "linear" });
    const quadratic = cohenKappa(r2, r3, { categories: declared, weights: "quadratic" });
    expect(linear.value).toBeCloseTo(13 / 103, TOL);
    expect(quadratic.value).toBeCloseTo(91 / 396, TOL);
    expect(cohenKappa(r2, r3, { categories: observedOnly, weights: "linear" }).value).toBeCloseTo(0.1459075, 7);
    expect(cohenKappa(r2, r3, { categories: observedOnly, weights: "quadratic" }).value).toBeCloseTo(0.2520325, 7);
    expect(Math.abs(linear.value! - 0.1459075)).toBeGreaterThan(0.01);
    // Unweighted kappa does not depend on unused categories.
    expect(cohenKappa(r2, r3, { categories: declared }).value).toBeCloseTo(
      cohenKappa(r2, r3, { categories: observedOnly }).value!,
      TOL,
    );
  });

  it("builds the weight schemes of docs/METRICS.md#cohens-kappa", () => {
    const linear = agreementWeights(5, "linear");
    expect(linear[0]).toEqual([1, 0.75, 0.5, 0.25, 0]);
    const quadratic = agreementWeights(5, "quadratic");
    expect(quadratic[0]![2]).toBeCloseTo(1 - 4 / 16, TOL);
    expect(agreementWeights(3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it("returns null with a reason when both raters are constant and identical (P_e = 1)", () => {
    const r = cohenKappa([2, 2, 2], [2, 2, 2], { categories: [1, 2, 3] });
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/no variation/);
    expect(r.n).toBe(3);
    expect(Number.isNaN(r.value)).toBe(false);
  });

  it("returns null when no item was rated by both raters", () => {
    expect(cohenKappa([1, null], [null, 2], { categories: [1, 2] }).value).toBeNull();
  });

  it("skips missing ratings and rejects labels outside the declared categories", () => {
    const r = cohenKappa([1, 2, null, 1], [1, 2, 1, null], { categories: [1, 2] });
    expect(r.n).toBe(2);
    expect(r.value).toBeCloseTo(1, TOL);
    expect(r.se).toBe(0);
    expect(() => cohenKappa([1, 7], [1, 2], { categories: [1, 2] })).toThrow(StatsInputError);
    expect(() => cohenKappa(["1"], [1], { categories: [1, 2] })).toThrow(StatsInputError);
  });

  it("accepts string labels in declared order", () => {
    const cats: Label[] = ["bad", "ok", "good"];
    const r = cohenKappa(["bad", "ok", "good", "good"], ["bad", "good", "good", "ok"], { categories: cats });
    const { counts } = { counts: [[1, 0, 0], [0, 0, 1], [0, 1, 1]] };
    expect(r.value).toBeCloseTo(cohenKappaFromCounts(counts).value!, TOL);
  });
});

describe("kappa bootstrap and jackknife", () => {
  const table = [
    [30, 6, 2],
    [5, 25, 7],
    [1, 8, 16],
  ];

  it("percentile interval contains the estimate, has the size of ±1.96·ASE and is deterministic", () => {
    const opts = { rounds: 2000, seed: 42, weights: "linear" as const };
    const r = bootstrapKappaFromCounts(table, opts);
    const point = cohenKappaFromCounts(table, { weights: "linear" });
    expect(r.value).toBeCloseTo(point.value!, TOL);
    expect(r.lower!).toBeLessThan(r.value!);
    expect(r.upper!).toBeGreaterThan(r.value!);
    const width = r.upper! - r.lower!;
    expect(width / (2 * 1.96 * point.se!)).toBeGreaterThan(0.8);
    expect(width / (2 * 1.96 * point.se!)).toBeLessThan(1.25);
    expect(r).toMatchObject({ rounds: 2000, seed: 42, level: 0.95, undefinedRounds: 0 });
    expect(bootstrapKappaFromCounts(table, opts)).toEqual(r);
    expect(bootstrapKappaFromCounts(table, { ...opts, seed: 43 }).lower).not.toBe(r.lower);
    const { a, b } = expand(table);
    expect(bootstrapCohenKappa(a, b, { ...opts, categories: [1, 2, 3] })).toEqual(r);
  });

  it("counts replicates where kappa is undefined instead of dropping them silently", () => {
    // 19 items on category 1 by both raters, one disagreement: many resamples are all-(1,1).
    const r = bootstrapKappaFromCounts(
      [
        [19, 1],
        [0, 0],
      ],
      { rounds: 500, seed: 1 },
    );
    expect(r.undefinedRounds).toBeGreaterThan(0);
    expect(r.undefinedRounds).toBeLessThan(500);
  });

  it("handles 1,000,000 items × 1,000 resamples via multinomial counts", () => {
    const big = [
      [300_000, 40_000, 10_000],
      [50_000, 250_000, 50_000],
      [10_000, 40_000, 250_000],
    ];
    const started = Date.now();
    const r = bootstrapKappaFromCounts(big, { rounds: 1000, seed: 7, weights: "quadratic" });
    expect(Date.now() - started).toBeLessThan(5000);
    const point = cohenKappaFromCounts(big, { weights: "quadratic" });
    expect(r.n).toBe(1_000_000);
    expect(r.lower!).toBeLessThan(point.value!);
    expect(r.upper!).toBeGreaterThan(point.value!);
    expect((r.upper! - r.lower!) / (2 * 1.96 * point.se!)).toBeGreaterThan(0.8);
    expect((r.upper! - r.lower!) / (2 * 1.96 * point.se!)).toBeLessThan(1.25);
  });

  it("jackknife SE is exact on a small case (hand-computed 0.39403329117315156)", () => {
    const a = [1, 1, 2, 2, 1, 2, 1, 1];
    const b = [1, 2, 2, 2, 1, 1, 1, 2];
    const pairs = a.map((x, i) => [x, b[i]!] as const);
    const byItems = jackknifeSe(pairs, (sample) =>
      cohenKappa(
        sample.map((p) => p[0]),
        sample.map((p) => p[1]),
        { categories: [1, 2] },
      ),
    );
    expect(byItems.value).toBeCloseTo(0.39403329117315156, TOL);
    const byCells = jackknifeKappaFromCounts([
      [3, 2],
      [1, 2],
    ]);
    expect(byCells.value).toBeCloseTo(0.39403329117315156, TOL);
  });
});

describe("fleissKappa", () => {
  it("reproduces Wikipedia's example (10 items × 5 categories × 14 raters → 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    const r = fleissKappa(counts);
    expect(r.value).toBeCloseTo(4211 / 20059, TOL);
    expect(r.value!.toFixed(3)).toBe("0.210");
    expect(r.n).toBe(10);
  });

  it("reproduces Fleiss (1971) diagnoses: κ = .430, irr z = 17.65183", () => {
    const r = fleissKappa(categoryCounts(DIAGNOSES_BY_RATER, FIVE));
    expect(r.value).toBeCloseTo(5437 / 12637, TOL);
    expect(r.value).toBeCloseTo(0.4302445, 7);
    expect(r.value! / r.se0!).toBeCloseTo(17.65183, 4);
    expect(r.se0).toBeCloseTo(0.024373932099411154, TOL);
  });

  it("pitfall: refuses unequal numbers of raters per item (use Krippendorff's alpha)", () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(/krippendorffAlpha/);
  });

  it("returns null when every rating falls in one category", () => {
    const r = fleissKappa([
      [3, 0],
      [3, 0],
    ]);
    expect(r.value).toBeNull();
    expect(r.reason).toBeTruthy();
  });
});

describe("krippendorffAlpha", () => {
  it("reproduces Krippendorff's canonical nominal value 113/152 = 0.743", () => {
    const r = krippendorffAlpha(KRIPPENDORFF, { level: "nominal" });
    expect(r.value).toBeCloseTo(113 / 152, TOL);
    expect(r.n).toBe(40); // pairable values; unit 12 has a single value and is dropped
    expect(r.units).toBe(11);
  });

  it("reproduces the ordinal (0.815), interval (0.849) and ratio (0.797) values", () => {
    expect(krippendorffAlpha(KRIPPENDORFF, { level: "ordinal" }).value).toBeCloseTo(108577 / 133160, TOL);
    expect(krippendorffAlpha(KRIPPENDORFF, { level: "interval" }).value).toBeCloseTo(951 / 1120, TOL);
    expect(krippendorffAlpha(KRIPPENDORFF, { level: "ratio" }).value).toBeCloseTo(18222619 / 22852465, TOL);
    expect(krippendorffAlpha(KRIPPENDORFF, { level: "ordinal" }).value!.toFixed(3)).toBe("0.815");
    expect(krippendorffAlpha(KRIPPENDORFF, { level: "interval" }).value!.toFixed(3)).toBe("0.849");
  });

  it("pitfall: uses Krippendorff's ordinal metric, not Gwet's ordinal weights (0.8154, not 0.8336)", () => {
    const r = krippendorffAlpha(KRIPPENDORFF, { level: "ordinal" });
    expect(r.value).toBeCloseTo(0.8153875037548813, TOL);
    expect(Math.abs(r.value! - 0.8336)).toBeGreaterThan(0.01);
  });

  it("pitfall: divides by m_u − 1 even without missing values (irr::kripp.alpha bug with >2 coders)", () => {
    // Three complete coders (diagnoses raters 1–3). By definition 0.5395108184383819; irr's
    // divide-by-1 variant gives 0.0790. Also α = 1 − (Nn−1)/(Nn)·(1−P̄)/(1−P̄e) for complete data.
    const three = DIAGNOSES_BY_RATER.slice(0, 3);
    expect(krippendorffAlpha(three, { level: "nominal" }).value).toBeCloseTo(0.5395108184383819, TOL);
    const six = krippendorffAlpha(DIAGNOSES_BY_RATER, { level: "nominal" }).value!;
    const fleiss = fleissKappa(categoryCounts(DIAGNOSES_BY_RATER, FIVE));
    const total = 30 * 6;
    expect(six).toBeCloseTo(
      1 - ((total - 1) / total) * ((1 - fleiss.observedAgreement!) / (1 - fleiss.expectedAgreement!)),
      TOL,
    );
  });

  it("pitfall: orders ordinal codes ≥ 10 as numbers, not strings", () => {
    const relabel = new Map([[1, 1], [2, 2], [3, 3], [4, 10], [5, 11]]);
    const coded = KRIPPENDORFF.map((coder) => coder.map((v) => (v === null ? null : relabel.get(v)!)));
    // The ordinal metric depends only on rank order, so a monotone relabelling changes nothing.
    expect(krippendorffAlpha(coded, { level: "ordinal" }).value).toBeCloseTo(108577 / 133160, TOL);
    const stringOrder = krippendorffAlpha(coded, { level: "ordinal", categories: [1, 10, 11, 2, 3] });
    expect(Math.abs(stringOrder.value! - 108577 / 133160)).toBeGreaterThan(0.01);
  });

  it("honours a declared category order for string labels; unused categories change nothing", () => {
    const names = ["low", "mid", "high", "top", "max"];
    const named = KRIPPENDORFF.map((coder) => coder.map((v) => (v === null ? null : names[v - 1]!)));
    expect(krippendorffAlpha(named, { level: "ordinal", categories: names }).value).toBeCloseTo(108577 / 133160, TOL);
    expect(krippendorffAlpha(named, { level: "nominal" }).value).toBeCloseTo(113 / 152, TOL);
    expect(krippendorffAlpha(KRIPPENDORFF, { level: "ordinal", categories: [0, 1, 2, 3, 4, 5, 6] }).value).toBeCloseTo(
      108577 / 133160,
      TOL,
    );
    expect(() => krippendorffAlpha(named, { level: "ordinal" })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha(named, { level: "interval", categories: names })).toThrow(StatsInputError);
  });

  it("returns null with a reason for a single distinct value or no pairable unit", () => {
    const constant = krippendorffAlpha(
      [
        [1, 1, null],
        [1, 1, 2],
      ],
      { level: "nominal" },
    );
    expect(constant.value).toBeNull();
    expect(constant.reason).toMatch(/one distinct value/);
    const lonely = krippendorffAlpha(
      [
        [1, null],
        [null, 2],
      ],
      { level: "interval" },
    );
    expect(lonely.value).toBeNull();
    expect(lonely.n).toBe(0);
  });

  it("unit bootstrap interval contains the estimate and is reproducible", () => {
    const opts = { rounds: 500, seed: 3 };
    const r = bootstrapKrippendorffAlpha(KRIPPENDORFF, { level: "interval" }, opts);
    expect(r.value).toBeCloseTo(951 / 1120, TOL);
    expect(r.lower!).toBeLessThanOrEqual(r.value!);
    expect(r.upper!).toBeGreaterThanOrEqual(r.value!);
    expect(bootstrapKrippendorffAlpha(KRIPPENDORFF, { level: "interval" }, opts)).toEqual(r);
  });
});

describe("spearman", () => {
  const x = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7];
  const y = [2, 1, 3, 3, 5, 4, 6, 6, 8, 7];

  it("pitfall: uses mid-ranks with ties, not the 1 − 6Σd²/(n(n²−1)) shortcut", () => {
    const r = spearman(x, y);
    expect(r.value).toBeCloseTo(0.93812095999547, TOL); // scipy.stats.spearmanr
    expect(Math.abs(r.value! - 0.9393939393939394)).toBeGreaterThan(1e-3); // shortcut on mid-ranks
    expect(r.n).toBe(10);
  });

  it("matches scipy on a second tied sample and is ±1 for monotone data", () => {
    const r = spearman([1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6], [1, 2, 1, 2, 3, 3, 4, 2, 5, 5, 4, 6]);
    expect(r.value).toBeCloseTo(0.8399280575539568, TOL);
    expect(spearman([1, 2, 3, 4], [10, 20, 35, 90]).value).toBeCloseTo(1, TOL);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1]).value).toBeCloseTo(-1, TOL);
  });

  it("returns null for constant input", () => {
    expect(spearman([1, 1, 1], [1, 2, 3]).value).toBeNull();
  });
});

describe("kendallTauB", () => {
  function bruteForceTauB(x: number[], y: number[]) {
    let s = 0;
    const n = x.length;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[i]! - x[j]!) * Math.sign(y[i]! - y[j]!);
    const ties = (v: number[]) => {
      const counts = new Map<number, number>();
      v.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1));
      return [...counts.values()].reduce((acc, t) => acc + (t * (t - 1)) / 2, 0);
    };
    const n0 = (n * (n - 1)) / 2;
    return s / Math.sqrt((n0 - ties(x)) * (n0 - ties(y)));
  }

  it("matches scipy.stats.kendalltau (τ_b) with ties", () => {
    expect(kendallTauB([1, 2, 2, 3, 4, 4, 4, 5, 6, 7], [2, 1, 3, 3, 5, 4, 6, 6, 8, 7]).value).toBeCloseTo(
      0.8335696394016967,
      TOL,
    );
    expect(kendallTauB([1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6], [1, 2, 1, 2, 3, 3, 4, 2, 5, 5, 4, 6]).value).toBeCloseTo(
      0.711864406779661,
      TOL,
    );
  });

  it("pitfall: pairs tied in x or y are neither concordant nor discordant (agrees with O(n²) count)", () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 7;
    for (let trial = 0; trial < 20; trial++) {
      const x = Array.from({ length: 60 }, next);
      const y = Array.from({ length: 60 }, next);
      expect(kendallTauB(x, y).value).toBeCloseTo(bruteForceTauB(x, y), TOL);
    }
  });

  it("is ±1 for monotone data and null for constant input", () => {
    expect(kendallTauB([1, 2, 3], [3, 4, 9]).value).toBeCloseTo(1, TOL);
    expect(kendallTauB([1, 2, 3], [3, 2, 1]).value).toBeCloseTo(-1, TOL);
    const r = kendallTauB([1, 2, 3], [5, 5, 5]);
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/constant/);
  });
});
