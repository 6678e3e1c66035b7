import { describe, expect, it } from "vitest";
import { positionConsistency, selfPreferenceDelta, verbosityPreference } from "@/lib/stats/judge-bias";
import { positionFigures, positionOf, selfPreferenceFigures, verbosityFigures, type PairObservation } from "./bias";

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
    expect(figures.ci.lower!).toBeLessThanOrEqual(figures.consistency);
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
    const { judge, humans } = verbosityFigures(pairs);
    expect(judge.value).toBe(verbosityPreference([...Array(6).fill("padded"), "original", "original"]).value);
    expect(humans.value).toBe(0.5);
    expect(humans.n).toBe(8);

    const self = selfPreferenceFigures(pairs, "gpt-4o");
    const expected = selfPreferenceDelta(
      pairs.map((p) => (p.judge === "A" ? "win" : "loss")),
      pairs.flatMap((p) => p.humans.map((h) => (h === "TIE" ? "tie" : h === "A" ? "win" : "loss"))),
    );
    expect(self.value).toBeCloseTo(expected.value!, 12);
    expect(self.ci!.lower!).toBeLessThanOrEqual(self.value!);
    expect(selfPreferenceFigures(pairs, "").reason).toBe("the judge has no model family set");
    expect(selfPreferenceFigures(pairs, "claude").value).toBeNull();
  });
});
