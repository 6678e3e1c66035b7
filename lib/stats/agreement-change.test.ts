import { describe, expect, it } from "vitest";
import { cohenKappaFromCounts } from "./agreement";
import { pairedAgreementChange, pairedFigureChanges } from "./agreement-change";

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

describe("pairedFigureChanges", () => {
  // Binary units as (consensus, older code, newer code) profiles with their counts.
  const profiles = [
    { human: 1, older: 1, newer: 1 },
    { human: 1, older: 0, newer: 1 },
    { human: 0, older: 1, newer: 0 },
    { human: 0, older: 0, newer: 0 },
    { human: 1, older: 1, newer: 0 },
  ] as const;
  const table = (counts: readonly number[], side: "older" | "newer") => {
    const cells = [
      [0, 0],
      [0, 0],
    ];
    profiles.forEach((p, i) => (cells[p.human]![p[side]]! += counts[i]!));
    return cells;
  };
  const kappa = (counts: number[]) => [cohenKappaFromCounts(table(counts, "older")), cohenKappaFromCounts(table(counts, "newer"))] as const;

  it("gives exactly pairedAgreementChange for exact agreement on the four cells, interval included", () => {
    const cells = [10, 2, 8, 3];
    const exact = (c: number[]) => {
      const n = c.reduce((s, x) => s + x, 0);
      return [(c[0]! + c[1]!) / n, (c[0]! + c[2]!) / n] as const;
    };
    const { exact: change } = pairedFigureChanges(cells, { exact }, OPTIONS);
    const reference = pairedAgreementChange([10, 2, 8, 3], OPTIONS);
    expect(change.value).toBeCloseTo(reference.value!, 12);
    expect(change.lower).toBeCloseTo(reference.lower!, 12);
    expect(change.upper).toBeCloseTo(reference.upper!, 12);
    expect(change.excludesZero).toBe(reference.excludesZero);
  });

  it("is the newer version's κ minus the older's, and says when the interval excludes zero", () => {
    const counts = [12, 10, 9, 11, 0];
    const { kappa: change } = pairedFigureChanges(counts, { kappa }, OPTIONS);
    const expected = cohenKappaFromCounts(table(counts, "newer")).value! - cohenKappaFromCounts(table(counts, "older")).value!;
    expect(change.value).toBeCloseTo(expected, 12);
    expect(change.n).toBe(42);
    // The newer version matches every unit, the older about half: a clear gain.
    expect(change.value!).toBeGreaterThan(0.9);
    expect(change.excludesZero).toBe(true);
    // The same units, one version wrong on a few more than the other: no clear change.
    const close = pairedFigureChanges([12, 2, 1, 11, 2], { kappa }, OPTIONS).kappa;
    expect(close.excludesZero).toBe(false);
    expect(pairedFigureChanges(counts, { kappa }, OPTIONS)).toEqual(pairedFigureChanges(counts, { kappa }, OPTIONS));
  });

  it("gives no number when either version's figure is undefined or there are too few units", () => {
    const undefinedOlder = (c: number[]) => [{ value: null, n: 5, reason: "only one category" }, c[0]! / 5] as const;
    expect(pairedFigureChanges([5, 0, 0, 0, 0], { f: undefinedOlder }, OPTIONS).f).toMatchObject({ value: null, excludesZero: null, reason: expect.stringContaining("older version") });
    expect(pairedFigureChanges([1, 1, 1, 0, 0], { kappa }, OPTIONS).kappa).toMatchObject({ value: null, excludesZero: null, reason: expect.stringContaining("3 units") });
    expect(pairedFigureChanges([0, 0, 0, 0, 0], { kappa }, OPTIONS).kappa.reason).toBe("no unit scored by both versions");
  });
});
