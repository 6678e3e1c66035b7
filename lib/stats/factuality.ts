import { StatsInputError } from "@/lib/stats/types";

// SimpleQA aggregates (Wei et al. 2024; openai/simple-evals simpleqa_eval.py),
// docs/METRICS.md#factuality. Rates are fractions of all questions, not percentages.

export type SimpleQaGrade = "correct" | "incorrect" | "not_attempted";

export type SimpleQaMetrics = {
  correct: number;
  incorrect: number;
  notAttempted: number;
  givenAttempted: number;
  accuracyGivenAttempted: number;
  f1: number;
  n: number;
};

/**
 * Maps the grader's letter to a grade. As in simple-evals, anything that is
 * not A or B — including unparseable grader output — counts as NOT_ATTEMPTED.
 */
export function parseSimpleQaGrade(graderOutput: string): SimpleQaGrade {
  const letter = /(A|B|C)/.exec(graderOutput)?.[0];
  if (letter === "A") return "correct";
  if (letter === "B") return "incorrect";
  return "not_attempted";
}

/** @throws StatsInputError on an empty list (every rate would be 0/0). */
export function simpleQaMetrics(grades: readonly SimpleQaGrade[]): SimpleQaMetrics {
  const counts = { correct: 0, incorrect: 0, not_attempted: 0 };
  grades.forEach((grade, i) => {
    if (!(grade in counts)) throw new StatsInputError(`simpleQaMetrics: grade ${i} is ${JSON.stringify(grade)}`);
    counts[grade]++;
  });
  return simpleQaMetricsFromCounts({
    correct: counts.correct,
    incorrect: counts.incorrect,
    notAttempted: counts.not_attempted,
  });
}

export function simpleQaMetricsFromCounts(counts: {
  correct: number;
  incorrect: number;
  notAttempted: number;
}): SimpleQaMetrics {
  const n = counts.correct + counts.incorrect + counts.notAttempted;
  if (n === 0) throw new StatsInputError("simpleQaMetrics: no graded questions");
  const correct = counts.correct / n;
  const incorrect = counts.incorrect / n;
  const givenAttempted = correct + incorrect;
  // The 0 fallbacks are simple-evals' published convention, kept so scores compare.
  const accuracyGivenAttempted = givenAttempted > 0 ? correct / givenAttempted : 0;
  const denominator = accuracyGivenAttempted + correct;
  const f1 = denominator > 0 ? (2 * accuracyGivenAttempted * correct) / denominator : 0;
  return { correct, incorrect, notAttempted: counts.notAttempted / n, givenAttempted, accuracyGivenAttempted, f1, n };
}
