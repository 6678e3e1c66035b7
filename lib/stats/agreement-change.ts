import { bootstrapCountsCi, type BootstrapCi, type BootstrapOptions } from "@/lib/stats/bootstrap";
import { statNull, StatsInputError } from "@/lib/stats/types";

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
