import { describe, expect, it } from "vitest";
import { parseSimpleQaGrade, simpleQaMetrics, type SimpleQaGrade } from "@/lib/stats/factuality";
import { StatsInputError } from "@/lib/stats/types";

const TOL = 9;

/** 1000 graded questions with the given per-mille counts. */
function grades(correct: number, notAttempted: number, incorrect: number): SimpleQaGrade[] {
  return [
    ...Array.from({ length: correct }, () => "correct" as const),
    ...Array.from({ length: notAttempted }, () => "not_attempted" as const),
    ...Array.from({ length: incorrect }, () => "incorrect" as const),
  ];
}

const pct = (x: number) => (x * 100).toFixed(1);

describe("simpleQaMetrics", () => {
  it.each([
    // Wei et al. 2024, Table 3: correct / not attempted / incorrect → given attempted, F-score.
    ["GPT-4o", 382, 10, 608, "38.6", "38.4"],
    ["o1-preview", 427, 92, 481, "47.0", "44.8"],
    ["Claude-3.5-Sonnet", 289, 350, 361, "44.5", "35.0"],
  ])("reproduces the published %s row", (_model, correct, notAttempted, incorrect, given, f) => {
    const r = simpleQaMetrics(grades(correct, notAttempted, incorrect));
    expect(r.n).toBe(1000);
    expect(r.correct).toBeCloseTo(correct / 1000, TOL);
    expect(r.notAttempted).toBeCloseTo(notAttempted / 1000, TOL);
    expect(r.incorrect).toBeCloseTo(incorrect / 1000, TOL);
    expect(r.givenAttempted).toBeCloseTo((correct + incorrect) / 1000, TOL);
    expect(pct(r.accuracyGivenAttempted)).toBe(given);
    expect(pct(r.f1)).toBe(f);
  });

  it("computes F as the harmonic mean of correct and correct-given-attempted", () => {
    const r = simpleQaMetrics(grades(382, 10, 608));
    const cga = 382 / 990;
    expect(r.accuracyGivenAttempted).toBeCloseTo(cga, TOL);
    expect(r.f1).toBeCloseTo((2 * cga * 0.382) / (cga + 0.382), TOL);
  });

  it("pitfall: follows simple-evals' 0 convention when nothing was attempted", () => {
    const r = simpleQaMetrics(grades(0, 5, 0));
    expect(r.accuracyGivenAttempted).toBe(0);
    expect(r.f1).toBe(0);
    expect(r.notAttempted).toBe(1);
  });

  it("throws on no grades (every rate would be 0/0) and on unknown grades", () => {
    expect(() => simpleQaMetrics([])).toThrow(StatsInputError);
    expect(() => simpleQaMetrics(["maybe" as SimpleQaGrade])).toThrow(StatsInputError);
  });
});

describe("parseSimpleQaGrade", () => {
  it("maps A/B/C and defaults unparseable grader output to not attempted", () => {
    expect(parseSimpleQaGrade("A")).toBe("correct");
    expect(parseSimpleQaGrade("B")).toBe("incorrect");
    expect(parseSimpleQaGrade("C")).toBe("not_attempted");
    expect(parseSimpleQaGrade("no idea")).toBe("not_attempted");
    expect(parseSimpleQaGrade("")).toBe("not_attempted");
  });
});
