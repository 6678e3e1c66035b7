import { createRng, percentileInterval, sampleMultinomial } from "@/lib/stats/bootstrap";
import { NotEstimableError, StatsInputError } from "@/lib/stats/types";

// Pairwise preference aggregation as LMSYS does it (docs/METRICS.md#bradley-terry; FastChat
// fastchat/serve/monitor/rating_systems.py and elo_analysis.py).

export type Battle = { a: string; b: string; winner: "a" | "b" | "tie" };
export type EloOptions = { k?: number; base?: number; scale?: number; init?: number };
export type RatingAnchor = { model: string; rating: number };

const SCORE = { a: 1, tie: 0.5, b: 0 } as const;

function checkBattle(battle: Battle, i: number) {
  if (battle.a === battle.b) throw new StatsInputError(`battle ${i}: a model cannot battle itself (${battle.a})`);
  if (!(battle.winner in SCORE)) throw new StatsInputError(`battle ${i}: winner must be "a", "b" or "tie"`);
}

/** Probability that a beats b under the Elo/BT logistic on the rating scale. */
export function expectedScore(ratingA: number, ratingB: number, base = 10, scale = 400): number {
  return 1 / (1 + Math.pow(base, (ratingB - ratingA) / scale));
}

/**
 * Online Elo (FastChat compute_elo): a tie scores ½. Order-dependent: the same
 * battles in another order give other ratings; use bradleyTerry for a leaderboard.
 */
export function onlineElo(battles: readonly Battle[], opts: EloOptions = {}): Record<string, number> {
  const { k = 4, base = 10, scale = 400, init = 1000 } = opts;
  const ratings: Record<string, number> = {};
  battles.forEach((battle, i) => {
    checkBattle(battle, i);
    const ra = (ratings[battle.a] ??= init);
    const rb = (ratings[battle.b] ??= init);
    const update = k * (SCORE[battle.winner] - expectedScore(ra, rb, base, scale));
    ratings[battle.a] = ra + update;
    ratings[battle.b] = rb - update;
  });
  return ratings;
}

// ---------------------------------------------------------------------------
// Bradley–Terry maximum likelihood
// ---------------------------------------------------------------------------

// Battles summarised per ordered pair: wins[i][j] = wins of i over j plus ½ per
// tie (FastChat's loss "counts a draw as half a win and half a loss").
type PairCounts = { models: string[]; wins: Float64Array[] };

function emptyCounts(models: string[]): PairCounts {
  return { models, wins: models.map(() => new Float64Array(models.length)) };
}

function modelIndex(battles: readonly Battle[]) {
  const index = new Map<string, number>();
  battles.forEach((battle, i) => {
    checkBattle(battle, i);
    for (const model of [battle.a, battle.b]) if (!index.has(model)) index.set(model, index.size);
  });
  return index;
}

function addBattle(counts: PairCounts, a: number, b: number, winner: Battle["winner"], weight: number) {
  const score = SCORE[winner];
  counts.wins[a]![b]! += weight * score;
  counts.wins[b]![a]! += weight * (1 - score);
}

/**
 * The MLE is finite and unique iff the "beat" graph (i → j when i has at least
 * half a win over j) is strongly connected (Zermelo 1929; Ford 1957). Otherwise
 * some ratings diverge to ±∞: say why instead of returning arbitrary numbers.
 */
function assertEstimable({ models, wins }: PairCounts) {
  const m = models.length;
  const reach = (forward: boolean) => {
    const seen = new Uint8Array(m);
    const stack = [0];
    seen[0] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let j = 0; j < m; j++) {
        const edge = forward ? wins[i]![j]! > 0 : wins[j]![i]! > 0;
        if (edge && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    return seen;
  };
  const forward = reach(true);
  const backward = reach(false);
  if (forward.every(Boolean) && backward.every(Boolean)) return;

  const played = (i: number, j: number) => wins[i]![j]! + wins[j]![i]! > 0;
  const component = new Int32Array(m).fill(-1);
  const components: string[][] = [];
  for (let start = 0; start < m; start++) {
    if (component[start] !== -1) continue;
    const members: string[] = [];
    const stack = [start];
    component[start] = components.length;
    while (stack.length > 0) {
      const i = stack.pop()!;
      members.push(models[i]!);
      for (let j = 0; j < m; j++) {
        if (component[j] === -1 && played(i, j)) {
          component[j] = components.length;
          stack.push(j);
        }
      }
    }
    components.push(members);
  }
  if (components.length > 1) {
    throw new NotEstimableError(
      `Bradley–Terry not estimable: the comparison graph has ${components.length} disconnected groups`,
      "disconnected",
      { components },
    );
  }
  const onlyWins = models.filter((_, i) => wins.every((row, j) => j === i || row[i] === 0));
  const onlyLosses = models.filter((_, i) => wins[i]!.every((w) => w === 0));
  const oneSided = [...onlyWins.map((x) => `${x} only wins`), ...onlyLosses.map((x) => `${x} only loses`)];
  throw new NotEstimableError(
    oneSided.length > 0
      ? `Bradley–Terry not estimable: ${oneSided.join(", ")}`
      : "Bradley–Terry not estimable: one group of models beat every other model it met",
    oneSided.length > 0 ? "only-wins-or-losses" : "not-strongly-connected",
    { onlyWins, onlyLosses },
  );
}

function logSigmoid(x: number) {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

function logLikelihood(theta: Float64Array, wins: Float64Array[]) {
  let ll = 0;
  for (let i = 0; i < theta.length; i++) {
    for (let j = 0; j < theta.length; j++) {
      const w = wins[i]![j]!;
      if (w > 0) ll += w * logSigmoid(theta[i]! - theta[j]!);
    }
  }
  return ll;
}

/**
 * Newton's method with step halving on the natural-log scale θ = ln10·β, with
 * the last model pinned at 0 while iterating, then centred (Σβ = 0). The
 * log-likelihood is strictly concave once assertEstimable passed, so this
 * converges quadratically to the unique MLE; iteration stops at |Δθ| < 1e-12.
 */
function fitTheta({ wins }: PairCounts, start?: Float64Array): Float64Array {
  const m = wins.length;
  const theta = start ? Float64Array.from(start) : new Float64Array(m);
  if (m < 2) return theta;
  const d = m - 1;
  let ll = logLikelihood(theta, wins);
  for (let iteration = 0; iteration < 200; iteration++) {
    const grad = new Float64Array(d);
    const info = Array.from({ length: d }, () => new Float64Array(d));
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const games = wins[i]![j]! + wins[j]![i]!;
        if (games === 0) continue;
        const p = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
        const g = wins[i]![j]! - games * p;
        const h = games * p * (1 - p);
        if (i < d) {
          grad[i]! += g;
          info[i]![i]! += h;
        }
        if (j < d) {
          grad[j]! -= g;
          info[j]![j]! += h;
        }
        if (i < d && j < d) {
          info[i]![j]! -= h;
          info[j]![i]! -= h;
        }
      }
    }
    const step = solvePositiveDefinite(info, grad);
    let t = 1;
    let next = theta;
    let nextLl = ll;
    for (let halving = 0; halving < 60; halving++) {
      next = Float64Array.from(theta);
      for (let i = 0; i < d; i++) next[i]! += t * step[i]!;
      nextLl = logLikelihood(next, wins);
      if (nextLl >= ll - 1e-12 * Math.abs(ll)) break;
      t /= 2;
    }
    let largest = 0;
    for (let i = 0; i < d; i++) largest = Math.max(largest, Math.abs(t * step[i]!));
    theta.set(next);
    ll = nextLl;
    if (largest < 1e-12) break;
  }
  const mean = theta.reduce((s, x) => s + x, 0) / m;
  return theta.map((x) => x - mean);
}

// Cholesky solve of A x = b for symmetric positive definite A (the observed
// information of the pinned model).
function solvePositiveDefinite(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const l = a.map((row) => Float64Array.from(row));
  for (let j = 0; j < n; j++) {
    let diag = l[j]![j]!;
    for (let k = 0; k < j; k++) diag -= l[j]![k]! ** 2;
    if (!(diag > 0)) throw new NotEstimableError("Bradley–Terry information matrix is singular", "singular");
    const root = Math.sqrt(diag);
    l[j]![j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = l[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

// Rating = 400·β + 1000 = 400·θ/ln10 + 1000: mean 1000, or shifted so the
// anchor model sits at its stated rating (FastChat scale_and_offset).
function toRatings(models: string[], theta: Float64Array, anchor?: RatingAnchor): Float64Array {
  const ratings = theta.map((x) => (400 * x) / Math.LN10 + 1000);
  if (anchor) {
    const i = models.indexOf(anchor.model);
    if (i < 0) throw new StatsInputError(`anchor model ${anchor.model} has no battles`);
    const shift = anchor.rating - ratings[i]!;
    return ratings.map((r) => r + shift);
  }
  return ratings;
}

function countBattles(battles: readonly Battle[]): PairCounts {
  const index = modelIndex(battles);
  const counts = emptyCounts([...index.keys()]);
  for (const battle of battles) addBattle(counts, index.get(battle.a)!, index.get(battle.b)!, battle.winner, 1);
  return counts;
}

/**
 * Bradley–Terry maximum-likelihood ratings, order-independent. Ratings are
 * 400·β + 1000 with mean 1000 unless `anchor` pins one model's rating.
 * @throws NotEstimableError when some rating would be infinite (a model with
 *   only wins or only losses, a disconnected comparison graph, or a group of
 *   models that beat everyone outside it); `reason` and `details` say which.
 */
export function bradleyTerry(battles: readonly Battle[], opts: { anchor?: RatingAnchor } = {}): Record<string, number> {
  const counts = countBattles(battles);
  if (counts.models.length === 0) return {};
  assertEstimable(counts);
  const ratings = toRatings(counts.models, fitTheta(counts), opts.anchor);
  return Object.fromEntries(counts.models.map((model, i) => [model, ratings[i]!]));
}

export type RatedModel = { rating: number; lower: number; upper: number; rank: number };
export type BradleyTerryBootstrap = {
  models: Record<string, RatedModel>;
  rounds: number;
  seed: number;
  level: number;
  /** Replicates that were not estimable (e.g. a model lost its only loss); left out of the intervals. */
  undefinedRounds: number;
};

/**
 * FastChat compute_bootstrap_bt with its full report: each replicate is a
 * multinomial draw over the unique (a, b, winner) rows, refitted and anchored
 * the same way; the rating is the full-data fit, the interval the percentile
 * interval of the replicates, and rank = 1 + #{models whose lower bound is
 * above this model's upper bound} (elo_analysis.py).
 */
export function bootstrapBradleyTerryReport(
  battles: readonly Battle[],
  opts: { rounds: number; seed: number; level?: number; anchor?: RatingAnchor },
): BradleyTerryBootstrap {
  const { rounds, seed, level = 0.95 } = opts;
  if (!Number.isInteger(rounds) || rounds < 1) throw new StatsInputError("rounds must be a positive integer");
  const full = countBattles(battles);
  const { models } = full;
  const report: BradleyTerryBootstrap = { models: {}, rounds, seed, level, undefinedRounds: 0 };
  if (models.length === 0) return report;
  assertEstimable(full);
  const theta = fitTheta(full);
  const point = toRatings(models, theta, opts.anchor);

  const index = new Map(models.map((model, i) => [model, i]));
  const rows = new Map<string, { a: number; b: number; winner: Battle["winner"]; count: number }>();
  for (const battle of battles) {
    const key = JSON.stringify([battle.a, battle.b, battle.winner]);
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { a: index.get(battle.a)!, b: index.get(battle.b)!, winner: battle.winner, count: 1 });
  }
  const unique = [...rows.values()];
  const rng = createRng(seed);
  const samples: number[][] = models.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const draw = sampleMultinomial(rng, battles.length, unique.map((row) => row.count));
    const counts = emptyCounts(models);
    unique.forEach((row, r) => addBattle(counts, row.a, row.b, row.winner, draw[r]!));
    try {
      assertEstimable(counts);
    } catch (error) {
      if (error instanceof NotEstimableError) {
        report.undefinedRounds++;
        continue;
      }
      throw error;
    }
    toRatings(models, fitTheta(counts, theta), opts.anchor).forEach((r, i) => samples[i]!.push(r));
  }
  if (report.undefinedRounds === rounds) {
    throw new NotEstimableError("Bradley–Terry not estimable in any bootstrap replicate", "bootstrap", { rounds });
  }
  const intervals = samples.map((s) => percentileInterval(s, level));
  models.forEach((model, i) => {
    const [lower, upper] = intervals[i]!;
    const rank = 1 + intervals.filter(([otherLower], j) => j !== i && otherLower > upper).length;
    report.models[model] = { rating: point[i]!, lower, upper, rank };
  });
  return report;
}

/** Per-model rating with percentile interval and rank-with-CI; see bootstrapBradleyTerryReport. */
export function bootstrapBradleyTerry(
  battles: readonly Battle[],
  opts: { rounds: number; seed: number; level?: number; anchor?: RatingAnchor },
): Record<string, RatedModel> {
  return bootstrapBradleyTerryReport(battles, opts).models;
}
