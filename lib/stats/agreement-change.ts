import { bootstrapCountsCi, bootstrapCountsCis, type BootstrapCi, type BootstrapOptions, type StatFnResult } from "@/lib/stats/bootstrap";
import { statNull, StatsInputError, type Stat } from "@/lib/stats/types";

// The change in exact agreement with the experts between two judge versions
// scored on the same units (docs/METRICS.md#version-change). The units are
// paired, so the change is (new right only − old right only) / n and its
// interval resamples units: one multinomial over the four cells
// [old right & new right, old right only, new right only, both wrong].

/** counts = [bothRight, oldOnly, newOnly, bothWrong]. */
export type PairedOutcomeCounts = readonly [number, number, number, number];

export type AgreementChange = BootstrapCi & {
  /** Whether the interval lies wholly above or below zero; null without an interval. */
  excludesZero: boolean | null;
};

function change(cells: readonly number[]): number | null {
  const n = cells.reduce((sum, c) => sum + c, 0);
  return n === 0 ? null : (cells[2]! - cells[1]!) / n;
}

export function pairedAgreementChange(counts: PairedOutcomeCounts, options: BootstrapOptions, minUnits = 5): AgreementChange {
  if (counts.length !== 4 || counts.some((c) => !Number.isInteger(c) || c < 0)) throw new StatsInputError("pairedAgreementChange needs four non-negative whole counts");
  const n = counts.reduce((sum, c) => sum + c, 0);
  if (n < minUnits) {
    const reason = n === 0 ? "no unit scored by both versions" : `not enough data: ${n} units scored by both versions, at least ${minUnits} needed`;
    return { ...statNull(n, reason), lower: null, upper: null, level: options.level ?? 0.95, rounds: options.rounds, seed: options.seed, undefinedRounds: 0, excludesZero: null };
  }
  const ci = bootstrapCountsCi([...counts], change, options);
  const excludesZero = ci.lower === null || ci.upper === null ? null : ci.lower > 0 || ci.upper < 0;
  return { ...ci, excludesZero };
}

/** Both versions' values of one statistic on the same (resampled) units: [older, newer]. */
export type VersionPair = readonly [StatFnResult, StatFnResult];

const valueOf = (result: StatFnResult) => {
  const value = typeof result === "object" && result !== null ? result.value : result;
  return value === null || !Number.isFinite(value) ? null : value;
};
const reasonOf = (result: StatFnResult) => (typeof result === "object" && result?.reason) || "statistic undefined";

/**
 * The change θ(newer) − θ(older) of any statistics (κ, Lin's concordance,
 * MAE …) of two versions scored on the same units, with a paired bootstrap:
 * a unit carries both versions' codes (and the experts'), so resampling units
 * keeps each version's answers together and the interval reflects what the
 * versions share. `counts[i]` is how many units share the i-th distinct
 * profile (consensus, older code, newer code); each statistic gets resampled
 * counts and returns both versions' values on them. One multinomial draw per
 * round serves every statistic. Fewer than `minUnits` units: not enough data.
 */
export function pairedFigureChanges<K extends string>(
  counts: readonly number[],
  statistics: Record<K, (counts: number[]) => VersionPair>,
  options: BootstrapOptions,
  minUnits = 5,
): Record<K, AgreementChange> {
  const names = Object.keys(statistics) as K[];
  const n = counts.reduce((sum, c) => sum + c, 0);
  if (n < minUnits) {
    const reason = n === 0 ? "no unit scored by both versions" : `not enough data: ${n} units scored by both versions, at least ${minUnits} needed`;
    const empty = { ...statNull(n, reason), lower: null, upper: null, level: options.level ?? 0.95, rounds: options.rounds, seed: options.seed, undefinedRounds: 0, excludesZero: null };
    return Object.fromEntries(names.map((name) => [name, empty])) as Record<K, AgreementChange>;
  }
  const difference = (statistic: (counts: number[]) => VersionPair) => (resampled: number[]): Stat => {
    const [older, newer] = statistic(resampled);
    const before = valueOf(older);
    const after = valueOf(newer);
    if (before === null) return statNull(n, `the older version's figure is undefined: ${reasonOf(older)}`);
    if (after === null) return statNull(n, `the newer version's figure is undefined: ${reasonOf(newer)}`);
    return { value: after - before, n };
  };
  const cis = bootstrapCountsCis(counts, Object.fromEntries(names.map((name) => [name, difference(statistics[name])])) as Record<K, (counts: number[]) => Stat>, options);
  return Object.fromEntries(
    names.map((name) => {
      const ci = cis[name];
      return [name, { ...ci, excludesZero: ci.lower === null || ci.upper === null ? null : ci.lower > 0 || ci.upper < 0 }];
    }),
  ) as Record<K, AgreementChange>;
}
