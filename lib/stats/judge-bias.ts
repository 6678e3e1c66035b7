import { bootstrapCountsCis, groupUnits, type BootstrapCi, type BootstrapOptions } from "@/lib/stats/bootstrap";
import { statNull, statValue, StatsInputError, type Stat } from "@/lib/stats/types";

// LLM-judge bias measures after Zheng et al. 2023, "Judging LLM-as-a-Judge"
// (docs/METRICS.md#judge-bias; FastChat fastchat/llm_judge/compute_agreement.py).

/** Position a judge chose when shown the two answers in one order. */
export type Verdict = "first" | "second" | "tie" | "error";

export type PositionConsistency = {
  consistency: number;
  biasedFirst: number;
  biasedSecond: number;
  error: number;
  n: number;
};

type Position = "consistent" | "biasedFirst" | "biasedSecond" | "error";

// order1 shows (X, Y), order2 shows (Y, X). A consistent judge names the same
// answer both times: (first, second), (second, first) — or ties both times.
// A tie in one order and a position in the other counts as bias toward that
// position; the paper leaves these mixed cases open, and this partition keeps
// its four columns summing to 100 %.
export function classifyPositionPair(order1: Verdict, order2: Verdict): Position {
  if (order1 === "error" || order2 === "error") return "error";
  if (order1 === "tie" && order2 === "tie") return "consistent";
  if (order1 !== order2 && order1 !== "tie" && order2 !== "tie") return "consistent";
  return order1 === "first" || order2 === "first" ? "biasedFirst" : "biasedSecond";
}

/**
 * Shares of consistent / first-biased / second-biased / errored pairs (paper
 * Table 2). @throws StatsInputError on an empty list: there is no rate to show.
 */
export function positionConsistency(pairs: readonly PositionPair[]): PositionConsistency {
  const tally = tallyPositions(pairs);
  const n = tally.consistent + tally.biasedFirst + tally.biasedSecond + tally.error;
  if (n === 0) throw new StatsInputError("positionConsistency: no pairs");
  return {
    consistency: tally.consistent / n,
    biasedFirst: tally.biasedFirst / n,
    biasedSecond: tally.biasedSecond / n,
    error: tally.error / n,
    n,
  };
}

/** A pair judged in both orders; `count` identical pairs (1 when absent), as a database may count them. */
export type PositionPair = { order1: Verdict; order2: Verdict; count?: number };

function tallyPositions(pairs: readonly PositionPair[]): Record<Position, number> {
  const tally: Record<Position, number> = { consistent: 0, biasedFirst: 0, biasedSecond: 0, error: 0 };
  for (const { order1, order2, count = 1 } of pairs) {
    if (!Number.isInteger(count) || count < 0) throw new StatsInputError("position pair count must be a non-negative integer");
    tally[classifyPositionPair(order1, order2)] += count;
  }
  return tally;
}

/**
 * Position bias over valid pairs (Zheng et al. 2023 §3.4 / Table 2; METRICS.md
 * §6). positionConsistency divides by every pair judged in both orders, so a
 * judge that often fails looks consistent less often only because it failed;
 * here failed calls are counted apart (`errorPairs`: an error in either order)
 * and every rate is a share of the valid pairs (no error in either order).
 * Inconsistent = the winner differs between the orders, ties included, so
 * (first, tie) is inconsistent; it is biased toward the first position, and
 * firstPositionPreference + secondPositionPreference = inconsistencyRate.
 */
export type ValidPairPositionBias = {
  /** Pairs with a verdict in each shown order, errors included. */
  judgedBothOrders: number;
  /** Pairs with no error in either order: the denominator of every rate. */
  validPairs: number;
  consistent: number;
  inconsistent: number;
  /** Pairs with an error in either order (a failed judge call). */
  errorPairs: number;
  /** Inconsistent pairs that favour the answer shown first / second. */
  biasedFirst: number;
  biasedSecond: number;
  inconsistencyRate: Stat;
  firstPositionPreference: Stat;
  secondPositionPreference: Stat;
};

export function validPairPositionBias(pairs: readonly PositionPair[]): ValidPairPositionBias {
  return positionBiasFromTally(tallyPositions(pairs));
}

const NO_VALID_PAIR = "no pair judged in both orders without an error";

function positionBiasFromTally(tally: Record<Position, number>): ValidPairPositionBias {
  const validPairs = tally.consistent + tally.biasedFirst + tally.biasedSecond;
  const inconsistent = tally.biasedFirst + tally.biasedSecond;
  const rate = (part: number) => (validPairs === 0 ? statNull(0, NO_VALID_PAIR) : statValue(part / validPairs, validPairs));
  return {
    judgedBothOrders: validPairs + tally.error,
    validPairs,
    consistent: tally.consistent,
    inconsistent,
    errorPairs: tally.error,
    biasedFirst: tally.biasedFirst,
    biasedSecond: tally.biasedSecond,
    inconsistencyRate: rate(inconsistent),
    firstPositionPreference: rate(tally.biasedFirst),
    secondPositionPreference: rate(tally.biasedSecond),
  };
}

/**
 * Conservative aggregate of a swapped pair (paper §3.4): answer X (shown first
 * in order1) wins only if preferred in both orders, Y likewise, otherwise a tie.
 */
export function conservativeWinner(order1: Verdict, order2: Verdict): "x" | "y" | "tie" | "error" {
  if (order1 === "error" || order2 === "error") return "error";
  if (order1 === "first" && order2 === "second") return "x";
  if (order1 === "second" && order2 === "first") return "y";
  return "tie";
}

/** Share of non-error verdicts that pick the answer shown first (ties count in the denominator). */
export function firstPositionRate(verdicts: readonly Verdict[]): Stat {
  const valid = verdicts.filter((v) => v !== "error");
  if (valid.length === 0) return statNull(0, "no verdicts without error");
  return statValue(valid.filter((v) => v === "first").length / valid.length, valid.length);
}

// ---------------------------------------------------------------------------
// MT-Bench agreement S1 / S2
// ---------------------------------------------------------------------------

export type PairwiseVote = {
  /** Question (and turn) the vote is about. */
  item: string;
  judge: string;
  /** Judge type, e.g. "human" or "gpt4-pair". */
  judgeType: string;
  modelA: string;
  modelB: string;
  winner: "a" | "b" | "tie";
};

type Canonical = { judge: string; winner: "lower" | "higher" | "tie" };

/**
 * Probability that a judge of `typeA` and a different judge of `typeB` agree on
 * a (question, model pair): agreeing vote pairs / vote pairs, summed over items.
 * Votes are canonicalised so the alphabetically lower model comes first. S1
 * keeps ties (random baseline 1/3); S2 drops every pair in which either vote is
 * a tie (baseline 1/2). For typeA = typeB every unordered pair of votes counts.
 * Pairs of votes by the same judge id are skipped: that is self-consistency.
 * This is the definition vote by vote, checked against the published figures;
 * the app computes the same from vote counts (mtBenchFromVoteCounts).
 */
export function mtBenchAgreement(
  votes: readonly PairwiseVote[],
  opts: { typeA: string; typeB: string },
): { s1: Stat; s2: Stat } {
  return agreementFromTallies(mtBenchTallies(votes, opts));
}

/** Vote pairs compared on one (question, model pair), and how many agree, with and without ties. */
type MtBenchTally = { pairs: number; agree: number; decisivePairs: number; decisiveAgree: number };

function mtBenchTallies(votes: readonly PairwiseVote[], opts: { typeA: string; typeB: string }): MtBenchTally[] {
  const byItem = new Map<string, { a: Canonical[]; b: Canonical[] }>();
  for (const vote of votes) {
    if (vote.modelA === vote.modelB) throw new StatsInputError(`vote on ${vote.item} compares a model with itself`);
    const swapped = vote.modelA > vote.modelB;
    const key = JSON.stringify(swapped ? [vote.item, vote.modelB, vote.modelA] : [vote.item, vote.modelA, vote.modelB]);
    const winner =
      vote.winner === "tie" ? "tie" : (vote.winner === "a") !== swapped ? "lower" : "higher";
    const entry = byItem.get(key) ?? { a: [], b: [] };
    byItem.set(key, entry);
    const canonical = { judge: vote.judge, winner } as const;
    if (vote.judgeType === opts.typeA) entry.a.push(canonical);
    else if (vote.judgeType === opts.typeB) entry.b.push(canonical);
  }

  const same = opts.typeA === opts.typeB;
  const tallies: MtBenchTally[] = [];
  for (const { a, b } of byItem.values()) {
    const tally = { pairs: 0, agree: 0, decisivePairs: 0, decisiveAgree: 0 };
    const count = (x: Canonical, y: Canonical) => {
      if (x.judge === y.judge) return;
      const match = x.winner === y.winner;
      tally.pairs++;
      if (match) tally.agree++;
      if (x.winner !== "tie" && y.winner !== "tie") {
        tally.decisivePairs++;
        if (match) tally.decisiveAgree++;
      }
    };
    if (same) {
      for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) count(a[i]!, a[j]!);
    } else {
      for (const x of a) for (const y of b) count(x, y);
    }
    tallies.push(tally);
  }
  return tallies;
}

function agreementFromTallies(tallies: readonly MtBenchTally[], weights?: readonly number[]): { s1: Stat; s2: Stat } {
  let pairs = 0;
  let agree = 0;
  let decisivePairs = 0;
  let decisiveAgree = 0;
  tallies.forEach((t, i) => {
    const w = weights ? weights[i]! : 1;
    pairs += w * t.pairs;
    agree += w * t.agree;
    decisivePairs += w * t.decisivePairs;
    decisiveAgree += w * t.decisiveAgree;
  });
  return {
    s1: pairs === 0 ? statNull(0, "no pair of votes to compare") : statValue(agree / pairs, pairs),
    s2:
      decisivePairs === 0
        ? statNull(0, "no pair of non-tie votes")
        : statValue(decisiveAgree / decisivePairs, decisivePairs),
  };
}

/**
 * MT-Bench agreement S1 and S2 with 95 % bootstrap intervals that resample
 * the compared (question, model pair) items — the votes on one item are not
 * independent. Items are grouped by their tallies and drawn as one multinomial
 * per round. Point estimates and n are mtBenchAgreement's.
 */
export function bootstrapMtBenchAgreement(
  votes: readonly PairwiseVote[],
  opts: { typeA: string; typeB: string },
  options: BootstrapOptions,
): { s1: BootstrapCi; s2: BootstrapCi } {
  const tallies = mtBenchTallies(votes, opts).filter((t) => t.pairs > 0);
  const point = agreementFromTallies(tallies);
  const { distinct, counts } = groupUnits(tallies, (t) => `${t.pairs}:${t.agree}:${t.decisivePairs}:${t.decisiveAgree}`);
  const cis = bootstrapCountsCis(
    counts,
    { s1: (sample: number[]) => agreementFromTallies(distinct, sample).s1, s2: (sample: number[]) => agreementFromTallies(distinct, sample).s2 },
    options,
  );
  return { s1: withN(cis.s1, point.s1), s2: withN(cis.s2, point.s2) };
}

/**
 * One (question, model pair) seen as counts: the judge's canonical-free
 * winner ("a" / "b" / "tie", null when it gave none) and how many distinct
 * humans voted a, b and tie; `units` pairs share exactly these counts.
 */
export type MtBenchVoteCounts = { judge: "a" | "b" | "tie" | null; humans: { a: number; b: number; tie: number }; units: number };

const pairsOf = (n: number) => (n * (n - 1)) / 2;

// The tallies mtBenchTallies would build from the votes themselves: on one
// pair every vote is canonicalised the same way, so agreement depends only on
// the counts; humans are distinct judges and none is the judge.
function judgeHumanTally({ judge, humans }: MtBenchVoteCounts): MtBenchTally {
  const total = humans.a + humans.b + humans.tie;
  if (judge === null) return { pairs: 0, agree: 0, decisivePairs: 0, decisiveAgree: 0 };
  const agree = humans[judge];
  return judge === "tie"
    ? { pairs: total, agree, decisivePairs: 0, decisiveAgree: 0 }
    : { pairs: total, agree, decisivePairs: humans.a + humans.b, decisiveAgree: agree };
}

function humanHumanTally({ humans }: MtBenchVoteCounts): MtBenchTally {
  const decisiveAgree = pairsOf(humans.a) + pairsOf(humans.b);
  return {
    pairs: pairsOf(humans.a + humans.b + humans.tie),
    agree: decisiveAgree + pairsOf(humans.tie),
    decisivePairs: pairsOf(humans.a + humans.b),
    decisiveAgree,
  };
}

/**
 * MT-Bench S1 / S2 of a judge against humans (with the bootstrap intervals of
 * bootstrapMtBenchAgreement when `options` is given) and of humans among
 * themselves, from vote counts per pair instead of the votes: identical
 * figures, but a million votes arrive as a few hundred grouped rows.
 */
export function mtBenchFromVoteCounts(
  groups: readonly MtBenchVoteCounts[],
  options?: BootstrapOptions,
): { judgeHuman: { s1: Stat | BootstrapCi; s2: Stat | BootstrapCi }; humanHuman: { s1: Stat; s2: Stat } } {
  const units = groups.map((g) => g.units);
  const humanHuman = agreementFromTallies(groups.map(humanHumanTally), units);
  const compared = groups.map((g) => ({ tally: judgeHumanTally(g), units: g.units })).filter((t) => t.tally.pairs > 0);
  const tallies = compared.map((t) => t.tally);
  const point = agreementFromTallies(tallies, compared.map((t) => t.units));
  if (!options) return { judgeHuman: point, humanHuman };
  const { distinct, counts } = groupUnits(compared, (t) => `${t.tally.pairs}:${t.tally.agree}:${t.tally.decisivePairs}:${t.tally.decisiveAgree}`, (t) => t.units);
  const distinctTallies = distinct.map((t) => t.tally);
  const cis = bootstrapCountsCis(
    counts,
    { s1: (sample: number[]) => agreementFromTallies(distinctTallies, sample).s1, s2: (sample: number[]) => agreementFromTallies(distinctTallies, sample).s2 },
    options,
  );
  return { judgeHuman: { s1: withN(cis.s1, point.s1), s2: withN(cis.s2, point.s2) }, humanHuman };
}

// ---------------------------------------------------------------------------
// Verbosity and self-enhancement
// ---------------------------------------------------------------------------

/**
 * "Repetitive list" attack (paper Table 3): failure rate = share of items where
 * the judge prefers the padded answer. Errored items are left out of n.
 */
export function verbosityPreference(choices: readonly ("padded" | "original" | "tie" | "error")[]): Stat & {
  errors: number;
} {
  const valid = choices.filter((c) => c !== "error");
  const errors = choices.length - valid.length;
  if (valid.length === 0) return { ...statNull(0, "no judged items"), errors };
  return { ...statValue(valid.filter((c) => c === "padded").length / valid.length, valid.length), errors };
}

export type Outcome = "win" | "loss" | "tie";

/** Win rate with ties excluded. */
export function winRate(outcomes: readonly Outcome[]): Stat {
  const decisive = outcomes.filter((o) => o !== "tie");
  if (decisive.length === 0) return statNull(0, "no decisive outcomes");
  return statValue(decisive.filter((o) => o === "win").length / decisive.length, decisive.length);
}

/**
 * Self-enhancement (paper Fig. 3b): the judge's win rate for model M minus the
 * human win rate for M on the same comparisons, ties excluded from both.
 * n = decisive judge outcomes + decisive human outcomes.
 */
export function selfPreferenceDelta(
  judgeOutcomes: readonly Outcome[],
  humanOutcomes: readonly Outcome[],
): Stat & { judgeWinRate: Stat; humanWinRate: Stat } {
  const judgeWinRate = winRate(judgeOutcomes);
  const humanWinRate = winRate(humanOutcomes);
  const n = judgeWinRate.n + humanWinRate.n;
  if (judgeWinRate.value === null) return { ...statNull(n, "no decisive judge outcome"), judgeWinRate, humanWinRate };
  if (humanWinRate.value === null) return { ...statNull(n, "no decisive human outcome"), judgeWinRate, humanWinRate };
  return { value: judgeWinRate.value - humanWinRate.value, n, judgeWinRate, humanWinRate };
}

// ---------------------------------------------------------------------------
// Bootstrap CIs for the bias figures (docs/METRICS.md#intervals: they
// resample compared pairs). The resampled unit is the compared pair, never a single verdict or
// vote: the two orders of one pair, or several reviewers' votes on it, are not
// independent, and resampling them one by one would make intervals too narrow.
// Pairs are grouped into their distinct profiles and drawn as one multinomial
// per round (groupUnits + bootstrapCountsCis), so cost follows the number of
// distinct profiles, not of pairs.
// ---------------------------------------------------------------------------

/** A statistic's own n (verdicts, votes) on an interval whose resampling unit is the pair. */
function withN(ci: BootstrapCi, stat: Stat): BootstrapCi {
  return { ...ci, n: stat.n, ...(ci.value === null && stat.reason ? { reason: stat.reason } : {}) };
}

const weighted = (counts: readonly number[], per: readonly number[]) => counts.reduce((s, c, i) => s + c * per[i]!, 0);

function share(part: number, whole: number, n: number, reason: string): Stat {
  return whole === 0 ? statNull(n, reason) : statValue(part / whole, n);
}

/**
 * Intervals for each share of the position split (consistent, biased to
 * first, biased to second, error), resampling pairs judged in both orders.
 */
export function bootstrapPositionConsistency(
  pairs: readonly PositionPair[],
  options: BootstrapOptions,
): Record<"consistency" | "biasedFirst" | "biasedSecond" | "error", BootstrapCi> {
  const tally = tallyPositions(pairs);
  const counts = [tally.consistent, tally.biasedFirst, tally.biasedSecond, tally.error];
  const shareOf = (c: number) => (sample: number[]) => {
    const n = sample.reduce((s, x) => s + x, 0);
    return share(sample[c]!, n, n, "no pair judged in both orders");
  };
  return bootstrapCountsCis(
    counts,
    { consistency: shareOf(0), biasedFirst: shareOf(1), biasedSecond: shareOf(2), error: shareOf(3) },
    options,
  );
}

/**
 * validPairPositionBias with intervals for its three rates. The resampled
 * unit is the valid pair (the rates are shares of valid pairs; error pairs
 * are reported as a count beside them, not as a share).
 */
export function bootstrapValidPairPositionBias(
  pairs: readonly PositionPair[],
  options: BootstrapOptions,
): ValidPairPositionBias & { cis: Record<"inconsistencyRate" | "firstPositionPreference" | "secondPositionPreference", BootstrapCi> } {
  const tally = tallyPositions(pairs);
  const point = positionBiasFromTally(tally);
  // Cells: consistent, biased to first, biased to second.
  const rateOf = (part: (sample: number[]) => number) => (sample: number[]) => {
    const valid = sample[0]! + sample[1]! + sample[2]!;
    return share(part(sample), valid, valid, NO_VALID_PAIR);
  };
  const cis = bootstrapCountsCis(
    [tally.consistent, tally.biasedFirst, tally.biasedSecond],
    {
      inconsistencyRate: rateOf((s) => s[1]! + s[2]!),
      firstPositionPreference: rateOf((s) => s[1]!),
      secondPositionPreference: rateOf((s) => s[2]!),
    },
    options,
  );
  return { ...point, cis };
}

/**
 * First-position rate (share of non-error verdicts that pick the answer shown
 * first) with an interval that resamples pairs: each pair brings the verdicts
 * it got in either order (null = not judged in that order).
 */
export function bootstrapFirstPositionRate(
  pairs: readonly { order1: Verdict | null; order2: Verdict | null; count?: number }[],
  options: BootstrapOptions,
): BootstrapCi {
  const { distinct, counts } = groupUnits(pairs, (p) => `${p.order1}|${p.order2}`, unitCount);
  const firsts = distinct.map((p) => Number(p.order1 === "first") + Number(p.order2 === "first"));
  const valid = distinct.map((p) => [p.order1, p.order2].filter((v) => v !== null && v !== "error").length);
  // On the full counts this is firstPositionRate over every verdict of every pair.
  const rate = (sample: number[]) => {
    const n = weighted(sample, valid);
    return share(weighted(sample, firsts), n, n, "no verdicts without error");
  };
  return withN(bootstrapCountsCis(counts, { rate }, options).rate, rate(counts));
}

/** "padded" = the longer (or padded) answer, "original" = the other one. */
export type VerbosityChoice = "padded" | "original" | "tie" | "error";

/**
 * Verbosity with people as the baseline: the share of decisive judge verdicts
 * that go to the longer answer, the same share among decisive human votes on
 * the same pairs, and their difference (judge − humans; above 0 the judge
 * rewards length more than people do). Ties and errors are not decisive.
 * Intervals resample pairs; each pair carries its judge choice and its votes,
 * and `count` identical pairs may come as one unit (1 when absent).
 */
export function bootstrapVerbosityComparison(
  units: readonly (VerbosityUnit & { count?: number })[],
  options: BootstrapOptions,
): { judge: BootstrapCi; humans: BootstrapCi; difference: BootstrapCi } {
  const decisive = (c: VerbosityChoice | null): c is "padded" | "original" => c === "padded" || c === "original";
  const { distinct, counts } = groupUnits(units, (u) => JSON.stringify([u.judge, [...u.humans].sort()]), unitCount);
  const judgePadded = distinct.map((u) => Number(u.judge === "padded"));
  const judgeDecisive = distinct.map((u) => Number(decisive(u.judge)));
  const humanPadded = distinct.map((u) => u.humans.filter((h) => h === "padded").length);
  const humanDecisive = distinct.map((u) => u.humans.filter(decisive).length);
  // With every unit counted once these are verbosityPreference over the decisive choices.
  const judge = (sample: number[]) => {
    const n = weighted(sample, judgeDecisive);
    return share(weighted(sample, judgePadded), n, n, "no decisive judge verdict");
  };
  const humans = (sample: number[]) => {
    const n = weighted(sample, humanDecisive);
    return share(weighted(sample, humanPadded), n, n, "no decisive human vote");
  };
  const difference = (sample: number[]) => {
    const a = judge(sample);
    const b = humans(sample);
    if (a.value === null) return a;
    if (b.value === null) return b;
    return statValue(a.value - b.value, a.n + b.n);
  };
  const cis = bootstrapCountsCis(counts, { judge, humans, difference }, options);
  return {
    judge: withN(cis.judge, judge(counts)),
    humans: withN(cis.humans, humans(counts)),
    difference: withN(cis.difference, difference(counts)),
  };
}

type VerbosityUnit = { judge: VerbosityChoice | null; humans: readonly VerbosityChoice[] };
const unitCount = (unit: { count?: number }) => unit.count ?? 1;

/**
 * Self-preference (judge win rate − human win rate for the judge's own model
 * family, ties excluded) and both win rates, with intervals that resample the
 * compared pairs; `count` identical pairs may come as one unit (1 when
 * absent). Point estimates are selfPreferenceDelta's over all the outcomes.
 */
export function bootstrapSelfPreference(
  units: readonly { judge: Outcome; humans: readonly Outcome[]; count?: number }[],
  options: BootstrapOptions,
): { delta: BootstrapCi; judgeWinRate: BootstrapCi; humanWinRate: BootstrapCi } {
  const { distinct, counts } = groupUnits(units, (u) => JSON.stringify([u.judge, [...u.humans].sort()]), unitCount);
  const judgeWins = distinct.map((u) => Number(u.judge === "win"));
  const judgeDecisive = distinct.map((u) => Number(u.judge !== "tie"));
  const humanWins = distinct.map((u) => u.humans.filter((h) => h === "win").length);
  const humanDecisive = distinct.map((u) => u.humans.filter((h) => h !== "tie").length);
  const judgeWinRate = (sample: number[]) => {
    const n = weighted(sample, judgeDecisive);
    return share(weighted(sample, judgeWins), n, n, "no decisive outcomes");
  };
  const humanWinRate = (sample: number[]) => {
    const n = weighted(sample, humanDecisive);
    return share(weighted(sample, humanWins), n, n, "no decisive outcomes");
  };
  const delta = (sample: number[]) => {
    const a = judgeWinRate(sample);
    const b = humanWinRate(sample);
    if (a.value === null) return statNull(a.n + b.n, "no decisive judge outcome");
    if (b.value === null) return statNull(a.n + b.n, "no decisive human outcome");
    return statValue(a.value - b.value, a.n + b.n);
  };
  const cis = bootstrapCountsCis(counts, { delta, judgeWinRate, humanWinRate }, options);
  return {
    delta: withN(cis.delta, delta(counts)),
    judgeWinRate: withN(cis.judgeWinRate, judgeWinRate(counts)),
    humanWinRate: withN(cis.humanWinRate, humanWinRate(counts)),
  };
}
