import { describe, expect, it } from "vitest";
import { cohenKappa, kendallTauB, krippendorffAlpha, meanPairwiseAgreement, percentAgreement, spearman } from "@/lib/stats/agreement";
import { bootstrapCi } from "@/lib/stats/bootstrap";
import { meanAbsoluteError, meanSignedDifference, withinOneAgreement } from "@/lib/stats/descriptive";
import { describeCriterion } from "./criteria";
import { agreementFigures, BOOTSTRAP, ceilingFigures, expandTable } from "./figures";

const likert = describeCriterion({ key: "helpfulness", name: "Helpfulness", kind: "LIKERT", config: { min: 1, max: 5 } });
const binary = describeCriterion({ key: "safe", name: "Safe", kind: "BINARY", config: {} });
// Rows: human consensus, columns: the judge. A lenient judge: mass above the diagonal.
const TABLE = [
  [3, 2, 0, 0, 0],
  [1, 4, 3, 0, 0],
  [0, 1, 6, 3, 1],
  [0, 0, 1, 7, 3],
  [0, 0, 0, 1, 4],
];

const bounds = (figure: unknown) => figure as { value: number; lower: number | null; upper: number | null; rounds?: number };

describe("agreementFigures", () => {
  it("computes every figure from the table as lib/stats does on the expanded rows", () => {
    const f = agreementFigures(likert, TABLE, { bootstrap: "none" });
    const { human, judge } = expandTable(likert.categories, TABLE) as { human: number[]; judge: number[] };
    expect(f.n).toBe(human.length);
    expect(f.exact.value).toBeCloseTo(percentAgreement(human, judge).value!, 12);
    expect(f.withinOne!.value).toBeCloseTo(withinOneAgreement(human, judge, { categories: likert.categories }).value!, 12);
    expect(f.kappa.value).toBeCloseTo(cohenKappa(human, judge, { categories: likert.categories, weights: "quadratic" }).value!, 12);
    expect(f.kappaLinear!.value).toBeCloseTo(cohenKappa(human, judge, { categories: likert.categories, weights: "linear" }).value!, 12);
    expect(f.spearman!.value).toBeCloseTo(spearman(human, judge).value!, 12);
    expect(f.kendall!.value).toBeCloseTo(kendallTauB(human, judge).value!, 12);
    expect(f.mae!.value).toBeCloseTo(meanAbsoluteError(judge, human).value!, 12);
    // Judge minus human: this judge is lenient, so the difference is positive.
    expect(f.meanSignedDifference!.value).toBeCloseTo(meanSignedDifference(judge, human).value!, 12);
    expect(f.meanSignedDifference!.value).toBeGreaterThan(0);
    expect("lower" in f.kappa).toBe(false);
  });

  it('gives every figure a 95 % interval with bootstrap "all"', () => {
    const all = agreementFigures(likert, TABLE, { bootstrap: "all" });
    for (const figure of [all.exact, all.withinOne, all.kappa, all.kappaLinear, all.spearman, all.kendall, all.mae, all.meanSignedDifference]) {
      const ci = bounds(figure);
      expect(ci.lower).not.toBeNull();
      expect(ci.lower!).toBeLessThanOrEqual(ci.value);
      expect(ci.upper!).toBeGreaterThanOrEqual(ci.value);
      expect(ci.rounds).toBe(BOOTSTRAP.rounds);
    }
    // Same point estimates whichever intervals were asked for.
    expect(all.spearman!.value).toBe(agreementFigures(likert, TABLE, { bootstrap: "none" }).spearman!.value);
    expect(agreementFigures(likert, TABLE)).toEqual(all);
  });

  it("resamples units: the MAE interval matches a brute-force bootstrap over expanded rows within Monte Carlo error", () => {
    const { human, judge } = expandTable(likert.categories, TABLE) as { human: number[]; judge: number[] };
    const rows = human.map((h, i) => [h, judge[i]!] as const);
    const brute = bootstrapCi(rows, (s) => meanAbsoluteError(s.map((r) => r[1]), s.map((r) => r[0])), { rounds: 4000, seed: 1 });
    const mae = bounds(agreementFigures(likert, TABLE).mae);
    expect(Math.abs(mae.lower! - brute.lower!)).toBeLessThan(0.05);
    expect(Math.abs(mae.upper! - brute.upper!)).toBeLessThan(0.05);
  });

  it("leaves out figures that do not apply, and says why when there are none", () => {
    const f = agreementFigures(binary, [[6, 1], [2, 5]]);
    expect(f.withinOne).toBeNull();
    expect(f.spearman).toBeNull();
    expect(bounds(f.mae).lower).not.toBeNull(); // 0/1 codes: MAE is the disagreement rate
    expect(agreementFigures(likert, [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]).reason).toBe("not enough data: 2 paired units, at least 5 needed");
    // A judge that always says 3: rank correlations are undefined, with the reason, and no NaN anywhere.
    const constant = agreementFigures(likert, TABLE.map((row) => row.map((_, j) => (j === 2 ? row.reduce((s, c) => s + c, 0) : 0))));
    expect(constant.spearman).toMatchObject({ value: null, reason: "y is constant", lower: null, upper: null });
    expect(constant.kendall).toMatchObject({ value: null, reason: "y is constant" });
    expect(JSON.stringify(constant)).not.toMatch(/NaN/);
  });
});

describe("ceilingFigures", () => {
  const profiles = [
    { codes: [4, 4], units: 9 },
    { codes: [3, 4], units: 5 },
    { codes: [2, 2, 3], units: 3 },
    { codes: [5, 5], units: 6 },
    { codes: [1, 2], units: 2 },
  ];

  it("is Krippendorff's α and pairwise agreement on the units, each with a unit-bootstrap interval", () => {
    const ratings = Array.from({ length: 3 }, (_, c) => profiles.flatMap((p) => new Array(p.units).fill(p.codes[c] ?? null)));
    const ceiling = ceilingFigures(likert, profiles);
    expect(ceiling.units).toBe(25);
    const alpha = krippendorffAlpha(ratings, { level: "ordinal", categories: likert.categories });
    expect(ceiling.alpha.value).toBeCloseTo(alpha.value!, 12);
    expect(ceiling.alpha.n).toBe(alpha.n);
    expect(ceiling.pairwiseAgreement.value).toBeCloseTo(meanPairwiseAgreement(ratings).value!, 12);
    for (const figure of [ceiling.alpha, ceiling.pairwiseAgreement]) {
      const ci = bounds(figure);
      expect(ci.lower!).toBeLessThanOrEqual(ci.value);
      expect(ci.upper!).toBeGreaterThanOrEqual(ci.value);
    }
    expect("lower" in ceilingFigures(likert, profiles, { bootstrap: false }).alpha).toBe(false);
    expect(ceilingFigures(likert, [...profiles].reverse())).toEqual(ceiling);
  });

  it("says why there is no ceiling", () => {
    expect(ceilingFigures(likert, []).alpha.reason).toBe("no unit of this judge has labels from 2 or more reviewers");
    // Everyone always says 4: α is undefined (one value), agreement is perfect.
    const flat = ceilingFigures(likert, [{ codes: [4, 4], units: 6 }]);
    expect(flat.alpha).toMatchObject({ value: null, reason: "only one distinct value among pairable values" });
    expect(flat.pairwiseAgreement.value).toBe(1);
  });
});
