import { describe, expect, it } from "vitest";
import {
  classifyPositionPair,
  conservativeWinner,
  firstPositionRate,
  mtBenchAgreement,
  positionConsistency,
  selfPreferenceDelta,
  validPairPositionBias,
  verbosityPreference,
  winRate,
  type Outcome,
  type PairwiseVote,
  type Verdict,
} from "@/lib/stats/judge-bias";
import { StatsInputError } from "@/lib/stats/types";

const TOL = 9;

function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: times }, () => value);
}

describe("positionConsistency", () => {
  it("partitions every (order1, order2) combination as docs/METRICS.md#position-bias defines", () => {
    const expected: Record<string, string> = {
      "first/second": "consistent",
      "second/first": "consistent",
      "tie/tie": "consistent",
      "first/first": "biasedFirst",
      "first/tie": "biasedFirst",
      "tie/first": "biasedFirst",
      "second/second": "biasedSecond",
      "second/tie": "biasedSecond",
      "tie/second": "biasedSecond",
    };
    const verdicts: Verdict[] = ["first", "second", "tie", "error"];
    for (const o1 of verdicts) {
      for (const o2 of verdicts) {
        const want = o1 === "error" || o2 === "error" ? "error" : expected[`${o1}/${o2}`];
        expect(classifyPositionPair(o1, o2), `${o1}/${o2}`).toBe(want);
      }
    }
  });

  it("reproduces Zheng et al. Table 2 rows on 80 questions (columns sum to 100 %)", () => {
    // GPT-4 default 65.0 / 30.0 / 5.0 / 0.0, with tie-mixed cases inside each column.
    const gpt4 = [
      ...repeat({ order1: "first" as Verdict, order2: "second" as Verdict }, 30),
      ...repeat({ order1: "second" as Verdict, order2: "first" as Verdict }, 18),
      ...repeat({ order1: "tie" as Verdict, order2: "tie" as Verdict }, 4),
      ...repeat({ order1: "first" as Verdict, order2: "first" as Verdict }, 20),
      ...repeat({ order1: "first" as Verdict, order2: "tie" as Verdict }, 2),
      ...repeat({ order1: "tie" as Verdict, order2: "first" as Verdict }, 2),
      ...repeat({ order1: "second" as Verdict, order2: "second" as Verdict }, 3),
      ...repeat({ order1: "tie" as Verdict, order2: "second" as Verdict }, 1),
    ];
    const r = positionConsistency(gpt4);
    expect(r.n).toBe(80);
    expect(r.consistency).toBeCloseTo(0.65, TOL);
    expect(r.biasedFirst).toBeCloseTo(0.3, TOL);
    expect(r.biasedSecond).toBeCloseTo(0.05, TOL);
    expect(r.error).toBe(0);

    // Claude-v1 default 23.8 / 75.0 / 0.0 / 1.2 = 19 / 60 / 0 / 1 of 80.
    const claude = positionConsistency([
      ...repeat({ order1: "second" as Verdict, order2: "first" as Verdict }, 19),
      ...repeat({ order1: "first" as Verdict, order2: "first" as Verdict }, 60),
      { order1: "error", order2: "first" },
    ]);
    expect((claude.consistency * 100).toFixed(1)).toBe("23.8");
    expect((claude.biasedFirst * 100).toFixed(1)).toBe("75.0");
    expect(claude.error).toBeCloseTo(1 / 80, TOL);
    expect(claude.consistency + claude.biasedFirst + claude.biasedSecond + claude.error).toBeCloseTo(1, TOL);
  });

  it("throws on an empty list rather than reporting 0 %", () => {
    expect(() => positionConsistency([])).toThrow(StatsInputError);
  });

  it("conservative aggregate declares a winner only if preferred in both orders", () => {
    expect(conservativeWinner("first", "second")).toBe("x");
    expect(conservativeWinner("second", "first")).toBe("y");
    expect(conservativeWinner("first", "first")).toBe("tie");
    expect(conservativeWinner("first", "tie")).toBe("tie");
    expect(conservativeWinner("tie", "error")).toBe("error");
  });

  it("firstPositionRate counts ties in the denominator and drops errors", () => {
    const r = firstPositionRate(["first", "first", "second", "tie", "error"]);
    expect(r).toEqual({ value: 0.5, n: 4 });
    expect(firstPositionRate(["error"]).value).toBeNull();
  });
});

describe("validPairPositionBias", () => {
  // A hand-made judge, 16 pairs judged in both orders (order1 shows X first, order2 Y first):
  //   consistent:     (first,second) ×4, (second,first) ×2, (tie,tie) ×1        = 7
  //   biased first:   (first,first) ×2, (first,tie) ×1, (tie,first) ×1         = 4
  //   biased second:  (second,second) ×1, (tie,second) ×1                       = 2
  //   error pairs:    (error,first), (second,error), (error,error)              = 3
  // valid = 16 − 3 = 13; inconsistent = 4 + 2 = 6 (the tie-mixed pairs among them);
  // inconsistency 6/13, first-position preference 4/13, second 2/13.
  // positionConsistency divides by all 16: consistency 7/16, error 3/16.
  const pairs: { order1: Verdict; order2: Verdict; count?: number }[] = [
    { order1: "first", order2: "second", count: 4 },
    { order1: "second", order2: "first", count: 2 },
    { order1: "tie", order2: "tie" },
    { order1: "first", order2: "first", count: 2 },
    { order1: "first", order2: "tie" },
    { order1: "tie", order2: "first" },
    { order1: "second", order2: "second" },
    { order1: "tie", order2: "second" },
    { order1: "error", order2: "first" },
    { order1: "second", order2: "error" },
    { order1: "error", order2: "error" },
  ];

  it("counts errors apart and takes every rate over valid pairs, tie-mixed pairs inconsistent", () => {
    expect(validPairPositionBias(pairs)).toEqual({
      judgedBothOrders: 16,
      validPairs: 13,
      consistent: 7,
      inconsistent: 6,
      errorPairs: 3,
      biasedFirst: 4,
      biasedSecond: 2,
      inconsistencyRate: { value: 6 / 13, n: 13 },
      firstPositionPreference: { value: 4 / 13, n: 13 },
      secondPositionPreference: { value: 2 / 13, n: 13 },
    });
  });

  it("leaves positionConsistency's published figures as they were (errors inside the denominator)", () => {
    const expanded = pairs.flatMap(({ order1, order2, count = 1 }) => repeat({ order1, order2 }, count));
    const r = positionConsistency(expanded);
    expect(r).toEqual(positionConsistency(pairs));
    expect(r.n).toBe(16);
    expect(r.consistency).toBeCloseTo(7 / 16, TOL);
    expect(r.biasedFirst).toBeCloseTo(4 / 16, TOL);
    expect(r.biasedSecond).toBeCloseTo(2 / 16, TOL);
    expect(r.error).toBeCloseTo(3 / 16, TOL);
  });

  it("says why there is no rate when every pair failed, and still counts the failures", () => {
    const r = validPairPositionBias([{ order1: "error", order2: "tie", count: 2 }]);
    expect(r).toMatchObject({ judgedBothOrders: 2, validPairs: 0, errorPairs: 2, inconsistent: 0 });
    expect(r.inconsistencyRate).toEqual({ value: null, n: 0, reason: "no pair judged in both orders without an error" });
    expect(validPairPositionBias([]).validPairs).toBe(0);
  });

  it("refuses a count that is not a whole number", () => {
    expect(() => validPairPositionBias([{ order1: "first", order2: "first", count: 1.5 }])).toThrow(StatsInputError);
  });
});

describe("mtBenchAgreement", () => {
  const vote = (
    item: string,
    judge: string,
    judgeType: string,
    modelA: string,
    modelB: string,
    winner: PairwiseVote["winner"],
  ): PairwiseVote => ({ item, judge, judgeType, modelA, modelB, winner });

  it("canonicalises model order, counts any tie as a tie, and drops tie pairs for S2", () => {
    const votes = [
      // q1: GPT-4 says vicuna wins; one human agrees with the models listed the other way round.
      vote("q1", "gpt4", "gpt4-pair", "alpaca", "vicuna", "b"),
      vote("q1", "h1", "human", "vicuna", "alpaca", "a"),
      vote("q1", "h2", "human", "alpaca", "vicuna", "a"),
      // q2: both tie → agree in S1, excluded from S2.
      vote("q2", "gpt4", "gpt4-pair", "alpaca", "llama", "tie"),
      vote("q2", "h1", "human", "llama", "alpaca", "tie"),
      // q3: GPT-4 decisive, human tie → disagreement in S1, excluded from S2.
      vote("q3", "gpt4", "gpt4-pair", "claude", "gpt-3.5", "a"),
      vote("q3", "h3", "human", "claude", "gpt-3.5", "tie"),
      // An author vote is neither type and is ignored.
      vote("q3", "author1", "author", "claude", "gpt-3.5", "a"),
    ];
    const r = mtBenchAgreement(votes, { typeA: "gpt4-pair", typeB: "human" });
    expect(r.s1).toEqual({ value: 2 / 4, n: 4 });
    expect(r.s2).toEqual({ value: 1 / 2, n: 2 });
  });

  it("human–human uses every unordered pair of distinct votes per item", () => {
    const votes = [
      vote("q1", "h1", "human", "a", "b", "a"),
      vote("q1", "h2", "human", "b", "a", "b"),
      vote("q1", "h3", "human", "a", "b", "b"),
      vote("q2", "h1", "human", "a", "b", "tie"),
      vote("q2", "h2", "human", "a", "b", "tie"),
    ];
    const r = mtBenchAgreement(votes, { typeA: "human", typeB: "human" });
    // q1: pairs (h1,h2) agree, (h1,h3) disagree, (h2,h3) disagree; q2: one tie–tie pair agrees.
    expect(r.s1).toEqual({ value: 2 / 4, n: 4 });
    expect(r.s2).toEqual({ value: 1 / 3, n: 3 });
  });

  it("reproduces the published GPT-4 vs human ratios (Table 5: 66 % of 1343, 85 % of 859)", () => {
    // One GPT-4 and one human vote per item: 730 decisive agreements of 859 decisive pairs,
    // 156 tie–tie agreements among the 484 pairs that involve a tie.
    const votes: PairwiseVote[] = [];
    let q = 0;
    const add = (g: PairwiseVote["winner"], h: PairwiseVote["winner"], times: number) => {
      for (let t = 0; t < times; t++, q++) {
        votes.push(vote(`q${q}`, "gpt4", "gpt4-pair", "m1", "m2", g), vote(`q${q}`, "h", "human", "m1", "m2", h));
      }
    };
    add("a", "a", 730);
    add("a", "b", 129);
    add("tie", "tie", 156);
    add("tie", "a", 328);
    const r = mtBenchAgreement(votes, { typeA: "gpt4-pair", typeB: "human" });
    expect(r.s1.n).toBe(1343);
    expect(r.s2.n).toBe(859);
    expect(Math.round(r.s1.value! * 100)).toBe(66);
    expect(Math.round(r.s2.value! * 100)).toBe(85);
  });

  it("returns null S1/S2 when there is nothing to compare", () => {
    const r = mtBenchAgreement([vote("q", "g", "gpt4-pair", "a", "b", "tie")], { typeA: "gpt4-pair", typeB: "human" });
    expect(r.s1.value).toBeNull();
    expect(r.s2.value).toBeNull();
  });
});

describe("verbosity and self-enhancement", () => {
  it("verbosity failure rate reproduces Table 3 (GPT-4 8.7 %, Claude-v1 91.3 % of 23)", () => {
    const gpt4 = verbosityPreference([...repeat("padded" as const, 2), ...repeat("original" as const, 21)]);
    expect((gpt4.value! * 100).toFixed(1)).toBe("8.7");
    const claude = verbosityPreference([...repeat("padded" as const, 21), ...repeat("tie" as const, 2), "error"]);
    expect((claude.value! * 100).toFixed(1)).toBe("91.3");
    expect(claude.n).toBe(23);
    expect(claude.errors).toBe(1);
  });

  it("self-preference delta = judge win rate − human win rate, ties excluded", () => {
    const judge: Outcome[] = ["win", "win", "win", "loss", "tie"]; // 3/4
    const human: Outcome[] = ["win", "loss", "loss", "tie", "win", "loss"]; // 2/5
    const r = selfPreferenceDelta(judge, human);
    expect(r.value).toBeCloseTo(0.75 - 0.4, TOL);
    expect(r.judgeWinRate.value).toBeCloseTo(0.75, TOL);
    expect(r.humanWinRate.value).toBeCloseTo(0.4, TOL);
    expect(r.n).toBe(9);
    expect(selfPreferenceDelta(["tie"], human).value).toBeNull();
    expect(winRate([]).value).toBeNull();
  });
});
