import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlpha, krippendorffAlphaFromProfiles, meanPairwiseAgreement, meanPairwiseAgreementFromProfiles, type RatingProfile } from "@/lib/stats/agreement";
import { StatsInputError, type Label } from "@/lib/stats/types";

// Profiles stand for units: each profile's codes fill the first coder rows of `units` columns.
function expand(profiles: readonly RatingProfile[]) {
  const units = profiles.reduce((s, p) => s + p.units, 0);
  const coders = Math.max(0, ...profiles.map((p) => p.codes.length));
  const ratings = Array.from({ length: coders }, () => new Array<Label | null>(units).fill(null));
  let column = 0;
  for (const p of profiles) for (let u = 0; u < p.units; u++, column++) p.codes.forEach((code, c) => (ratings[c]![column] = code));
  return ratings;
}

describe("statistics from rating profiles equal the matrix versions", () => {
  const categories = [1, 2, 3, 4];
  const profiles = fc.array(
    fc.record({ codes: fc.array(fc.constantFrom(...categories), { minLength: 1, maxLength: 4 }), units: fc.nat({ max: 4 }) }),
    { minLength: 1, maxLength: 8 },
  );

  it.each(["nominal", "ordinal", "interval"] as const)("Krippendorff's α (%s) and mean pairwise agreement", (level) => {
    fc.assert(
      fc.property(profiles, (ps) => {
        const ratings = expand(ps);
        const expected = krippendorffAlpha(ratings, { level, categories });
        const actual = krippendorffAlphaFromProfiles(ps, { level, categories });
        expect(actual.n).toBe(expected.n);
        expect(actual.units ?? 0).toBe(expected.units ?? 0);
        if (expected.value === null) expect(actual).toMatchObject({ value: null, reason: expected.reason });
        else expect(Math.abs(actual.value! - expected.value)).toBeLessThan(1e-9);
        const hh = meanPairwiseAgreementFromProfiles(ps);
        const hhExpected = meanPairwiseAgreement(ratings);
        expect(hh.n).toBe(hhExpected.n);
        if (hhExpected.value === null) expect(hh.reason).toBe(hhExpected.reason);
        else expect(Math.abs(hh.value! - hhExpected.value)).toBeLessThan(1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects codes off the declared scale and bad unit counts", () => {
    expect(() => krippendorffAlphaFromProfiles([{ codes: [1, 9], units: 1 }], { level: "nominal", categories: [1, 2] })).toThrow(StatsInputError);
    expect(() => meanPairwiseAgreementFromProfiles([{ codes: [1, 2], units: -1 }])).toThrow(/profile 0/);
  });
});
