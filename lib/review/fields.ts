import { SafeError, type ValidationIssue } from "@/lib/errors";
import {
  FACTUALITY_OPTIONS,
  parseCriterionConfig,
  POINTWISE_KINDS,
  type CategoricalConfig,
  type CriterionKindName,
  type LikertConfig,
} from "@/lib/rubrics/schemas";

// What a reviewer fills in for one task, derived from the rubric and the
// mode, and how answers become LabelValue rows. Pure: shared by the review
// screen (to build the form and its keyboard model) and the server (to
// validate a submission), so both agree on every rule.

export type ReviewModeName = "SINGLE" | "PAIRWISE" | "RANKING";

export type CriterionSpec = {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: CriterionKindName;
  required: boolean;
  config: unknown;
};

/** One input on the form: a criterion, for one output when the criterion is pointwise. */
export type Field = {
  /** Stable id: "<criterionId>" or "<criterionId>@<outputId>". */
  id: string;
  criterion: CriterionSpec;
  outputId?: string;
};

/** Kinds a mode asks about when the setup does not pick criteria itself. */
export function defaultCriterionKinds(mode: ReviewModeName): readonly CriterionKindName[] {
  if (mode === "SINGLE") return POINTWISE_KINDS;
  if (mode === "PAIRWISE") return ["PREFERENCE", ...POINTWISE_KINDS];
  return ["RANKING"];
}

/** Criteria that make sense in a mode: no preference with one output, no ranking with fewer than 2. */
export function criterionFitsMode(kind: CriterionKindName, mode: ReviewModeName) {
  if (kind === "PREFERENCE") return mode === "PAIRWISE";
  if (kind === "RANKING") return mode === "RANKING";
  return true;
}

/**
 * The fields of a task, in rubric order; pointwise criteria get one field per
 * output, in the order the reviewer sees the outputs.
 */
export function taskFields(mode: ReviewModeName, criteria: CriterionSpec[], shownOutputIds: string[], criterionKeys?: string[] | null): Field[] {
  const wanted = criterionKeys && criterionKeys.length > 0 ? new Set(criterionKeys) : null;
  const kinds = defaultCriterionKinds(mode);
  return criteria
    .filter((criterion) => criterionFitsMode(criterion.kind, mode) && (wanted ? wanted.has(criterion.key) : kinds.includes(criterion.kind)))
    .flatMap((criterion) =>
      POINTWISE_KINDS.includes(criterion.kind)
        ? shownOutputIds.map((outputId) => ({ id: `${criterion.id}@${outputId}`, criterion, outputId }))
        : [{ id: criterion.id, criterion }],
    );
}

/** A reviewer's answer to one field, as the form holds it and the server receives it. */
export type Answer =
  | { kind: "score"; value: number } // likert level, binary 0/1
  | { kind: "category"; value: string } // categorical option, factuality verdict
  | { kind: "preference"; winner: string } // an output id, "TIE" or "BOTH_BAD"
  | { kind: "ranking"; order: string[] }; // output ids, best first

export type Answers = Record<string, Answer>;

export type LabelValueRow = {
  criterionId: string;
  targetKey: string;
  outputId: string | null;
  otherOutputId: string | null;
  value: number | null;
  category: string | null;
};

export function likertConfig(criterion: CriterionSpec): LikertConfig {
  const parsed = parseCriterionConfig("LIKERT", criterion.config);
  return parsed.success ? (parsed.data as LikertConfig) : { min: 1, max: 5, anchors: ["", "", "", "", ""] };
}

export function categoricalOptions(criterion: CriterionSpec): string[] {
  if (criterion.kind === "FACTUALITY") return [...FACTUALITY_OPTIONS];
  const parsed = parseCriterionConfig("CATEGORICAL", criterion.config);
  return parsed.success ? (parsed.data as CategoricalConfig).options : [];
}

/** Canonical pair key: ids sorted, so "A" always means the smaller id whatever side it was shown on. */
export function pairKey(first: string, second: string) {
  const [a, b] = first < second ? [first, second] : [second, first];
  return { a, b, targetKey: `${a}:${b}` };
}

export function isAnswered(field: Field, answer: Answer | undefined): boolean {
  return answerIssue(field, answer, []) === null && answer !== undefined;
}

/** Why an answer is not acceptable for its field, or null when it is. */
function answerIssue(field: Field, answer: Answer | undefined, taskOutputIds: string[]): string | null {
  const { criterion } = field;
  if (!answer) return criterion.required ? "This criterion is required." : null;
  switch (criterion.kind) {
    case "LIKERT": {
      const { min, max } = likertConfig(criterion);
      if (answer.kind !== "score" || !Number.isInteger(answer.value) || answer.value < min || answer.value > max) return `Give a whole number from ${min} to ${max}.`;
      return null;
    }
    case "BINARY":
      return answer.kind === "score" && (answer.value === 0 || answer.value === 1) ? null : "Give pass (1) or fail (0).";
    case "CATEGORICAL":
    case "FACTUALITY": {
      const options = categoricalOptions(criterion);
      return answer.kind === "category" && options.includes(answer.value) ? null : `Choose one of: ${options.join(", ")}.`;
    }
    case "PREFERENCE":
      if (answer.kind !== "preference") return "Choose A, B, tie or both bad.";
      if (answer.winner === "TIE" || answer.winner === "BOTH_BAD") return null;
      return taskOutputIds.length === 0 || taskOutputIds.includes(answer.winner) ? null : "The preferred output is not part of this task.";
    case "RANKING": {
      if (answer.kind !== "ranking") return "Order the outputs.";
      if (taskOutputIds.length === 0) return null;
      const complete = answer.order.length === taskOutputIds.length && new Set(answer.order).size === answer.order.length && answer.order.every((id) => taskOutputIds.includes(id));
      return complete ? null : "Rank every output of the task exactly once.";
    }
    case "SCORE":
      return answer.kind === "score" && Number.isFinite(answer.value) ? null : "Give a number.";
  }
}

/**
 * Validates a submission against the task's fields and turns it into
 * LabelValue rows following the targetKey convention of schema.prisma.
 * Throws a VALIDATION SafeError naming every bad field; nothing is stored then.
 * `nameOutput` names an output in those errors (the review screen's letter:
 * an error must not hand a blind reviewer an output id).
 */
export function buildLabelValues(fields: Field[], answers: Answers, taskOutputIds: string[], nameOutput: (outputId: string) => string = (outputId) => outputId): LabelValueRow[] {
  const issues: ValidationIssue[] = [];
  const known = new Set(fields.map((field) => field.id));
  for (const fieldId of Object.keys(answers)) {
    const at = fieldId.lastIndexOf("@");
    const named = at < 0 ? fieldId : `${fieldId.slice(0, at)}@${nameOutput(fieldId.slice(at + 1))}`;
    if (!known.has(fieldId)) issues.push({ field: named, message: "This criterion is not part of the task." });
  }
  const rows: LabelValueRow[] = [];
  for (const field of fields) {
    const answer = answers[field.id];
    const issue = answerIssue(field, answer, taskOutputIds);
    const fieldName = field.outputId ? `${field.criterion.key}[${nameOutput(field.outputId)}]` : field.criterion.key;
    if (issue) {
      issues.push({ field: fieldName, message: issue });
      continue;
    }
    if (!answer) continue;
    const criterionId = field.criterion.id;
    if (answer.kind === "score") rows.push({ criterionId, targetKey: field.outputId!, outputId: field.outputId!, otherOutputId: null, value: answer.value, category: null });
    else if (answer.kind === "category") rows.push({ criterionId, targetKey: field.outputId!, outputId: field.outputId!, otherOutputId: null, value: null, category: answer.value });
    else if (answer.kind === "preference") {
      const [first, second] = taskOutputIds;
      const { a, b, targetKey } = pairKey(first!, second!);
      const category = answer.winner === "TIE" || answer.winner === "BOTH_BAD" ? answer.winner : answer.winner === a ? "A" : "B";
      rows.push({ criterionId, targetKey, outputId: a, otherOutputId: b, value: null, category });
    } else {
      answer.order.forEach((outputId, index) => rows.push({ criterionId, targetKey: outputId, outputId, otherOutputId: null, value: index + 1, category: null }));
    }
  }
  if (issues.length > 0) throw new SafeError("VALIDATION", `${issues[0]!.field}: ${issues[0]!.message}`, issues);
  return rows;
}

/** Turns stored LabelValue rows back into form answers (reopening a label to edit it). */
export function answersFromValues(fields: Field[], values: LabelValueRow[]): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    const { criterion } = field;
    const mine = values.filter((value) => value.criterionId === criterion.id);
    if (criterion.kind === "RANKING") {
      if (mine.length > 0) answers[field.id] = { kind: "ranking", order: [...mine].sort((x, y) => (x.value ?? 0) - (y.value ?? 0)).map((value) => value.targetKey) };
    } else if (criterion.kind === "PREFERENCE") {
      const value = mine[0];
      if (value?.category) {
        const winner = value.category === "A" ? value.outputId! : value.category === "B" ? value.otherOutputId! : value.category;
        answers[field.id] = { kind: "preference", winner };
      }
    } else {
      const value = mine.find((candidate) => candidate.targetKey === field.outputId);
      if (!value) continue;
      answers[field.id] = value.category !== null ? { kind: "category", value: value.category } : { kind: "score", value: value.value ?? 0 };
    }
  }
  return answers;
}
