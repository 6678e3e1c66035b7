import { describe, expect, it } from "vitest";
import { bootstrapCi, type BootstrapCi } from "@/lib/stats/bootstrap";
import {
  bootstrapFirstPositionRate,
  bootstrapMtBenchAgreement,
  bootstrapPositionConsistency,
  bootstrapSelfPreference,
  bootstrapValidPairPositionBias,
  bootstrapVerbosityComparison,
  firstPositionRate,
  mtBenchAgreement,
  mtBenchFromVoteCounts,
  positionConsistency,
  selfPreferenceDelta,
  validPairPositionBias,
  verbosityPreference,
  type Outcome,
  type MtBenchVoteCounts,
  type PairwiseVote,
  type Verdict,
  type VerbosityChoice,
} from "@/lib/stats/judge-bias";

const OPTIONS = { rounds: 1000, seed: 3 };

function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: times }, () => value);
}

function expectContains(ci: BootstrapCi) {
  expect(ci.value).not.toBeNull();
  expect(ci.lower!).toBeLessThanOrEqual(ci.value!);
  expect(ci.upper!).toBeGreaterThanOrEqual(ci.value!);
}

// Zheng et al. Table 2 shape: GPT-4 65 / 30 / 5 / 0 % on 80 pairs.
const PAIRS: { order1: Verdict; order2: Verdict }[] = [
  ...repeat({ order1: "first", order2: "second" } as const, 30),
  ...repeat({ order1: "second", order2: "first" } as const, 22),
  ...repeat({ order1: "first", order2: "first" } as const, 20),
  ...repeat({ order1: "tie", order2: "first" } as const, 4),
  ...repeat({ order1: "second", order2: "second" } as const, 4),
];

describe("bootstrapPositionConsistency", () => {
  it("gives each share of the split with an interval around positionConsistency's value", () => {
    const cis = bootstrapPositionConsistency(PAIRS, OPTIONS);
    const point = positionConsistency(PAIRS);
    expect(cis.consistency.value).toBeCloseTo(0.65, 12);
    expect(cis.biasedFirst.value).toBeCloseTo(point.biasedFirst, 12);
    expect(cis.biasedSecond.value).toBeCloseTo(0.05, 12);
    expect(cis.error.value).toBe(0);
    for (const ci of Object.values(cis)) {
      expectContains(ci);
      expect(ci.n).toBe(80);
    }
    // No errored pair, so no replicate has one: a degenerate but honest [0, 0].
    expect([cis.error.lower, cis.error.upper]).toEqual([0, 0]);
    expect(bootstrapPositionConsistency(PAIRS, OPTIONS)).toEqual(cis);
  });

  it("is null with a reason when no pair was judged in both orders", () => {
    expect(bootstrapPositionConsistency([], OPTIONS).consistency).toMatchObject({ value: null, n: 0, reason: "no pair judged in both orders", lower: null });
  });
});

describe("bootstrapValidPairPositionBias", () => {
  const withErrors = [...PAIRS, ...repeat({ order1: "error", order2: "first" } as const, 6)];

  it("has validPairPositionBias's counts and rates, each rate with an interval that resamples valid pairs", () => {
    const r = bootstrapValidPairPositionBias(withErrors, OPTIONS);
    const { cis, ...point } = r;
    expect(point).toEqual(validPairPositionBias(withErrors));
    expect(point).toMatchObject({ judgedBothOrders: 86, validPairs: 80, errorPairs: 6, inconsistent: 28 });
    expect(cis.inconsistencyRate.value).toBeCloseTo(28 / 80, 12);
    expect(cis.firstPositionPreference.value).toBeCloseTo(24 / 80, 12);
    expect(cis.secondPositionPreference.value).toBeCloseTo(4 / 80, 12);
    for (const ci of Object.values(cis)) {
      expectContains(ci);
      expect(ci.n).toBe(80);
      expect(ci.upper! - ci.lower!).toBeGreaterThan(0);
    }
    // Counted pairs give the same draw as the pairs one by one.
    const counted = [{ order1: "first", order2: "second", count: 30 }, { order1: "second", order2: "first", count: 22 }, { order1: "first", order2: "first", count: 20 }, { order1: "tie", order2: "first", count: 4 }, { order1: "second", order2: "second", count: 4 }, { order1: "error", order2: "first", count: 6 }] as const;
    expect(bootstrapValidPairPositionBias(counted, OPTIONS)).toEqual(r);
  });

  it("is null with a reason when no pair is valid", () => {
    expect(bootstrapValidPairPositionBias([{ order1: "error", order2: "error" }], OPTIONS).cis.inconsistencyRate).toMatchObject({ value: null, n: 0, lower: null });
  });
});

describe("bootstrapFirstPositionRate", () => {
  const pairs: { order1: Verdict | null; order2: Verdict | null }[] = [
    ...PAIRS,
    ...repeat({ order1: "first", order2: null } as const, 6),
    ...repeat({ order1: "error", order2: "tie" } as const, 3),
  ];

  it("has firstPositionRate's value and n (verdicts), and resamples pairs", () => {
    const ci = bootstrapFirstPositionRate(pairs, OPTIONS);
    const verdicts = pairs.flatMap((p) => [p.order1, p.order2].filter((v): v is Verdict => v !== null));
    const point = firstPositionRate(verdicts);
    expect(ci.value).toBeCloseTo(point.value!, 12);
    expect(ci.n).toBe(point.n);
    expectContains(ci);
    // Brute force: resample the pairs themselves, many rounds; bounds agree within Monte Carlo error.
    const brute = bootstrapCi(pairs, (sample) => firstPositionRate(sample.flatMap((p) => [p.order1, p.order2].filter((v): v is Verdict => v !== null))), { rounds: 4000, seed: 5 });
    const counted = bootstrapFirstPositionRate(pairs, { rounds: 4000, seed: 6 });
    expect(Math.abs(counted.lower! - brute.lower!)).toBeLessThan(0.02);
    expect(Math.abs(counted.upper! - brute.upper!)).toBeLessThan(0.02);
  });

  it("is null with a reason when every verdict is an error", () => {
    expect(bootstrapFirstPositionRate([{ order1: "error", order2: null }], OPTIONS)).toMatchObject({ value: null, reason: "no verdicts without error", lower: null });
  });
});

describe("bootstrapVerbosityComparison", () => {
  type Unit = { judge: VerbosityChoice | null; humans: VerbosityChoice[] };
  const units: Unit[] = [
    ...Array.from({ length: 8 }, (): Unit => ({ judge: "padded", humans: ["padded", "original"] })),
    ...Array.from({ length: 6 }, (): Unit => ({ judge: "padded", humans: ["original"] })),
    ...Array.from({ length: 4 }, (): Unit => ({ judge: "original", humans: ["original", "tie"] })),
    ...Array.from({ length: 2 }, (): Unit => ({ judge: "tie", humans: ["padded"] })),
  ];

  it("compares the judge's share for the longer answer with the reviewers' on the same pairs", () => {
    const cis = bootstrapVerbosityComparison(units, OPTIONS);
    const judge = verbosityPreference([...repeat<"padded" | "original">("padded", 14), ...repeat<"padded" | "original">("original", 4)]);
    const humans = verbosityPreference([...repeat<"padded" | "original">("padded", 10), ...repeat<"padded" | "original">("original", 18)]);
    expect(cis.judge).toMatchObject({ value: judge.value, n: 18 });
    expect(cis.humans.value).toBeCloseTo(humans.value!, 12);
    expect(cis.humans.n).toBe(28);
    expect(cis.difference.value).toBeCloseTo(judge.value! - humans.value!, 12);
    for (const ci of Object.values(cis)) expectContains(ci);
    expect(cis.difference.lower!).toBeGreaterThan(0); // this judge clearly rewards length more than people
  });

  it("says why the comparison is undefined when people never decided", () => {
    const cis = bootstrapVerbosityComparison(units.map((u) => ({ ...u, humans: ["tie"] as VerbosityChoice[] })), OPTIONS);
    expect(cis.judge.value).not.toBeNull();
    expect(cis.humans).toMatchObject({ value: null, n: 0, reason: "no decisive human vote" });
    expect(cis.difference).toMatchObject({ value: null, reason: "no decisive human vote", lower: null, upper: null });
  });
});

describe("bootstrapSelfPreference", () => {
  const units: { judge: Outcome; humans: Outcome[] }[] = [
    ...repeat({ judge: "win" as Outcome, humans: ["win", "loss"] as Outcome[] }, 9),
    ...repeat({ judge: "win" as Outcome, humans: ["loss"] as Outcome[] }, 5),
    ...repeat({ judge: "loss" as Outcome, humans: ["loss", "tie"] as Outcome[] }, 5),
    ...repeat({ judge: "tie" as Outcome, humans: ["win"] as Outcome[] }, 3),
  ];

  it("has selfPreferenceDelta's value and n, and matches a brute-force bootstrap over pairs", () => {
    const cis = bootstrapSelfPreference(units, OPTIONS);
    const point = selfPreferenceDelta(units.map((u) => u.judge), units.flatMap((u) => u.humans));
    expect(cis.delta.value).toBeCloseTo(point.value!, 12);
    expect(cis.delta.n).toBe(point.n);
    expect(cis.judgeWinRate).toMatchObject({ value: point.judgeWinRate.value, n: point.judgeWinRate.n });
    expect(cis.humanWinRate.n).toBe(point.humanWinRate.n);
    for (const ci of Object.values(cis)) expectContains(ci);
    const brute = bootstrapCi(units, (s) => selfPreferenceDelta(s.map((u) => u.judge), s.flatMap((u) => u.humans)), { rounds: 4000, seed: 9 });
    const counted = bootstrapSelfPreference(units, { rounds: 4000, seed: 10 }).delta;
    expect(Math.abs(counted.lower! - brute.lower!)).toBeLessThan(0.04);
    expect(Math.abs(counted.upper! - brute.upper!)).toBeLessThan(0.04);
    expect(bootstrapSelfPreference(units, OPTIONS)).toEqual(cis);
    // The same pairs in another order (as a database may return them): the same interval.
    expect(bootstrapSelfPreference([...units].reverse(), OPTIONS)).toEqual(cis);
  });

  it("is null with a reason without decisive judge outcomes", () => {
    const cis = bootstrapSelfPreference([{ judge: "tie", humans: ["win"] }], OPTIONS);
    expect(cis.delta).toMatchObject({ value: null, reason: "no decisive judge outcome", lower: null });
  });
});

describe("bootstrapMtBenchAgreement", () => {
  // 30 questions, models m1/m2; a judge and three reviewers who agree with it more or less.
  const votes: PairwiseVote[] = [];
  const winners = ["a", "b", "tie"] as const;
  for (let q = 0; q < 30; q++) {
    const truth = winners[q % 3]!;
    votes.push({ item: `q${q}`, judge: "gpt4", judgeType: "judge", modelA: "m1", modelB: "m2", winner: q % 5 === 0 ? winners[(q + 1) % 3]! : truth });
    for (let h = 0; h < 3; h++) {
      const winner = (q + h) % 4 === 0 ? winners[(q + 2) % 3]! : truth;
      // Half the votes list the models the other way round: canonicalisation must undo it.
      const flip = (q + h) % 2 === 0;
      votes.push({ item: `q${q}`, judge: `h${h}`, judgeType: "human", modelA: flip ? "m2" : "m1", modelB: flip ? "m1" : "m2", winner: flip && winner !== "tie" ? (winner === "a" ? "b" : "a") : winner });
    }
  }
  const types = { typeA: "judge", typeB: "human" };

  it("has mtBenchAgreement's values and n, with intervals that resample questions", () => {
    const cis = bootstrapMtBenchAgreement(votes, types, OPTIONS);
    const point = mtBenchAgreement(votes, types);
    expect(cis.s1).toMatchObject({ value: point.s1.value, n: point.s1.n });
    expect(cis.s2).toMatchObject({ value: point.s2.value, n: point.s2.n });
    expectContains(cis.s1);
    expectContains(cis.s2);
    expect(bootstrapMtBenchAgreement(votes, types, OPTIONS)).toEqual(cis);
    const byItem = [...new Set(votes.map((v) => v.item))].map((item) => votes.filter((v) => v.item === item));
    const brute = bootstrapCi(byItem, (sample) => mtBenchAgreement(sample.flatMap((item, i) => item.map((v) => ({ ...v, item: `${v.item}#${i}` }))), types).s1, { rounds: 4000, seed: 1 });
    const counted = bootstrapMtBenchAgreement(votes, types, { rounds: 4000, seed: 2 }).s1;
    expect(Math.abs(counted.lower! - brute.lower!)).toBeLessThan(0.04);
    expect(Math.abs(counted.upper! - brute.upper!)).toBeLessThan(0.04);
  });

  it("is null with a reason when there is nothing to compare", () => {
    const judgeOnly = votes.filter((v) => v.judgeType === "judge");
    expect(bootstrapMtBenchAgreement(judgeOnly, types, OPTIONS).s1).toMatchObject({ value: null, n: 0, reason: "no pair of votes to compare", lower: null });
  });
});

describe("mtBenchFromVoteCounts", () => {
  // Random pairs: a judge verdict (or none) and 0–5 reviewers each, votes listed
  // either way round; the counted figures must be the vote-level figures exactly.
  const winners = ["a", "b", "tie"] as const;
  let state = 7;
  const next = (n: number) => (state = (state * 1103515245 + 12345) % 2147483648) % n;
  const votes: PairwiseVote[] = [];
  const counted = new Map<string, MtBenchVoteCounts>();
  for (let q = 0; q < 300; q++) {
    const judge = next(5) === 0 ? null : winners[next(3)]!;
    const humans = { a: 0, b: 0, tie: 0 };
    const flip = (winner: "a" | "b" | "tie") => (winner === "tie" ? winner : winner === "a" ? "b" : "a");
    if (judge) votes.push({ item: `q${q}`, judge: "judge", judgeType: "judge", modelA: "m1", modelB: "m2", winner: judge });
    for (let h = next(6); h > 0; h--) {
      const winner = winners[next(3)]!;
      humans[winner]++;
      const swapped = next(2) === 0;
      votes.push({ item: `q${q}`, judge: `h${h}`, judgeType: "human", modelA: swapped ? "m2" : "m1", modelB: swapped ? "m1" : "m2", winner: swapped ? flip(winner) : winner });
    }
    const key = JSON.stringify([judge, humans]);
    const group = counted.get(key) ?? { judge, humans, units: 0 };
    group.units++;
    counted.set(key, group);
  }
  const groups = [...counted.values()];

  it("gives the vote-level point figures of judge vs humans and humans among themselves", () => {
    const { judgeHuman, humanHuman } = mtBenchFromVoteCounts(groups);
    expect(judgeHuman).toEqual(mtBenchAgreement(votes, { typeA: "judge", typeB: "human" }));
    expect(humanHuman).toEqual(mtBenchAgreement(votes, { typeA: "human", typeB: "human" }));
  });

  it("gives bootstrapMtBenchAgreement's intervals for the same seed", () => {
    const { judgeHuman } = mtBenchFromVoteCounts(groups, OPTIONS);
    expect(judgeHuman).toEqual(bootstrapMtBenchAgreement(votes, { typeA: "judge", typeB: "human" }, OPTIONS));
  });
});

describe("units counted by the database", () => {
  // The bias panel gets identical pairs as one row with a count; the figures
  // and intervals must be those of the pairs sent one by one.
  it("a verbosity unit with count k is k identical pairs", () => {
    const one = [
      ...repeat({ judge: "padded" as VerbosityChoice, humans: ["original"] as VerbosityChoice[] }, 7),
      ...repeat({ judge: "original" as VerbosityChoice, humans: ["original", "padded"] as VerbosityChoice[] }, 3),
      { judge: null, humans: ["tie"] as VerbosityChoice[] },
    ];
    const counted = [
      { judge: "padded" as VerbosityChoice, humans: ["original"] as VerbosityChoice[], count: 7 },
      { judge: "original" as VerbosityChoice, humans: ["padded", "original"] as VerbosityChoice[], count: 3 },
      { judge: null, humans: ["tie"] as VerbosityChoice[], count: 1 },
    ];
    expect(bootstrapVerbosityComparison(counted, OPTIONS)).toEqual(bootstrapVerbosityComparison(one, OPTIONS));
  });

  it("a self-preference unit with count k is k identical pairs", () => {
    const one = [...repeat({ judge: "win" as Outcome, humans: ["loss"] as Outcome[] }, 6), ...repeat({ judge: "loss" as Outcome, humans: ["loss", "win"] as Outcome[] }, 4)];
    const counted = [
      { judge: "loss" as Outcome, humans: ["win", "loss"] as Outcome[], count: 4 },
      { judge: "win" as Outcome, humans: ["loss"] as Outcome[], count: 6 },
    ];
    const cis = bootstrapSelfPreference(counted, OPTIONS);
    expect(cis).toEqual(bootstrapSelfPreference(one, OPTIONS));
    const point = selfPreferenceDelta(one.map((u) => u.judge), one.flatMap((u) => u.humans));
    expect(cis.delta).toMatchObject({ value: point.value, n: 24 });
  });
});
