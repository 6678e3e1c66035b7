// What y and ŷ are for each kind of figure, so every caller feeds ppiMean the
// same numbers (docs/METRICS.md#ppi-values): a pass rate is the mean of 0/1,
// a mean score the mean of the score itself, and a win rate the mean of
// win 1 / tie ½ / loss 0 (ties split evenly, as run comparison counts them).

export type PpiOutcome =
  | { kind: "pass"; passed: boolean }
  | { kind: "score"; value: number }
  | { kind: "preference"; result: "win" | "tie" | "loss" };

const PREFERENCE_VALUE = { win: 1, tie: 0.5, loss: 0 } as const;

export function ppiValue(outcome: PpiOutcome): number {
  switch (outcome.kind) {
    case "pass":
      return outcome.passed ? 1 : 0;
    case "score":
      return outcome.value;
    case "preference":
      return PREFERENCE_VALUE[outcome.result];
  }
}
