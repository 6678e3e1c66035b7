import { describe, expect, it } from "vitest";
import { pairedAgreementChange } from "./agreement-change";

const OPTIONS = { rounds: 2000, seed: 11 };

describe("pairedAgreementChange", () => {
  it("is the share of units only the new version gets right minus those only the old one did", () => {
    const result = pairedAgreementChange([10, 2, 8, 0], OPTIONS);
    expect(result.value).toBeCloseTo(6 / 20, 12);
    expect(result.n).toBe(20);
    expect(result.lower!).toBeLessThanOrEqual(result.value!);
    expect(result.upper!).toBeGreaterThanOrEqual(result.value!);
  });

  it("says whether the interval excludes zero", () => {
    expect(pairedAgreementChange([30, 0, 20, 10], OPTIONS).excludesZero).toBe(true);
    expect(pairedAgreementChange([30, 0, 20, 10], OPTIONS).lower!).toBeGreaterThan(0);
    // Two discordant units each way on 40: no change, and the interval straddles zero.
    const none = pairedAgreementChange([20, 2, 2, 16], OPTIONS);
    expect(none.value).toBe(0);
    expect(none.excludesZero).toBe(false);
    expect(pairedAgreementChange([0, 25, 0, 5], OPTIONS).upper!).toBeLessThan(0);
  });

  it("is reproducible from the seed", () => {
    expect(pairedAgreementChange([9, 3, 6, 2], OPTIONS)).toEqual(pairedAgreementChange([9, 3, 6, 2], OPTIONS));
  });

  it("gives no number below the minimum of units, and refuses malformed counts", () => {
    expect(pairedAgreementChange([1, 0, 2, 0], OPTIONS)).toMatchObject({ value: null, excludesZero: null, reason: expect.stringContaining("3 units") });
    expect(pairedAgreementChange([0, 0, 0, 0], OPTIONS).reason).toBe("no unit scored by both versions");
    expect(() => pairedAgreementChange([1, -1, 0, 0], OPTIONS)).toThrow();
  });
});
