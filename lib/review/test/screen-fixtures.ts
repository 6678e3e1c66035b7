import type { CriterionSpec } from "../fields";
import type { ReviewProgress } from "../queries";
import { NO_RATIONALE_RULE, type RationaleRule } from "../rationale-rule";
import type { ServerAdvance } from "../screen-state";
import type { TaskView } from "../task-view";

// Task views for the review screen's reducer tests: what the server sends,
// built by hand (outputs named by letter, as on the real screen).

type Spec = Pick<CriterionSpec, "key" | "name" | "kind" | "pairwiseScope"> & { config?: Record<string, unknown>; required?: boolean; description?: string };

export const PREFERENCE: Spec = { key: "preference", name: "Preference", kind: "PREFERENCE" };
export const HELPFUL: Spec = { key: "helpful", name: "Helpfulness", kind: "LIKERT", config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } };
export const ACCURATE: Spec = { key: "accurate", name: "Accuracy", kind: "LIKERT", config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } };
export const RANK: Spec = { key: "rank", name: "Ranking", kind: "RANKING" };
/** Likert criteria asked once of the comparison (one answer per pairwise task). */
export const CONFIDENT: Spec = { ...ACCURATE, key: "confident", name: "Confidence", pairwiseScope: "COMPARISON" };
export const GAP: Spec = { ...ACCURATE, key: "gap", name: "Size of the difference", pairwiseScope: "COMPARISON" };

const POINTWISE = new Set(["LIKERT", "BINARY", "CATEGORICAL", "FACTUALITY", "SCORE"]);

export function taskView(n: number, options: { criteria?: Spec[]; outputs?: number; reference?: string | null; showReference?: boolean; instructions?: string; rationaleRule?: RationaleRule } = {}): TaskView {
  const letters = ["A", "B", "C", "D"].slice(0, options.outputs ?? 2);
  const criteria = (options.criteria ?? [PREFERENCE, HELPFUL]).map((spec, index) => ({
    id: `crit-${index}`,
    key: spec.key,
    name: spec.name,
    description: spec.description ?? "",
    kind: spec.kind,
    required: spec.required ?? true,
    config: spec.config ?? {},
    pairwiseScope: spec.pairwiseScope ?? "EACH_OUTPUT",
  }));
  return {
    assignmentId: `assignment-${n}`,
    taskId: `task-${n}`,
    status: "LEASED",
    leaseExpiresAt: new Date(0).toISOString(),
    setup: { id: "setup", name: "Setup", mode: "PAIRWISE", blind: true, showReference: options.showReference ?? false, instructions: options.instructions ?? "", rationaleRule: options.rationaleRule ?? NO_RATIONALE_RULE },
    item: { externalId: `item-${n}`, context: null, reference: options.reference ?? null },
    turn: 0,
    conversation: { steps: [], position: 1, of: 1 },
    outputs: letters.map((letter) => ({ id: letter, letter, content: `Output ${letter} of task ${n}`, trace: null, run: null, judgeScores: [] })),
    fields: criteria.flatMap((criterion): TaskView["fields"] =>
      POINTWISE.has(criterion.kind) && criterion.pairwiseScope !== "COMPARISON" ? letters.map((letter) => ({ id: `${criterion.id}@${letter}`, outputId: letter, criterion })) : [{ id: criterion.id, outputId: null, criterion }],
    ),
    draft: null,
    flags: [],
    activeMs: 0,
    label: null,
  };
}

export const progress = (): ReviewProgress => ({ submitted: 0, skipped: 0, activeMs: 0, availableToMe: 10, teamDone: 0, teamNeeded: 20 });

export const advanceResult = (next: TaskView | null, current: ServerAdvance["current"] = { confirmed: true }): ServerAdvance => ({ current, next, team: { done: 1, needed: 20, open: 9 } });
