import { cohenKappaFromCounts, krippendorffAlphaFromProfiles, meanPairwiseAgreementFromProfiles, type KappaResult } from "@/lib/stats/agreement";
import { bootstrapCountsCis, type BootstrapCi } from "@/lib/stats/bootstrap";
import {
  bootstrapPairedTable,
  kendallTauBFromCounts,
  meanAbsoluteErrorFromCounts,
  meanSignedDifferenceFromCounts,
  percentAgreementFromCounts,
  spearmanFromCounts,
  withinOneFromCounts,
} from "@/lib/stats/paired-table";
import { statNull, type Label, type Stat } from "@/lib/stats/types";
import type { AgreementCriterion } from "./criteria";

// Turns contingency counts into the figures a dashboard shows. Every number
// comes from lib/stats; this file only reshapes counts into the inputs those
// functions take and decides when there is too little data to show one. All
// figures are computed from the k×k table itself (never one row per unit), so
// a million paired labels cost what 25 cells cost, and so do their intervals.

/** Below this many paired units a figure is shown as "not enough data", not as a number. */
export const MIN_PAIRS = 5;
export const BOOTSTRAP = { rounds: 1000, seed: 20_231 } as const;
/** The bias panel's resampling (lib/agreement/bias.ts); here so tests can reproduce it without a database client. */
export const BIAS_BOOTSTRAP = { rounds: 1000, seed: 20_232 } as const;

/** A figure with its 95 % bootstrap interval, or without one when intervals were not asked for. */
export type Figure = BootstrapCi | Stat;

export type AgreementFigures = {
  n: number;
  /** Why there are no figures at all (no overlap, n too small). */
  reason?: string;
  exact: Figure;
  withinOne: Figure | null;
  kappa: Figure;
  kappaAse: KappaResult | null;
  kappaLinear: Figure | null;
  spearman: Figure | null;
  kendall: Figure | null;
  mae: Figure | null;
  meanSignedDifference: Figure | null;
  /** counts[h][j]: human consensus category h, judge category j, declared order. */
  confusion: { categories: Label[]; counts: number[][] };
};

/** k×k table of counts in declared order, from (human code, judge code, count) rows. Unknown codes are counted apart. */
export function tableFromRows(criterion: AgreementCriterion, rows: readonly { human: Label; judge: Label; count: number }[]) {
  const index = new Map(criterion.categories.map((category, i) => [category, i]));
  const counts = criterion.categories.map(() => new Array<number>(criterion.categories.length).fill(0));
  let offScale = 0;
  for (const row of rows) {
    const h = index.get(row.human);
    const j = index.get(row.judge);
    if (h === undefined || j === undefined) offScale += row.count;
    else counts[h]![j]! += row.count;
  }
  return { counts, offScale };
}

/** The paired ratings a table summarises, as the two arrays lib/stats takes (tests compare against it). */
export function expandTable(categories: readonly Label[], counts: readonly (readonly number[])[]) {
  const human: Label[] = [];
  const judge: Label[] = [];
  counts.forEach((row, h) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        human.push(categories[h]!);
        judge.push(categories[j]!);
      }
    }),
  );
  return { human, judge };
}

const transpose = (table: readonly (readonly number[])[]) => table[0]!.map((_, j) => table.map((row) => row[j]!));

type FigureName = "exact" | "withinOne" | "kappa" | "kappaLinear" | "spearman" | "kendall" | "mae" | "meanSignedDifference";

/** The statistics that apply to this criterion, each a function of the human × judge table. */
function statisticsFor(criterion: AgreementCriterion) {
  const statistics: Partial<Record<FigureName, (table: number[][]) => Stat>> = {
    exact: percentAgreementFromCounts,
    kappa: (table) => cohenKappaFromCounts(table, { weights: criterion.weights }),
  };
  if (criterion.ordinal) {
    statistics.withinOne = withinOneFromCounts;
    statistics.kappaLinear = (table) => cohenKappaFromCounts(table, { weights: "linear" });
  }
  if (criterion.numeric) {
    const values = criterion.categories as number[];
    if (criterion.ordinal) {
      // Rows (human) and columns (judge) follow the declared, ascending scale: ranks come from the table order.
      statistics.spearman = spearmanFromCounts;
      statistics.kendall = kendallTauBFromCounts;
    }
    statistics.mae = (table) => meanAbsoluteErrorFromCounts(table, values);
    // Judge minus human: a positive mean signed difference means the judge is more lenient.
    statistics.meanSignedDifference = (table) => meanSignedDifferenceFromCounts(transpose(table), values);
  }
  return statistics;
}

export function agreementFigures(criterion: AgreementCriterion, counts: number[][], opts: { bootstrap?: "all" | "none" } = {}): AgreementFigures {
  const k = criterion.categories.length;
  const n = counts.reduce((s, row) => s + row.reduce((t, c) => t + c, 0), 0);
  const confusion = { categories: criterion.categories, counts };
  const empty = (reason: string): AgreementFigures => ({
    n,
    reason,
    exact: statNull(n, reason),
    withinOne: null,
    kappa: statNull(n, reason),
    kappaAse: null,
    kappaLinear: null,
    spearman: null,
    kendall: null,
    mae: null,
    meanSignedDifference: null,
    confusion,
  });
  if (k < 2) return empty("the criterion declares fewer than 2 values");
  if (n === 0) return empty("no unit has both a human consensus and a judge score");
  if (n < MIN_PAIRS) return empty(`not enough data: ${n} paired unit${n === 1 ? "" : "s"}, at least ${MIN_PAIRS} needed`);

  const statistics = statisticsFor(criterion);
  // Every interval comes from the same 1,000 resamples of the table's cells.
  const cis: Partial<Record<FigureName, Figure>> = (opts.bootstrap ?? "all") === "all" ? bootstrapPairedTable(counts, statistics as Record<FigureName, (table: number[][]) => Stat>, BOOTSTRAP) : {};
  const figure = (name: FigureName): Figure | null => cis[name] ?? statistics[name]?.(counts) ?? null;
  return {
    n,
    exact: figure("exact")!,
    withinOne: figure("withinOne"),
    kappa: figure("kappa")!,
    kappaAse: cohenKappaFromCounts(counts, { weights: criterion.weights }),
    kappaLinear: figure("kappaLinear"),
    spearman: figure("spearman"),
    kendall: figure("kendall"),
    mae: figure("mae"),
    meanSignedDifference: figure("meanSignedDifference"),
    confusion,
  };
}

export type CeilingFigures = { units: number; alpha: Figure; pairwiseAgreement: Figure };

/**
 * Krippendorff's α and mean pairwise agreement among reviewers on the judge's
 * units, from profiles: multisets of codes with how many units share them (α
 * and pairwise agreement depend on the values within a unit, not on who gave
 * them). With `bootstrap` (default), 95 % unit-bootstrap intervals: units are
 * resampled as one multinomial over the profiles (docs/METRICS.md#krippendorff-alpha
 * "unit-level bootstrap"), so the cost follows the number of distinct profiles.
 */
export function ceilingFigures(criterion: AgreementCriterion, unordered: readonly { codes: Label[]; units: number }[], opts: { bootstrap?: boolean } = {}): CeilingFigures {
  // A fixed order (by codes) makes the seeded interval independent of the order SQL returned the profiles in.
  const key = (p: { codes: Label[] }) => JSON.stringify(p.codes.map(String).sort());
  const profiles = [...unordered].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const units = profiles.reduce((s, p) => s + p.units, 0);
  if (units === 0) {
    const reason = "no unit of this judge has labels from 2 or more reviewers";
    return { units, alpha: statNull(0, reason), pairwiseAgreement: statNull(0, reason) };
  }
  const alphaOptions = { level: criterion.alphaLevel, categories: criterion.categories };
  const withCounts = (counts: readonly number[]) => profiles.map((p, i) => ({ codes: p.codes, units: counts[i]! }));
  const statistics = {
    alpha: (counts: number[]) => krippendorffAlphaFromProfiles(withCounts(counts), alphaOptions),
    pairwiseAgreement: (counts: number[]) => meanPairwiseAgreementFromProfiles(withCounts(counts)),
  };
  const counts = profiles.map((p) => p.units);
  if (opts.bootstrap === false) return { units, alpha: statistics.alpha(counts), pairwiseAgreement: statistics.pairwiseAgreement(counts) };
  const cis = bootstrapCountsCis(counts, statistics, BOOTSTRAP);
  // The interval's n counts profiles' units; keep each statistic's own n (pairable values for α).
  return {
    units,
    alpha: { ...cis.alpha, n: statistics.alpha(counts).n },
    pairwiseAgreement: cis.pairwiseAgreement,
  };
}
