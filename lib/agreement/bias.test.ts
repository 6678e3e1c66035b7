import { describe, expect, it } from "vitest";
import { firstPositionRate, positionConsistency, selfPreferenceDelta, verbosityPreference } from "@/lib/stats/judge-bias";
import { firstPositionFigure, positionFigures, positionOf, selfPreferenceFigures, verbosityFigures, type PairObservation } from "./bias";

describe("bias panel inputs", () => {
  it("turns verdicts stored in terms of outputs into positions chosen", () => {
    expect(positionOf("A", "AB")).toBe("first");
    expect(positionOf("A", "BA")).toBe("second");
    expect(positionOf("B", "BA")).toBe("first");
    expect(positionOf("BOTH_BAD", "AB")).toBe("tie");
    expect(positionOf("ERROR", "BA")).toBe("error");
  });

  it("splits pairs judged in both orders like lib/stats, and says when there are too few", () => {
    // A judge that always picks whatever is shown first is biased to first on every decisive pair.
    const rows = [
      { ab: "A", ba: "B" },
      { ab: "A", ba: "A" },
      { ab: "B", ba: "B" },
      { ab: "TIE", ba: "TIE" },
      { ab: "A", ba: "ERROR" },
      { ab: "A", ba: null },
    ];
    const figures = positionFigures(rows);
    expect("consistency" in figures).toBe(true);
    if (!("consistency" in figures)) return;
    const expected = positionConsistency([
      { order1: "first", order2: "first" },
      { order1: "first", order2: "second" },
      { order1: "second", order2: "first" },
      { order1: "tie", order2: "tie" },
      { order1: "first", order2: "error" },
    ]);
    expect(figures).toMatchObject(expected);
    for (const share of ["consistency", "biasedFirst", "biasedSecond", "error"] as const) {
      expect(figures.cis[share].value).toBeCloseTo(expected[share], 12);
      expect(figures.cis[share].lower!).toBeLessThanOrEqual(figures[share]);
      expect(figures.cis[share].upper!).toBeGreaterThanOrEqual(figures[share]);
      expect(figures.cis[share].n).toBe(5);
    }
    // First-position rate over every verdict (one order only counts too), resampling pairs.
    const first = firstPositionFigure(rows, "PAIRWISE");
    expect(first.value).toBeCloseTo(firstPositionRate(["first", "first", "first", "second", "second", "first", "tie", "tie", "first", "error", "first"]).value!, 12);
    expect(first.n).toBe(10);
    expect("lower" in first && first.lower!).toBeLessThanOrEqual(first.value!);
    expect(firstPositionFigure([], "POINTWISE").reason).toBe("a pointwise judge sees one answer at a time");
    expect(positionFigures(rows.slice(0, 2))).toEqual({ n: 2, reason: expect.stringMatching(/not enough data/) });
    expect(positionFigures([])).toEqual({ n: 0, reason: "no pair was judged in both orders" });
  });

  it("counts decisive verdicts for the longer output, for the judge and for people", () => {
    const pairs: PairObservation[] = Array.from({ length: 8 }, (_, i) => ({
      lengthA: 100 + i,
      lengthB: 50,
      familyA: "gpt-4o",
      familyB: "llama",
      judge: i < 6 ? "A" : "B",
      humans: i < 4 ? ["A", "TIE"] : ["B"],
    }));
    const { judge, humans, difference } = verbosityFigures(pairs);
    expect(judge.value).toBe(verbosityPreference([...Array(6).fill("padded"), "original", "original"]).value);
    expect(humans.value).toBe(0.5);
    expect(humans.n).toBe(8);
    expect(judge.n).toBe(8);
    expect(difference.n).toBe(8); // one figure per pair, not verdicts + votes
    // Pairs only one side decided are not "the same pairs": a judge tie, no reviewer vote, only reviewer ties.
    const unmatched: PairObservation[] = [
      { ...pairs[0]!, judge: "TIE" },
      { ...pairs[0]!, humans: [] },
      { ...pairs[0]!, humans: ["TIE", "TIE"] },
      { ...pairs[0]!, judge: null },
    ];
    const withUnmatched = verbosityFigures([...pairs, ...unmatched]);
    expect([withUnmatched.judge.n, withUnmatched.judge.value, withUnmatched.humans.n, withUnmatched.humans.value]).toEqual([judge.n, judge.value, humans.n, humans.value]);
    expect(difference.value).toBeCloseTo(judge.value! - humans.value!, 12);
    for (const figure of [judge, humans, difference]) expect("lower" in figure && figure.lower !== null).toBe(true);
    // Too few decisive verdicts: "not enough data", and the difference says so too.
    const few = verbosityFigures(pairs.slice(0, 3));
    expect(few.judge.reason).toBe("not enough data: 3 pairs decided by the judge and by reviewers, at least 5 needed");
    expect(few.difference.reason).toBe(few.judge.reason);

    const self = selfPreferenceFigures(pairs, "gpt-4o");
    const expected = selfPreferenceDelta(
      pairs.map((p) => (p.judge === "A" ? "win" : "loss")),
      pairs.flatMap((p) => p.humans.map((h) => (h === "TIE" ? "tie" : h === "A" ? "win" : "loss"))),
    );
    expect(self.value).toBeCloseTo(expected.value!, 12);
    expect("lower" in self && self.lower!).toBeLessThanOrEqual(self.value!);
    expect("upper" in self && self.upper!).toBeGreaterThanOrEqual(self.value!);
    expect(self.judgeWinRate).toMatchObject({ value: expected.judgeWinRate.value, n: expected.judgeWinRate.n });
    expect(selfPreferenceFigures(pairs, "").reason).toBe("the judge has no model family set");
    expect(selfPreferenceFigures(pairs, "claude").value).toBeNull();
  });
});
