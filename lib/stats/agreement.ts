import {
  bootstrapCi,
  bootstrapCountsCi,
  jackknifeCountsSe,
  type BootstrapCi,
  type BootstrapOptions,
} from "@/lib/stats/bootstrap";
import { confusionMatrix } from "@/lib/stats/descriptive";
import { centredMoments, midRanks, pearson as pearsonOfNumbers } from "@/lib/stats/numeric";
import {
  assertFiniteNumbers,
  assertSameLength,
  categoryIndex,
  indexOfCategory,
  statNull,
  statValue,
  StatsInputError,
  type Label,
  type Stat,
} from "@/lib/stats/types";

// Agreement between raters (docs/METRICS.md#judge-vs-humans, docs/METRICS.md#human-ceiling). Categories are always the
// declared scale: weights and expected agreement must not depend on which scale
// points happen to be used in a sample.

export type KappaWeights = "none" | "linear" | "quadratic";
type CountTable = readonly (readonly number[])[];
type RatingMatrix = readonly (readonly (Label | null)[])[];
export type KappaResult = Stat & {
  /** Large-sample standard error, Fleiss, Cohen & Everitt (1969); = vcd::Kappa's ASE. */
  se?: number;
  ci95?: [number, number];
  observedAgreement?: number;
  expectedAgreement?: number;
};

// docs/METRICS.md#cohens-kappa writes the 95 % normal quantile to 6 decimals; CIs use it as written.
const Z95 = 1.959964;

// ---------------------------------------------------------------------------
// Two raters
// ---------------------------------------------------------------------------

export function percentAgreement(a: readonly (Label | null)[], b: readonly (Label | null)[]): Stat {
  assertSameLength(a, b, "percentAgreement");
  let n = 0;
  let agree = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    n++;
    if (x === y) agree++;
  }
  return n === 0 ? statNull(0, "no item rated by both raters") : statValue(agree / n, n);
}

/** Agreement weights w_ij ∈ [0, 1] over k declared, ordered categories. */
export function agreementWeights(k: number, scheme: KappaWeights = "none"): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (i === j) return 1;
      if (scheme === "linear") return 1 - Math.abs(i - j) / (k - 1);
      if (scheme === "quadratic") return 1 - (i - j) ** 2 / (k - 1) ** 2;
      return 0;
    }),
  );
}

// The bootstrap evaluates kappa thousands of times on one scale: build each
// weight matrix once. Private and never handed out, so nobody can mutate it.
const weightCache = new Map<string, readonly (readonly number[])[]>();
function cachedWeights(k: number, scheme: KappaWeights) {
  const key = `${k}:${scheme}`;
  let w = weightCache.get(key);
  if (!w) weightCache.set(key, (w = agreementWeights(k, scheme)));
  return w;
}

export function cohenKappa(
  a: readonly (Label | null)[],
  b: readonly (Label | null)[],
  opts: { categories: Label[]; weights?: KappaWeights },
): KappaResult {
  return cohenKappaFromCounts(confusionMatrix(a, b, opts.categories).counts, { weights: opts.weights });
}

/**
 * Cohen's (weighted) kappa from a k×k table of counts whose rows and columns
 * follow the declared category order. Lets callers aggregate in SQL and lets
 * the bootstrap resample cells instead of items.
 */
export function cohenKappaFromCounts(table: CountTable, opts: { weights?: KappaWeights } = {}): KappaResult {
  const k = table.length;
  const n = checkSquareCounts(table);
  if (n === 0) return statNull(0, "no item rated by both raters");
  const w = cachedWeights(k, opts.weights ?? "none");
  const p = table.map((row) => row.map((c) => c / n));
  const rowMarg = p.map((row) => row.reduce((s, x) => s + x, 0));
  const colMarg = p[0]!.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += w[i]![j]! * p[i]![j]!;
      pe += w[i]![j]! * rowMarg[i]! * colMarg[j]!;
    }
  }
  // Both raters constant on the same category: P_e = 1 up to rounding.
  if (1 - pe <= 1e-12) {
    return { ...statNull(n, "no variation: expected agreement is 1"), observedAgreement: po, expectedAgreement: 1 };
  }
  const kappa = (po - pe) / (1 - pe);

  const wRow = rowMarg.map((_, i) => colMarg.reduce((s, pj, j) => s + pj * w[i]![j]!, 0));
  const wCol = colMarg.map((_, j) => rowMarg.reduce((s, pi, i) => s + pi * w[i]![j]!, 0));
  let a = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      a += p[i]![j]! * (w[i]![j]! - (wRow[i]! + wCol[j]!) * (1 - kappa)) ** 2;
    }
  }
  const variance = (a - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2);
  // Rounding can push an exactly-zero variance (perfect agreement) below 0.
  const se = Math.sqrt(Math.max(0, variance));
  return {
    value: kappa,
    n,
    se,
    ci95: [kappa - Z95 * se, kappa + Z95 * se],
    observedAgreement: po,
    expectedAgreement: pe,
  };
}

function checkSquareCounts(table: CountTable): number {
  if (table.length === 0) throw new StatsInputError("contingency table needs at least one category");
  let n = 0;
  table.forEach((row, i) => {
    if (row.length !== table.length) {
      throw new StatsInputError(`contingency table row ${i} is not of length ${table.length}`);
    }
    row.forEach((c, j) => {
      if (!(Number.isFinite(c) && c >= 0)) throw new StatsInputError(`cell (${i}, ${j}) must be a non-negative count`);
      n += c;
    });
  });
  return n;
}

// Rows of a flattened k×k table, for the count-based bootstrap and jackknife.
function unflatten(cells: readonly number[], k: number): number[][] {
  return Array.from({ length: k }, (_, i) => cells.slice(i * k, (i + 1) * k));
}

/**
 * Percentile bootstrap of kappa over items, drawn as one multinomial over the
 * k² cells per replicate: O(k²) per round however many items the table holds.
 * The category list (table shape) stays the declared one in every replicate.
 */
export function bootstrapKappaFromCounts(
  table: CountTable,
  opts: BootstrapOptions & { weights?: KappaWeights },
): BootstrapCi {
  checkSquareCounts(table);
  const k = table.length;
  const kappaOfCells = (cells: number[]) => cohenKappaFromCounts(unflatten(cells, k), { weights: opts.weights });
  return bootstrapCountsCi(table.flat(), kappaOfCells, opts);
}

/** Item bootstrap of Cohen's kappa from two rating vectors (via the count table). */
export function bootstrapCohenKappa(
  a: readonly (Label | null)[],
  b: readonly (Label | null)[],
  opts: BootstrapOptions & { categories: Label[]; weights?: KappaWeights },
): BootstrapCi {
  return bootstrapKappaFromCounts(confusionMatrix(a, b, opts.categories).counts, opts);
}

/** Exact jackknife SE of kappa, computed once per non-empty cell. */
export function jackknifeKappaFromCounts(table: CountTable, opts: { weights?: KappaWeights } = {}): Stat {
  checkSquareCounts(table);
  const k = table.length;
  return jackknifeCountsSe(table.flat(), (cells) => cohenKappaFromCounts(unflatten(cells, k), opts));
}

// ---------------------------------------------------------------------------
// More than two raters
// ---------------------------------------------------------------------------

/** Units × categories counts from a coders × units matrix; null ratings are skipped. */
export function categoryCounts(ratings: RatingMatrix, categories: readonly Label[]): number[][] {
  const units = checkRatingsMatrix(ratings);
  const index = categoryIndex(categories, "categoryCounts");
  const counts = Array.from({ length: units }, () => new Array<number>(categories.length).fill(0));
  ratings.forEach((coder) =>
    coder.forEach((label, u) => {
      if (label !== null && label !== undefined) counts[u]![indexOfCategory(index, label, "categoryCounts")]! += 1;
    }),
  );
  return counts;
}

/**
 * Mean pairwise agreement over units (Fleiss' P̄ when every unit has the same
 * raters): the right "percent agreement" for more than two raters, unlike the
 * share of unanimous units. Coders × units; units with fewer than 2 ratings are skipped.
 */
export function meanPairwiseAgreement(ratings: RatingMatrix): Stat {
  const units = checkRatingsMatrix(ratings);
  let total = 0;
  let used = 0;
  for (let u = 0; u < units; u++) {
    const counts = new Map<Label, number>();
    let m = 0;
    for (const coder of ratings) {
      const label = coder[u];
      if (label === null || label === undefined) continue;
      counts.set(label, (counts.get(label) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let agreeingPairs = 0;
    for (const c of counts.values()) agreeingPairs += c * (c - 1);
    total += agreeingPairs / (m * (m - 1));
    used++;
  }
  return used === 0 ? statNull(0, "no unit rated by 2 or more raters") : statValue(total / used, used);
}

/**
 * Fleiss' kappa from items × categories counts with the same number of raters
 * per item. `se0` is the standard error under H0: κ = 0 (Fleiss, Nee & Landis
 * 1979) — for a z-test only, not for a confidence interval.
 */
export function fleissKappa(counts: CountTable): Stat & {
  se0?: number;
  observedAgreement?: number;
  expectedAgreement?: number;
} {
  const items = counts.length;
  if (items === 0) return statNull(0, "no items");
  const k = counts[0]!.length;
  const raters = counts[0]!.reduce((s, c) => s + c, 0);
  counts.forEach((row, i) => {
    if (row.length !== k) {
      throw new StatsInputError(`fleissKappa: row ${i} has ${row.length} categories, expected ${k}`);
    }
    if (row.some((c) => !Number.isInteger(c) || c < 0)) {
      throw new StatsInputError(`fleissKappa: row ${i} has a non-count`);
    }
    const total = row.reduce((s, c) => s + c, 0);
    if (total !== raters) {
      throw new StatsInputError(
        `fleissKappa: item ${i} has ${total} ratings, item 0 has ${raters}; use krippendorffAlpha for unequal raters`,
      );
    }
  });
  if (raters < 2) return statNull(items, "fewer than 2 raters per item");
  const p = Array.from({ length: k }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0) / (items * raters));
  const pBar =
    counts.reduce((s, row) => s + (row.reduce((t, c) => t + c * c, 0) - raters) / (raters * (raters - 1)), 0) / items;
  const pBarE = p.reduce((s, pj) => s + pj * pj, 0);
  if (1 - pBarE <= 1e-12) {
    const reason = "no variation: every rating is in one category";
    return { ...statNull(items, reason), observedAgreement: pBar, expectedAgreement: 1 };
  }
  const kappa = (pBar - pBarE) / (1 - pBarE);
  const spq = p.reduce((s, pj) => s + pj * (1 - pj), 0);
  const spqqp = p.reduce((s, pj) => s + pj * (1 - pj) * (1 - 2 * pj), 0);
  const var0 = (2 / (spq * spq * items * raters * (raters - 1))) * (spq * spq - spqqp);
  return { value: kappa, n: items, se0: Math.sqrt(var0), observedAgreement: pBar, expectedAgreement: pBarE };
}

// ---------------------------------------------------------------------------
// Krippendorff's alpha (§2)
// ---------------------------------------------------------------------------

export type AlphaLevel = "nominal" | "ordinal" | "interval" | "ratio";

function checkRatingsMatrix(ratings: readonly (readonly unknown[])[]): number {
  const units = ratings[0]?.length ?? 0;
  ratings.forEach((coder, c) => {
    if (coder.length !== units) {
      throw new StatsInputError(`coder ${c} rates ${coder.length} units, coder 0 rates ${units}`);
    }
  });
  return units;
}

// The ordered value domain: declared categories, else the observed values.
// Ordinal codes are ordered as numbers, never as strings ("10" < "2").
function alphaDomain(ratings: RatingMatrix, level: AlphaLevel, categories?: readonly Label[]) {
  const observed = new Set<Label>();
  for (const coder of ratings) {
    for (const label of coder) if (label !== null && label !== undefined) observed.add(label);
  }
  let domain: Label[];
  if (categories) {
    const index = categoryIndex(categories, "krippendorffAlpha");
    for (const label of observed) indexOfCategory(index, label, "krippendorffAlpha");
    domain = [...categories];
  } else {
    domain = [...observed];
    if (level !== "nominal") {
      if (domain.some((label) => typeof label !== "number")) {
        throw new StatsInputError(
          `krippendorffAlpha: ${level} level needs numeric labels or a declared category order`,
        );
      }
      domain.sort((x, y) => (x as number) - (y as number));
    }
  }
  if (level === "interval" || level === "ratio") {
    if (domain.some((label) => typeof label !== "number" || !Number.isFinite(label))) {
      throw new StatsInputError(`krippendorffAlpha: ${level} level needs numeric labels`);
    }
    if (level === "ratio" && domain.some((label) => (label as number) < 0)) {
      throw new StatsInputError("krippendorffAlpha: ratio level needs non-negative values");
    }
  }
  return domain;
}

export function krippendorffAlpha(
  ratings: RatingMatrix,
  opts: { level: AlphaLevel; categories?: Label[] },
): Stat & { units?: number } {
  const unitCount = checkRatingsMatrix(ratings);
  const domain = alphaDomain(ratings, opts.level, opts.categories);
  const index = new Map(domain.map((label, i) => [label, i]));
  const v = domain.length;

  // Coincidences: each ordered pair of values from different coders in a unit,
  // weighted 1/(m_u − 1). The 1/(m_u − 1) applies with or without missing data.
  const o = Array.from({ length: v }, () => new Float64Array(v));
  let units = 0;
  let pairable = 0;
  for (let u = 0; u < unitCount; u++) {
    const present = new Map<number, number>();
    let m = 0;
    for (const coder of ratings) {
      const label = coder[u];
      if (label === null || label === undefined) continue;
      const c = index.get(label)!;
      present.set(c, (present.get(c) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    units++;
    pairable += m;
    for (const [c, countC] of present) {
      for (const [k, countK] of present) o[c]![k]! += (c === k ? countC * (countC - 1) : countC * countK) / (m - 1);
    }
  }
  return alphaFromCoincidences(o, units, pairable, opts.level, domain);
}

// Steps 3–4 of docs/METRICS.md#krippendorff-alpha once the coincidence matrix is known.
function alphaFromCoincidences(
  o: readonly Float64Array[],
  units: number,
  pairable: number,
  level: AlphaLevel,
  domain: readonly Label[],
): Stat & { units?: number } {
  const v = domain.length;
  if (units === 0) return statNull(0, "no unit has 2 or more ratings");
  const n = pairable;
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));

  const delta2 = alphaMetric(level, domain, nc);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = delta2(c, k);
      observed += o[c]![k]! * d;
      expected += nc[c]! * nc[k]! * d;
    }
  }
  if (expected === 0) return { ...statNull(n, "only one distinct value among pairable values"), units };
  return { value: 1 - ((n - 1) * observed) / expected, n, units };
}

function alphaMetric(level: AlphaLevel, domain: readonly Label[], nc: readonly number[]) {
  const value = (i: number) => domain[i] as number;
  switch (level) {
    case "nominal":
      return (c: number, k: number) => (c === k ? 0 : 1);
    case "ordinal": {
      // cumulative[i] = Σ_{g < i} n_g, so Σ_{g=c..k} n_g = cumulative[k+1] − cumulative[c].
      const cumulative = [0];
      nc.forEach((x, i) => cumulative.push(cumulative[i]! + x));
      return (c: number, k: number) => {
        if (c === k) return 0;
        const [lo, hi] = c < k ? [c, k] : [k, c];
        return (cumulative[hi + 1]! - cumulative[lo]! - (nc[c]! + nc[k]!) / 2) ** 2;
      };
    }
    case "interval":
      return (c: number, k: number) => (value(c) - value(k)) ** 2;
    case "ratio":
      return (c: number, k: number) => {
        const s = value(c) + value(k);
        return s === 0 ? 0 : ((value(c) - value(k)) / s) ** 2;
      };
  }
}

/** Units that share the same multiset of ratings: `codes` (one per rating, any order) and how many units have them. */
export type RatingProfile = { codes: readonly Label[]; units: number };

function checkProfiles(profiles: readonly RatingProfile[], what: string) {
  profiles.forEach((p, i) => {
    if (!Number.isInteger(p.units) || p.units < 0) throw new StatsInputError(`${what}: profile ${i} must have a non-negative integer unit count`);
  });
}

/**
 * Krippendorff's α from rating profiles instead of a coders × units matrix:
 * α depends only on the values within each unit, so units with the same
 * multiset of values contribute identically. Equals krippendorffAlpha on the
 * expanded matrix; costs O(profiles), which lets a unit bootstrap resample
 * profile counts (bootstrapCountsCis) however many units there are.
 */
export function krippendorffAlphaFromProfiles(
  profiles: readonly RatingProfile[],
  opts: { level: AlphaLevel; categories?: Label[] },
): Stat & { units?: number } {
  checkProfiles(profiles, "krippendorffAlphaFromProfiles");
  const domain = alphaDomain([profiles.flatMap((p) => p.codes)], opts.level, opts.categories);
  const index = new Map(domain.map((label, i) => [label, i]));
  const v = domain.length;
  const o = Array.from({ length: v }, () => new Float64Array(v));
  let units = 0;
  let pairable = 0;
  for (const { codes, units: weight } of profiles) {
    const m = codes.length;
    if (m < 2 || weight === 0) continue;
    const present = new Map<number, number>();
    for (const label of codes) present.set(index.get(label)!, (present.get(index.get(label)!) ?? 0) + 1);
    units += weight;
    pairable += weight * m;
    for (const [c, countC] of present) {
      for (const [k, countK] of present) o[c]![k]! += (weight * (c === k ? countC * (countC - 1) : countC * countK)) / (m - 1);
    }
  }
  return alphaFromCoincidences(o, units, pairable, opts.level, domain);
}

/** meanPairwiseAgreement from rating profiles (see krippendorffAlphaFromProfiles); n = units with 2+ ratings. */
export function meanPairwiseAgreementFromProfiles(profiles: readonly RatingProfile[]): Stat {
  checkProfiles(profiles, "meanPairwiseAgreementFromProfiles");
  let total = 0;
  let used = 0;
  for (const { codes, units } of profiles) {
    const m = codes.length;
    if (m < 2 || units === 0) continue;
    const counts = new Map<Label, number>();
    for (const label of codes) counts.set(label, (counts.get(label) ?? 0) + 1);
    let agreeingPairs = 0;
    for (const c of counts.values()) agreeingPairs += c * (c - 1);
    total += (units * agreeingPairs) / (m * (m - 1));
    used += units;
  }
  return used === 0 ? statNull(0, "no unit rated by 2 or more raters") : statValue(total / used, used);
}

/**
 * Unit-level percentile bootstrap of alpha: resample units (columns) with
 * replacement. Simpler than Krippendorff's own bootstrap over pairable values
 * (Hayes' KALPHA); label intervals as "unit bootstrap".
 */
export function bootstrapKrippendorffAlpha(
  ratings: RatingMatrix,
  opts: { level: AlphaLevel; categories?: Label[] },
  bootstrap: BootstrapOptions,
): BootstrapCi {
  const unitCount = checkRatingsMatrix(ratings);
  // Fix the domain once so every replicate uses the same category order.
  const categories = opts.categories ?? alphaDomain(ratings, opts.level);
  const columns = Array.from({ length: unitCount }, (_, u) => ratings.map((coder) => coder[u] ?? null));
  return bootstrapCi(
    columns,
    (sample) =>
      krippendorffAlpha(
        ratings.map((_, c) => sample.map((column) => column[c] ?? null)),
        { level: opts.level, categories },
      ),
    bootstrap,
  );
}

// ---------------------------------------------------------------------------
// Rank correlations (§4)
// ---------------------------------------------------------------------------

/** Spearman's ρ as the Pearson correlation of mid-ranks (correct with ties). */
export function spearman(x: readonly number[], y: readonly number[]): Stat {
  assertSameLength(x, y, "spearman");
  assertFiniteNumbers(x, "spearman x");
  assertFiniteNumbers(y, "spearman y");
  return pearsonOfNumbers(midRanks(x), midRanks(y));
}

// ---------------------------------------------------------------------------
// Correlation and concordance of real values (real-valued scores, e.g. 0–10 with 8.5)
// ---------------------------------------------------------------------------

/** Pearson's product-moment correlation r; null when either side is constant. */
export function pearson(x: readonly number[], y: readonly number[]): Stat {
  return pearsonOfNumbers(x, y);
}

/**
 * Lin's concordance correlation coefficient (Lin 1989, Biometrics 45:255):
 * ρc = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²) with population (1/n) moments. It is
 * Pearson's r times a bias correction, so it is 1 only when y = x exactly: a
 * judge that scores every output one point higher correlates perfectly but is
 * not concordant. Null when both sides are the same constant (0/0).
 */
export function linConcordance(x: readonly number[], y: readonly number[]): Stat {
  assertSameLength(x, y, "linConcordance");
  assertFiniteNumbers(x, "linConcordance x");
  assertFiniteNumbers(y, "linConcordance y");
  const n = x.length;
  if (n < 2) return statNull(n, "fewer than 2 observations");
  const { mx, my, sxy, sxx, syy } = centredMoments(x, y);
  const denominator = sxx / n + syy / n + (mx - my) ** 2;
  if (denominator === 0) return statNull(n, "no variation: both raters give the same constant value");
  return statValue(Math.max(-1, Math.min(1, (2 * sxy) / n / denominator)), n);
}

/**
 * Kendall's τ_b, O(n log n) (Knight 1966): sort by (x, y), count discordant
 * pairs as strict inversions of y, and correct for ties in x, y and both.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): Stat {
  assertSameLength(x, y, "kendallTauB");
  assertFiniteNumbers(x, "kendallTauB x");
  assertFiniteNumbers(y, "kendallTauB y");
  const n = x.length;
  if (n < 2) return statNull(n, "fewer than 2 observations");
  const order = x.map((_, i) => i).sort((i, j) => x[i]! - x[j]! || y[i]! - y[j]!);

  let tiedX = 0;
  let tiedXY = 0;
  let runX = 1;
  let runXY = 1;
  for (let t = 1; t <= n; t++) {
    const sameX = t < n && x[order[t]!] === x[order[t - 1]!];
    const sameXY = sameX && y[order[t]!] === y[order[t - 1]!];
    if (sameX) runX++;
    else {
      tiedX += (runX * (runX - 1)) / 2;
      runX = 1;
    }
    if (sameXY) runXY++;
    else {
      tiedXY += (runXY * (runXY - 1)) / 2;
      runXY = 1;
    }
  }

  const ys = order.map((i) => y[i]!);
  const discordant = countInversions(ys);
  let tiedY = 0;
  let runY = 1;
  for (let t = 1; t <= n; t++) {
    if (t < n && ys[t] === ys[t - 1]) runY++;
    else {
      tiedY += (runY * (runY - 1)) / 2;
      runY = 1;
    }
  }

  const pairs = (n * (n - 1)) / 2;
  if (pairs - tiedX === 0) return statNull(n, "x is constant");
  if (pairs - tiedY === 0) return statNull(n, "y is constant");
  const concordantMinusDiscordant = pairs - tiedX - tiedY + tiedXY - 2 * discordant;
  const tau = concordantMinusDiscordant / Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return statValue(Math.max(-1, Math.min(1, tau)), n);
}

// Sorts `values` in place (bottom-up merge sort) and returns the number of
// pairs i < j with values[i] > values[j]; equal values are not inversions.
function countInversions(values: number[]): number {
  const n = values.length;
  let src = values;
  let dst = new Array<number>(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let out = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          inversions += mid - i;
          dst[out++] = src[j++]!;
        } else {
          dst[out++] = src[i++]!;
        }
      }
      while (i < mid) dst[out++] = src[i++]!;
      while (j < hi) dst[out++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  if (src !== values) for (let t = 0; t < n; t++) values[t] = src[t]!;
  return inversions;
}
