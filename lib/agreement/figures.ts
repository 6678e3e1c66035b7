import { cohenKappaFromCounts, krippendorffAlphaFromProfiles, meanPairwiseAgreementFromProfiles, type KappaResult } from "@/lib/stats/agreement";
import { pairedFigureChanges, type AgreementChange, type VersionPair } from "@/lib/stats/agreement-change";
import { bootstrapCountsCis, groupUnits, type BootstrapCi } from "@/lib/stats/bootstrap";
import {
  bootstrapPairedTable,
  kendallTauBFromCounts,
  linConcordanceFromCounts,
  meanAbsoluteErrorFromCounts,
  meanSignedDifferenceFromCounts,
  pearsonFromCounts,
  percentAgreementFromCounts,
  spearmanFromCounts,
  withinOneFromCounts,
} from "@/lib/stats/paired-table";
import { statNull, type Label, type Stat } from "@/lib/stats/types";
import { isLevel, type AgreementCriterion } from "./criteria";

// Turns contingency counts into the figures a dashboard shows. Every number
// comes from lib/stats; this file only reshapes counts into the inputs those
// functions take and decides when there is too little data to show one. All
// figures are computed from the table itself (never one row per unit), so a
// million paired labels cost what their distinct (human, judge) pairs cost,
// and so do their intervals.
//
// Which units a figure uses follows the consensus rule (docs/METRICS.md):
// numeric figures (MAE, mean signed difference, ρ, τ-b, Pearson r, Lin's
// concordance) take the consensus as it is, 3.5 included; categorical figures
// (exact agreement, within one, κ, the confusion matrix) take only the units
// whose consensus and judge code are declared levels. Real-valued scores
// (SCORE) have no declared levels, so no categorical figure.

/** Below this many paired units a figure is shown as "not enough data", not as a number. */
export const MIN_PAIRS = 5;
export const BOOTSTRAP = { rounds: 1000, seed: 20_231 } as const;
/** The bias panel's resampling (lib/agreement/bias.ts); here so tests can reproduce it without a database client. */
export const BIAS_BOOTSTRAP = { rounds: 1000, seed: 20_232 } as const;
/**
 * Most distinct values per side of a real-valued table: beyond it values are
 * grouped on a grid of (max − min) / MAX_DISTINCT_VALUES of the declared range,
 * which bounds the table (and each bootstrap round) at 200 × 200 cells.
 */
export const MAX_DISTINCT_VALUES = 200;

/** A figure with its 95 % bootstrap interval, or without one when intervals were not asked for. */
export type Figure = BootstrapCi | Stat;

export type AgreementFigures = {
  n: number;
  /** Why there are no figures at all (no overlap, n too small). */
  reason?: string;
  /** Units left out of the categorical figures: their consensus (or the judge's code) is not a declared level (a Likert median of 3.5). */
  noCategoricalConsensus: number;
  exact: Figure;
  withinOne: Figure | null;
  kappa: Figure;
  kappaAse: KappaResult | null;
  kappaLinear: Figure | null;
  spearman: Figure | null;
  kendall: Figure | null;
  mae: Figure | null;
  meanSignedDifference: Figure | null;
  pearson: Figure | null;
  /** Lin's concordance correlation coefficient (METRICS.md). */
  lin: Figure | null;
  /** counts[h][j]: human consensus category h, judge category j, declared order; empty for real-valued scores. */
  confusion: { categories: Label[]; counts: number[][] };
};

/** Paired counts: counts[i][j] units whose human consensus is rows[i] and judge code columns[j], both in scale order. */
export type PairedTable = { rows: Label[]; columns: Label[]; counts: number[][] };

/** Groups real values on a grid of the declared range when there are too many distinct ones (see MAX_DISTINCT_VALUES). */
function gridded(criterion: AgreementCriterion, values: number[]): (value: number) => number {
  if (new Set(values).size <= MAX_DISTINCT_VALUES || !criterion.range) return (value) => value;
  const { min, max } = criterion.range;
  const width = (max - min) / MAX_DISTINCT_VALUES;
  return (value) => min + Math.round((value - min) / width) * width;
}

/**
 * The table of (human code, judge code, count) rows. Categories and declared
 * levels always have a row and a column (the confusion matrix shows every
 * level); numeric codes between or instead of levels get their own, in
 * ascending order. Codes off the scale are counted apart.
 */
export function tableFromRows(criterion: AgreementCriterion, rows: readonly { human: Label; judge: Label; count: number }[]): PairedTable & { offScale: number } {
  let offScale = 0;
  let kept = rows;
  if (!criterion.numeric) {
    const declared = new Set(criterion.categories);
    kept = rows.filter((row) => declared.has(row.human) && declared.has(row.judge));
    offScale = rows.reduce((s, row) => s + row.count, 0) - kept.reduce((s, row) => s + row.count, 0);
    return { ...countTable(criterion.categories, criterion.categories, kept), offScale };
  }
  const snap = gridded(criterion, rows.flatMap((row) => [row.human as number, row.judge as number]));
  kept = rows.map((row) => ({ human: snap(row.human as number), judge: snap(row.judge as number), count: row.count }));
  const axis = (side: "human" | "judge") => [...new Set([...(criterion.categories as number[]), ...kept.map((row) => row[side] as number)])].sort((a, b) => a - b);
  return { ...countTable(axis("human"), axis("judge"), kept), offScale };
}

function countTable(rowValues: Label[], columnValues: Label[], rows: readonly { human: Label; judge: Label; count: number }[]): PairedTable {
  const rowIndex = new Map(rowValues.map((value, i) => [value, i]));
  const columnIndex = new Map(columnValues.map((value, j) => [value, j]));
  const counts = rowValues.map(() => new Array<number>(columnValues.length).fill(0));
  for (const row of rows) counts[rowIndex.get(row.human)!]![columnIndex.get(row.judge)!]! += row.count;
  return { rows: rowValues, columns: columnValues, counts };
}

/** The paired ratings a table summarises, as the two arrays lib/stats takes (tests compare against it). */
export function expandTable(categories: readonly Label[], counts: readonly (readonly number[])[], columns: readonly Label[] = categories) {
  const human: Label[] = [];
  const judge: Label[] = [];
  counts.forEach((row, h) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        human.push(categories[h]!);
        judge.push(columns[j]!);
      }
    }),
  );
  return { human, judge };
}

const transpose = (table: readonly (readonly number[])[]) => table[0]!.map((_, j) => table.map((row) => row[j]!));

type FigureName = "exact" | "withinOne" | "kappa" | "kappaLinear" | "spearman" | "kendall" | "mae" | "meanSignedDifference" | "pearson" | "lin";
const CATEGORICAL_FIGURES: readonly FigureName[] = ["exact", "withinOne", "kappa", "kappaLinear"];

/** Where each declared level sits among the table's rows and columns (the categorical sub-table). */
function levelIndices(criterion: AgreementCriterion, table: PairedTable) {
  if (!criterion.categorical) return null;
  const rows = criterion.categories.map((category) => table.rows.indexOf(category));
  const columns = criterion.categories.map((category) => table.columns.indexOf(category));
  return rows.every((i) => i >= 0) && columns.every((j) => j >= 0) ? { rows, columns } : null;
}

const subTable = (counts: readonly (readonly number[])[], at: { rows: number[]; columns: number[] }) => at.rows.map((i) => at.columns.map((j) => counts[i]![j]!));

/** The statistics that apply to this criterion, each a function of the human × judge table. */
function statisticsFor(criterion: AgreementCriterion, table: PairedTable, levels: { rows: number[]; columns: number[] } | null) {
  const statistics: Partial<Record<FigureName, (counts: number[][]) => Stat>> = {};
  if (levels) {
    const onLevels = (f: (sub: number[][]) => Stat) => (counts: number[][]) => f(subTable(counts, levels));
    statistics.exact = onLevels(percentAgreementFromCounts);
    statistics.kappa = onLevels((sub) => cohenKappaFromCounts(sub, { weights: criterion.weights }));
    if (criterion.ordinal) {
      statistics.withinOne = onLevels(withinOneFromCounts);
      statistics.kappaLinear = onLevels((sub) => cohenKappaFromCounts(sub, { weights: "linear" }));
    }
  }
  if (criterion.numeric) {
    const rows = table.rows as number[];
    const columns = table.columns as number[];
    if (criterion.ordinal) {
      // Rows (human) and columns (judge) ascend: ranks come from the table order.
      statistics.spearman = spearmanFromCounts;
      statistics.kendall = kendallTauBFromCounts;
      statistics.pearson = (counts) => pearsonFromCounts(counts, rows, columns);
      // Human as x, judge as y; the coefficient is symmetric.
      statistics.lin = (counts) => linConcordanceFromCounts(counts, rows, columns);
    }
    statistics.mae = (counts) => meanAbsoluteErrorFromCounts(counts, rows, columns);
    // Judge minus human: a positive mean signed difference means the judge is more lenient.
    statistics.meanSignedDifference = (counts) => meanSignedDifferenceFromCounts(transpose(counts), columns, rows);
  }
  return statistics;
}

/**
 * The figures of one human × judge table. A bare count matrix is read on the
 * criterion's declared categories (rows and columns alike).
 */
export function agreementFigures(criterion: AgreementCriterion, input: PairedTable | number[][], opts: { bootstrap?: "all" | "none" } = {}): AgreementFigures {
  const table: PairedTable = Array.isArray(input) ? { rows: criterion.categories, columns: criterion.categories, counts: input } : input;
  const { counts } = table;
  const n = counts.reduce((s, row) => s + row.reduce((t, c) => t + c, 0), 0);
  const levels = levelIndices(criterion, table);
  const levelCounts = levels ? subTable(counts, levels) : [];
  const onLevels = levelCounts.reduce((s, row) => s + row.reduce((t, c) => t + c, 0), 0);
  const confusion = { categories: levels ? criterion.categories : [], counts: levelCounts };
  const notCategorical = statNull(n, "not categorical: scores are real numbers (see Pearson r and Lin's concordance)");
  const empty = (reason: string): AgreementFigures => ({
    n,
    reason,
    noCategoricalConsensus: n - onLevels,
    exact: criterion.categorical ? statNull(n, reason) : notCategorical,
    withinOne: null,
    kappa: criterion.categorical ? statNull(n, reason) : notCategorical,
    kappaAse: null,
    kappaLinear: null,
    spearman: null,
    kendall: null,
    mae: null,
    meanSignedDifference: null,
    pearson: null,
    lin: null,
    confusion,
  });
  if (criterion.categorical && criterion.categories.length < 2) return empty("the criterion declares fewer than 2 values");
  if (n === 0) return empty("no unit has both a human consensus and a judge score");
  if (n < MIN_PAIRS) return empty(`not enough data: ${n} paired unit${n === 1 ? "" : "s"}, at least ${MIN_PAIRS} needed`);

  const statistics = statisticsFor(criterion, table, levels);
  // Units between levels (a median of 3.5) leave the categorical figures; too few left and they are not shown.
  const fewLevels = criterion.categorical && onLevels < MIN_PAIRS ? `not enough data: ${onLevels} unit${onLevels === 1 ? "" : "s"} with a consensus on a declared level, at least ${MIN_PAIRS} needed` : null;
  if (fewLevels) for (const name of CATEGORICAL_FIGURES) delete statistics[name];
  // Every interval comes from the same 1,000 resamples of the table's cells.
  const cis: Partial<Record<FigureName, Figure>> = (opts.bootstrap ?? "all") === "all" ? bootstrapPairedTable(counts, statistics as Record<FigureName, (table: number[][]) => Stat>, BOOTSTRAP) : {};
  const figure = (name: FigureName): Figure | null => cis[name] ?? statistics[name]?.(counts) ?? null;
  const categorical = (name: "exact" | "kappa"): Figure => figure(name) ?? (criterion.categorical ? statNull(onLevels, fewLevels ?? "no categorical consensus") : notCategorical);
  return {
    n,
    noCategoricalConsensus: n - onLevels,
    exact: categorical("exact"),
    withinOne: figure("withinOne"),
    kappa: categorical("kappa"),
    kappaAse: levels && !fewLevels ? cohenKappaFromCounts(levelCounts, { weights: criterion.weights }) : null,
    kappaLinear: figure("kappaLinear"),
    spearman: figure("spearman"),
    kendall: figure("kendall"),
    mae: figure("mae"),
    meanSignedDifference: figure("meanSignedDifference"),
    pearson: figure("pearson"),
    lin: figure("lin"),
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
  // Reviewers answer on declared levels; anything else (a hand-edited row) is left out rather than failing the page.
  const onScale = criterion.categorical ? unordered.map((p) => ({ ...p, codes: p.codes.filter((code) => isLevel(criterion, code)) })).filter((p) => p.codes.length >= 2) : unordered;
  const profiles = [...onScale].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const units = profiles.reduce((s, p) => s + p.units, 0);
  if (units === 0) {
    const reason = "no unit of this judge has labels from 2 or more reviewers";
    return { units, alpha: statNull(0, reason), pairwiseAgreement: statNull(0, reason) };
  }
  const alphaOptions = { level: criterion.alphaLevel, categories: criterion.categorical ? criterion.categories : undefined };
  const withCounts = (counts: readonly number[]) => profiles.map((p, i) => ({ codes: p.codes, units: counts[i]! }));
  // Real-valued scores rarely match exactly: agreement among reviewers is α at interval level, not a share of equal answers.
  const notCategorical = statNull(units, "not categorical: scores are real numbers (see Krippendorff's α, interval)");
  const alpha = (counts: number[]) => krippendorffAlphaFromProfiles(withCounts(counts), alphaOptions);
  const pairwiseAgreement = (counts: number[]) => meanPairwiseAgreementFromProfiles(withCounts(counts));
  const counts = profiles.map((p) => p.units);
  if (!criterion.categorical) {
    return { units, alpha: opts.bootstrap === false ? alpha(counts) : { ...bootstrapCountsCis(counts, { alpha }, BOOTSTRAP).alpha, n: alpha(counts).n }, pairwiseAgreement: notCategorical };
  }
  if (opts.bootstrap === false) return { units, alpha: alpha(counts), pairwiseAgreement: pairwiseAgreement(counts) };
  const cis = bootstrapCountsCis(counts, { alpha, pairwiseAgreement }, BOOTSTRAP);
  // The interval's n counts profiles' units; keep each statistic's own n (pairable values for α).
  return {
    units,
    alpha: { ...cis.alpha, n: alpha(counts).n },
    pairwiseAgreement: cis.pairwiseAgreement,
  };
}

/** The one figure a summary shows per criterion: κ for declared levels or categories, Lin's concordance for real-valued scores. */
export function headlineFigure(criterion: AgreementCriterion, figures: AgreementFigures): Figure {
  return criterion.categorical ? figures.kappa : (figures.lin ?? statNull(figures.n, figures.reason ?? "not enough data"));
}

/** A unit two versions of a judge both scored: the experts' consensus and each version's code. */
export type VersionUnit = { human: Label; older: Label; newer: Label; count: number };

/** The change of each figure the workbench shows per version; null where the criterion has no such figure. */
export type VersionChanges = { exact: AgreementChange | null; headline: AgreementChange | null; mae: AgreementChange | null };

/**
 * How exact agreement, the headline figure (κ, or Lin's concordance for
 * scores) and MAE changed from one version to another on the units both
 * scored (docs/METRICS.md#version-change): each statistic is the one
 * agreementFigures uses, on both versions' tables over the same axes, and
 * lib/stats resamples units with both versions' codes together (a paired
 * bootstrap). Categorical figures use the units whose consensus and both
 * codes are declared levels, as agreementFigures does.
 */
export function versionChangeFigures(criterion: AgreementCriterion, units: readonly VersionUnit[]): VersionChanges {
  const rows = units.flatMap((u) => [
    { human: u.human, judge: u.older, count: u.count },
    { human: u.human, judge: u.newer, count: u.count },
  ]);
  // One set of axes for both versions (snapped on the same grid for real-valued scores).
  const axes = tableFromRows(criterion, rows);
  const snap = criterion.numeric ? gridded(criterion, rows.flatMap((row) => [row.human as number, row.judge as number])) : (value: Label) => value;
  const at = (values: Label[], value: Label) => values.indexOf(criterion.numeric ? snap(value as number) : value);
  const placed = units
    .map((u) => ({ row: at(axes.rows, u.human), older: at(axes.columns, u.older), newer: at(axes.columns, u.newer), count: u.count }))
    .filter((u) => u.row >= 0 && u.older >= 0 && u.newer >= 0);
  const levels = levelIndices(criterion, axes);
  const statistics = statisticsFor(criterion, axes, levels);
  const onLevel = (u: (typeof placed)[number]) => !levels || (levels.rows.includes(u.row) && levels.columns.includes(u.older) && levels.columns.includes(u.newer));

  /** Both versions' value of each named statistic, on a (resampled) count per distinct unit. */
  const changesOf = <K extends FigureName>(names: K[], chosen: typeof placed): Partial<Record<K, AgreementChange>> => {
    const present = names.filter((name) => statistics[name]);
    if (present.length === 0) return {};
    const { distinct, counts } = groupUnits(chosen, (u) => `${u.row}:${u.older}:${u.newer}`, (u) => u.count);
    const tables = (resampled: number[]) => {
      const older = axes.rows.map(() => new Array<number>(axes.columns.length).fill(0));
      const newer = axes.rows.map(() => new Array<number>(axes.columns.length).fill(0));
      distinct.forEach((u, i) => {
        older[u.row]![u.older]! += resampled[i]!;
        newer[u.row]![u.newer]! += resampled[i]!;
      });
      return { older, newer };
    };
    const pairs = Object.fromEntries(
      present.map((name) => [
        name,
        (resampled: number[]): VersionPair => {
          const { older, newer } = tables(resampled);
          return [statistics[name]!(older), statistics[name]!(newer)];
        },
      ]),
    ) as Record<K, (counts: number[]) => VersionPair>;
    return pairedFigureChanges(counts, pairs, BOOTSTRAP, MIN_PAIRS);
  };

  const categorical = criterion.categorical ? changesOf(["exact", "kappa"], placed.filter(onLevel)) : {};
  const numeric = criterion.numeric ? changesOf(["mae", "lin"], placed) : {};
  return {
    exact: categorical.exact ?? null,
    headline: (criterion.categorical ? categorical.kappa : numeric.lin) ?? null,
    mae: numeric.mae ?? null,
  };
}
