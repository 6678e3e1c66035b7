import { bootstrapCountsCis, type BootstrapCi, type BootstrapOptions, type StatFnResult } from "@/lib/stats/bootstrap";
import { statNull, statValue, StatsInputError, type Stat } from "@/lib/stats/types";

// Paired-rating statistics computed from a contingency table of counts instead
// of one row per unit: table[i][j] = units whose first rating (a, x) is the
// i-th category and whose second rating (b, y) is the j-th, both in declared
// scale order. Each function equals its row-level counterpart on the expanded
// rows (percentAgreement, withinOneAgreement, meanAbsoluteError,
// meanSignedDifference, spearman, kendallTauB, pearson, linConcordance) — tested by property — but costs
// O(cells), so a million labels cost what their k² distinct pairs cost, and a
// bootstrap can resample the cells (bootstrapPairedTable).

type CountTable = readonly (readonly number[])[];

function checkTable(table: CountTable, what: string, square: boolean): { rows: number[]; cols: number[]; n: number } {
  if (table.length === 0) throw new StatsInputError(`${what}: the table needs at least one row`);
  const width = table[0]!.length;
  if (width === 0) throw new StatsInputError(`${what}: the table needs at least one column`);
  if (square && width !== table.length) throw new StatsInputError(`${what}: the table must be square (${table.length} × ${width})`);
  const rows = new Array<number>(table.length).fill(0);
  const cols = new Array<number>(width).fill(0);
  table.forEach((row, i) => {
    if (row.length !== width) throw new StatsInputError(`${what}: row ${i} has ${row.length} cells, row 0 has ${width}`);
    row.forEach((c, j) => {
      if (!(Number.isFinite(c) && c >= 0)) throw new StatsInputError(`${what}: cell (${i}, ${j}) must be a non-negative count`);
      rows[i]! += c;
      cols[j]! += c;
    });
  });
  return { rows, cols, n: rows.reduce((s, r) => s + r, 0) };
}

function checkValues(values: readonly number[], k: number, what: string) {
  if (values.length !== k) throw new StatsInputError(`${what}: ${values.length} values for ${k} categories`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new StatsInputError(`${what}: value ${i} is not a finite number`);
  });
}

/** Share of units on the diagonal (same category from both raters). */
export function percentAgreementFromCounts(table: CountTable): Stat {
  const { n } = checkTable(table, "percentAgreementFromCounts", true);
  if (n === 0) return statNull(0, "no item rated by both raters");
  let agree = 0;
  for (let i = 0; i < table.length; i++) agree += table[i]![i]!;
  return statValue(agree / n, n);
}

/** Share of units whose two ratings lie at most one declared scale point apart. */
export function withinOneFromCounts(table: CountTable): Stat {
  const { n } = checkTable(table, "withinOneFromCounts", true);
  if (n === 0) return statNull(0, "no item rated by both");
  let close = 0;
  table.forEach((row, i) => row.forEach((c, j) => (close += Math.abs(i - j) <= 1 ? c : 0)));
  return statValue(close / n, n);
}

function meanOfDifferences(table: CountTable, values: readonly number[], colValues: readonly number[] | undefined, what: string, f: (d: number) => number): Stat {
  const { n } = checkTable(table, what, colValues === undefined);
  const cols = colValues ?? values;
  checkValues(values, table.length, what);
  checkValues(cols, table[0]!.length, what);
  if (n === 0) return statNull(0, "no item with both values");
  let total = 0;
  table.forEach((row, i) => row.forEach((c, j) => (total += c === 0 ? 0 : c * f(values[i]! - cols[j]!))));
  return statValue(total / n, n);
}

/** Mean |a − b|; values[i] is the number row i stands for, colValues[j] column j's (the same values when omitted: a square table). */
export function meanAbsoluteErrorFromCounts(table: CountTable, values: readonly number[], colValues?: readonly number[]): Stat {
  return meanOfDifferences(table, values, colValues, "meanAbsoluteErrorFromCounts", Math.abs);
}

/** Mean of a − b (rows minus columns); values as in meanAbsoluteErrorFromCounts. */
export function meanSignedDifferenceFromCounts(table: CountTable, values: readonly number[], colValues?: readonly number[]): Stat {
  return meanOfDifferences(table, values, colValues, "meanSignedDifferenceFromCounts", (d) => d);
}

// Mid-rank of every unit in each category: the units before it plus the
// average of the ranks its own units span (docs/METRICS.md#spearman: ties share the mean rank).
function categoryMidRanks(totals: readonly number[]): number[] {
  let before = 0;
  return totals.map((t) => {
    const rank = before + (t + 1) / 2;
    before += t;
    return rank;
  });
}

/**
 * Spearman's ρ as the Pearson correlation of mid-ranks, x = row category, y =
 * column category (both ordered). Rows and columns may differ in number.
 */
export function spearmanFromCounts(table: CountTable): Stat {
  const { rows, cols, n } = checkTable(table, "spearmanFromCounts", false);
  if (n < 2) return statNull(n, "fewer than 2 observations");
  if (rows.filter((r) => r > 0).length < 2) return statNull(n, "x is constant");
  if (cols.filter((c) => c > 0).length < 2) return statNull(n, "y is constant");
  const meanRank = (n + 1) / 2;
  const dx = categoryMidRanks(rows).map((r) => r - meanRank);
  const dy = categoryMidRanks(cols).map((r) => r - meanRank);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  rows.forEach((r, i) => (sxx += r * dx[i]! * dx[i]!));
  cols.forEach((c, j) => (syy += c * dy[j]! * dy[j]!));
  table.forEach((row, i) => row.forEach((c, j) => (sxy += c * dx[i]! * dy[j]!)));
  return statValue(Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), n);
}

/**
 * Kendall's τ_b = (n_c − n_d) / sqrt((n_0 − n_1)(n_0 − n_2)) from counts:
 * concordant pairs are cells strictly below-right of each other, discordant
 * strictly below-left; pairs sharing a row or column are ties. O(cells) with
 * suffix sums.
 */
export function kendallTauBFromCounts(table: CountTable): Stat {
  const { rows, cols, n } = checkTable(table, "kendallTauBFromCounts", false);
  if (n < 2) return statNull(n, "fewer than 2 observations");
  const r = table.length;
  const k = cols.length;
  // below[i][j] = Σ_{i' ≥ i, j' ≥ j} table[i'][j'], with a zero row and column past the end.
  const below = Array.from({ length: r + 1 }, () => new Array<number>(k + 1).fill(0));
  for (let i = r - 1; i >= 0; i--) {
    for (let j = k - 1; j >= 0; j--) below[i]![j] = table[i]![j]! + below[i + 1]![j]! + below[i]![j + 1]! - below[i + 1]![j + 1]!;
  }
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < k; j++) {
      const c = table[i]![j]!;
      if (c === 0) continue;
      concordant += c * below[i + 1]![j + 1]!;
      discordant += c * (below[i + 1]![0]! - below[i + 1]![j]!);
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const tiedX = rows.reduce((s, t) => s + (t * (t - 1)) / 2, 0);
  const tiedY = cols.reduce((s, t) => s + (t * (t - 1)) / 2, 0);
  if (pairs - tiedX === 0) return statNull(n, "x is constant");
  if (pairs - tiedY === 0) return statNull(n, "y is constant");
  const tau = (concordant - discordant) / Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return statValue(Math.max(-1, Math.min(1, tau)), n);
}

/** Population moments of a table's two sides: means, variances and covariance (1/n), with n. */
function tableMoments(table: CountTable, values: readonly number[], colValues: readonly number[] | undefined, what: string) {
  const { rows, cols, n } = checkTable(table, what, colValues === undefined);
  const yValues = colValues ?? values;
  checkValues(values, table.length, what);
  checkValues(yValues, table[0]!.length, what);
  let mx = 0;
  let my = 0;
  rows.forEach((r, i) => (mx += r * values[i]!));
  cols.forEach((c, j) => (my += c * yValues[j]!));
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  rows.forEach((r, i) => (sxx += r === 0 ? 0 : r * (values[i]! - mx) ** 2));
  cols.forEach((c, j) => (syy += c === 0 ? 0 : c * (yValues[j]! - my) ** 2));
  table.forEach((row, i) => row.forEach((c, j) => (sxy += c === 0 ? 0 : c * (values[i]! - mx) * (yValues[j]! - my))));
  return { n, mx, my, vx: sxx / n, vy: syy / n, cxy: sxy / n };
}

/** Pearson's r of rows (x) and columns (y); values as in meanAbsoluteErrorFromCounts. */
export function pearsonFromCounts(table: CountTable, values: readonly number[], colValues?: readonly number[]): Stat {
  const { n, vx, vy, cxy } = tableMoments(table, values, colValues, "pearsonFromCounts");
  if (n < 2) return statNull(n, "fewer than 2 observations");
  if (vx === 0) return statNull(n, "x is constant");
  if (vy === 0) return statNull(n, "y is constant");
  return statValue(Math.max(-1, Math.min(1, cxy / Math.sqrt(vx * vy))), n);
}

/** Lin's concordance correlation coefficient of rows and columns (see linConcordance in ./agreement.ts). */
export function linConcordanceFromCounts(table: CountTable, values: readonly number[], colValues?: readonly number[]): Stat {
  const { n, mx, my, vx, vy, cxy } = tableMoments(table, values, colValues, "linConcordanceFromCounts");
  if (n < 2) return statNull(n, "fewer than 2 observations");
  const denominator = vx + vy + (mx - my) ** 2;
  if (denominator === 0) return statNull(n, "no variation: both raters give the same constant value");
  return statValue(Math.max(-1, Math.min(1, (2 * cxy) / denominator)), n);
}

/**
 * Percentile bootstrap of several statistics of one table from the same
 * replicates: each round resamples the units as one multinomial draw over the
 * cells (bootstrapCountsCis), keeps the table's shape — the declared scale —
 * and evaluates every statistic. Undefined replicates are counted per statistic.
 */
export function bootstrapPairedTable<K extends string>(
  table: CountTable,
  statistics: Record<K, (table: number[][]) => StatFnResult>,
  options: BootstrapOptions,
): Record<K, BootstrapCi> {
  checkTable(table, "bootstrapPairedTable", false);
  const width = table[0]!.length;
  const unflatten = (cells: readonly number[]) => Array.from({ length: table.length }, (_, i) => cells.slice(i * width, (i + 1) * width));
  const onCells = Object.fromEntries(
    (Object.keys(statistics) as K[]).map((name) => [name, (cells: number[]) => statistics[name](unflatten(cells))]),
  ) as Record<K, (cells: number[]) => StatFnResult>;
  return bootstrapCountsCis(table.flat(), onCells, options);
}
