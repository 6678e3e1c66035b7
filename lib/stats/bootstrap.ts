import { logFactorial, quantileSorted } from "@/lib/stats/numeric";
import { StatsInputError, statNull, type Stat } from "@/lib/stats/types";

// ---------------------------------------------------------------------------
// Seeded randomness. Bootstrap output must be reproducible from (seed, rounds),
// which Math.random cannot give. xoshiro128** seeded through splitmix32; the
// stream differs from numpy's, so tests check properties, not exact draws.
// ---------------------------------------------------------------------------

export type Rng = {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
};

export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new StatsInputError(`seed must be a safe integer, got ${seed}`);
  let mix = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) | 0, 0x85ebca6b);
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) | 0;
    let t = mix ^ (mix >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  return { next, int: (n) => Math.min(n - 1, Math.floor(next() * n)) };
}

function rotl(x: number, k: number) {
  return (x << k) | (x >>> (32 - k));
}

function openUniform(rng: Rng) {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return u;
}

// Binomial(n, p) in O(1) expected time, so a multinomial resample of a
// contingency table costs O(cells) however many items it summarises.
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  for (;;) {
    let r = Math.pow(q, n);
    let u = rng.next();
    let x = 0;
    while (u > r && x <= n) {
      u -= r;
      x++;
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

// Hörmann (1993), "The generation of binomial random variates", algorithm BTRS
// (transformed rejection with squeeze); valid for n·p ≥ 10 and p ≤ 0.5.
function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = openUniform(rng) - 0.5;
    const v = openUniform(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const logV = Math.log((v * alpha) / (a / (us * us) + b));
    if (logV <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

// Multinomial(n, probs) by conditional binomials. `probs` need not be normalised.
export function sampleMultinomial(rng: Rng, n: number, probs: readonly number[]): number[] {
  const out = new Array<number>(probs.length).fill(0);
  let remainingMass = probs.reduce((s, x) => s + x, 0);
  if (!(remainingMass > 0) || probs.some((p) => !(p >= 0))) {
    throw new StatsInputError("multinomial probabilities must be non-negative with a positive sum");
  }
  let remaining = n;
  for (let i = 0; i < probs.length && remaining > 0; i++) {
    const p = probs[i]!;
    if (i === probs.length - 1 || p >= remainingMass) {
      out[i] = remaining;
      break;
    }
    const draw = sampleBinomial(rng, remaining, p / remainingMass);
    out[i] = draw;
    remaining -= draw;
    remainingMass -= p;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Percentile bootstrap and jackknife.
// ---------------------------------------------------------------------------

export type BootstrapOptions = { rounds: number; seed: number; level?: number };

/** Point estimate on the full data (`value`) with a percentile interval. */
export type BootstrapCi = Stat & {
  lower: number | null;
  upper: number | null;
  level: number;
  rounds: number;
  seed: number;
  /** Replicates whose statistic was undefined; the interval uses the others. */
  undefinedRounds: number;
};

/** What a bootstrapped statistic returns: a number, a Stat, or null when undefined on a replicate. */
export type StatFnResult = number | null | Stat;

function toNumber(result: StatFnResult): number | null {
  const value = typeof result === "object" && result !== null ? result.value : result;
  return value === null || !Number.isFinite(value) ? null : value;
}

function checkOptions({ rounds, level = 0.95 }: BootstrapOptions) {
  if (!Number.isInteger(rounds) || rounds < 1) throw new StatsInputError(`rounds must be a positive integer`);
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie in (0, 1)`);
  return level;
}

/** [lower, upper] percentile interval (type-7 quantiles) of the defined replicates. */
export function percentileInterval(replicates: readonly number[], level = 0.95): [number, number] {
  const sorted = [...replicates].sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

function summarise(
  estimate: StatFnResult,
  n: number,
  replicates: number[],
  options: BootstrapOptions,
  level: number,
): BootstrapCi {
  const value = toNumber(estimate);
  const base = {
    n,
    level,
    rounds: options.rounds,
    seed: options.seed,
    undefinedRounds: options.rounds - replicates.length,
  };
  if (value === null) {
    const reason = typeof estimate === "object" && estimate?.reason ? estimate.reason : "statistic undefined";
    return { ...base, value: null, reason, lower: null, upper: null };
  }
  if (replicates.length === 0) {
    return { ...base, value, reason: "statistic undefined in every replicate", lower: null, upper: null };
  }
  const [lower, upper] = percentileInterval(replicates, level);
  return { ...base, value, lower, upper };
}

/**
 * Percentile bootstrap over units (items, units, battles): resample with
 * replacement, recompute, take the (1−level)/2 and (1+level)/2 quantiles.
 */
export function bootstrapCi<T>(
  units: readonly T[],
  statFn: (sample: T[]) => StatFnResult,
  options: BootstrapOptions,
): BootstrapCi {
  const level = checkOptions(options);
  const rng = createRng(options.seed);
  const n = units.length;
  const replicates: number[] = [];
  if (n > 0) {
    for (let round = 0; round < options.rounds; round++) {
      const sample = new Array<T>(n);
      for (let i = 0; i < n; i++) sample[i] = units[rng.int(n)]!;
      const value = toNumber(statFn(sample));
      if (value !== null) replicates.push(value);
    }
  }
  return summarise(statFn([...units]), n, replicates, options, level);
}

/**
 * The same bootstrap for data summarised as counts over cells (a flattened
 * contingency table, unique battle rows): one multinomial draw per replicate,
 * O(cells) instead of O(items).
 */
export function bootstrapCountsCi(
  counts: readonly number[],
  statFn: (counts: number[]) => StatFnResult,
  options: BootstrapOptions,
): BootstrapCi {
  return bootstrapCountsCis(counts, { stat: statFn }, options).stat;
}

/**
 * Several statistics of the same counts from the same replicates: each round
 * draws one multinomial table and evaluates every statistic on it, so adding a
 * figure costs its evaluation, not another resample. For each statistic the
 * result equals bootstrapCountsCi with the same seed. Statistics must not
 * modify the counts they are given: the same array goes to each in turn.
 */
export function bootstrapCountsCis<K extends string>(
  counts: readonly number[],
  statFns: Record<K, (counts: number[]) => StatFnResult>,
  options: BootstrapOptions,
): Record<K, BootstrapCi> {
  const level = checkOptions(options);
  counts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0) throw new StatsInputError(`counts[${i}] must be a non-negative integer`);
  });
  const names = Object.keys(statFns) as K[];
  const rng = createRng(options.seed);
  const n = counts.reduce((s, c) => s + c, 0);
  const replicates = new Map<K, number[]>(names.map((name) => [name, []]));
  if (n > 0) {
    for (let round = 0; round < options.rounds; round++) {
      const sample = sampleMultinomial(rng, n, counts);
      for (const name of names) {
        const value = toNumber(statFns[name](sample));
        if (value !== null) replicates.get(name)!.push(value);
      }
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, summarise(statFns[name]([...counts]), n, replicates.get(name)!, options, level)]),
  ) as Record<K, BootstrapCi>;
}

/**
 * Units that repeat (a pair's verdicts, a unit's vote profile) as distinct
 * units with how often each occurs. Resampling units with replacement is the
 * same as a multinomial draw over these counts, so bootstrapCountsCis can
 * resample a million units at the cost of their distinct values. Distinct
 * units come sorted by key, so a seeded bootstrap depends on the multiset of
 * units only, not on the order a database happened to return them in.
 * `weightOf` says how many identical units one entry stands for (a count the
 * database already took); 1 each without it.
 */
export function groupUnits<T>(units: readonly T[], keyOf: (unit: T) => string, weightOf?: (unit: T) => number): { distinct: T[]; counts: number[] } {
  const byKey = new Map<string, { unit: T; count: number }>();
  for (const unit of units) {
    const key = keyOf(unit);
    const weight = weightOf ? weightOf(unit) : 1;
    const entry = byKey.get(key);
    if (entry) entry.count += weight;
    else byKey.set(key, { unit, count: weight });
  }
  const keys = [...byKey.keys()].sort();
  return { distinct: keys.map((key) => byKey.get(key)!.unit), counts: keys.map((key) => byKey.get(key)!.count) };
}

/** Jackknife standard error sqrt((N−1)/N · Σ (θ₍₋ᵢ₎ − θ̄)²); deterministic. */
export function jackknifeSe<T>(units: readonly T[], statFn: (sample: T[]) => StatFnResult): Stat {
  const n = units.length;
  const leaveOneOut: number[] = [];
  for (let i = 0; i < n; i++) {
    const value = toNumber(statFn([...units.slice(0, i), ...units.slice(i + 1)]));
    if (value === null) return statNull(n, `statistic undefined without unit ${i}`);
    leaveOneOut.push(value);
  }
  return jackknifeFromReplicates(leaveOneOut.map((value) => ({ value, weight: 1 })), n);
}

/**
 * Exact jackknife for counts over cells: every unit in a cell leaves the same
 * table behind, so each cell is evaluated once and weighted by its count.
 */
export function jackknifeCountsSe(counts: readonly number[], statFn: (counts: number[]) => StatFnResult): Stat {
  const n = counts.reduce((s, c) => s + c, 0);
  const replicates: { value: number; weight: number }[] = [];
  for (let cell = 0; cell < counts.length; cell++) {
    const weight = counts[cell]!;
    if (weight === 0) continue;
    const reduced = [...counts];
    reduced[cell] = weight - 1;
    const value = toNumber(statFn(reduced));
    if (value === null) return statNull(n, `statistic undefined without a unit of cell ${cell}`);
    replicates.push({ value, weight });
  }
  return jackknifeFromReplicates(replicates, n);
}

function jackknifeFromReplicates(replicates: { value: number; weight: number }[], n: number): Stat {
  if (n < 2) return statNull(n, "jackknife needs at least 2 units");
  const mean = replicates.reduce((s, r) => s + r.weight * r.value, 0) / n;
  const ss = replicates.reduce((s, r) => s + r.weight * (r.value - mean) ** 2, 0);
  return { value: Math.sqrt(((n - 1) / n) * ss), n };
}
