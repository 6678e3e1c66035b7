import { SafeError, type ValidationIssue } from "@/lib/errors";
import { CRITERION_KINDS, criterionKind, kindTraits, POINTWISE_KINDS, type Choice, type CriterionKindName, type JudgedUnit, type PairwiseScope } from "@/lib/rubrics/kinds";

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
  /** In a pairwise task, asked of each output (absent: the default) or once of the comparison. */
  pairwiseScope?: PairwiseScope;
};

/** One input on the form: a criterion, for one output when the criterion is pointwise. */
export type Field = {
  /** Stable id: "<criterionId>" or "<criterionId>@<outputId>". */
  id: string;
  criterion: CriterionSpec;
  outputId?: string;
};

/** What each mode shows: pair criteria need exactly two outputs, task-wide rankings a ranking task. */
const MODE_UNITS: Record<ReviewModeName, { fits: readonly JudgedUnit[]; byDefault: readonly JudgedUnit[] }> = {
  SINGLE: { fits: ["output"], byDefault: ["output"] },
  PAIRWISE: { fits: ["pair", "output"], byDefault: ["pair", "output"] },
  RANKING: { fits: ["task", "output"], byDefault: ["task"] },
};

const unitOf = (kind: CriterionKindName) => kindTraits(kind).unit;

/** Kinds a mode asks about when the setup does not pick criteria itself (pair kinds first). */
export function defaultCriterionKinds(mode: ReviewModeName): readonly CriterionKindName[] {
  const units = MODE_UNITS[mode].byDefault;
  return units.flatMap((unit) => CRITERION_KINDS.filter((kind) => unitOf(kind) === unit));
}

/** Criteria that make sense in a mode: no preference with one output, no ranking with fewer than 2. */
export function criterionFitsMode(kind: CriterionKindName, mode: ReviewModeName) {
  return MODE_UNITS[mode].fits.includes(unitOf(kind));
}

/**
 * Whether a criterion is asked once of a pairwise comparison: a comparable
 * kind set to COMPARISON, in a pairwise task. Its answer is one value for the
 * pair, stored like a preference (targetKey "<a>:<b>").
 */
export function askedOfComparison(mode: ReviewModeName, criterion: Pick<CriterionSpec, "kind" | "pairwiseScope">) {
  return mode === "PAIRWISE" && criterion.pairwiseScope === "COMPARISON" && kindTraits(criterion.kind).comparable;
}

/**
 * The fields of a task, in rubric order; pointwise criteria get one field per
 * output, in the order the reviewer sees the outputs, except those a pairwise
 * task asks once of the comparison: they get one field and follow the
 * preference (the pair's group, preference first, stands where the first of
 * its criteria stands in the rubric), so a reviewer answers everything about
 * the pair in one run of keys.
 */
export function taskFields(mode: ReviewModeName, criteria: CriterionSpec[], shownOutputIds: string[], criterionKeys?: string[] | null): Field[] {
  const wanted = criterionKeys && criterionKeys.length > 0 ? new Set(criterionKeys) : null;
  const kinds = defaultCriterionKinds(mode);
  const asked = criteria.filter(
    (criterion) => criterionFitsMode(criterion.kind, mode) && (wanted ? wanted.has(criterion.key) : kinds.includes(criterion.kind) || askedOfComparison(mode, criterion)),
  );
  const aboutPair = (criterion: CriterionSpec) => unitOf(criterion.kind) === "pair" || askedOfComparison(mode, criterion);
  // The preference leads its group: A/B/T/X then Enter-free digits run forward through the comparison answers.
  const pairGroup = [...asked.filter((c) => unitOf(c.kind) === "pair"), ...asked.filter((c) => askedOfComparison(mode, c))];
  const firstOfGroup = asked.findIndex(aboutPair);
  const ordered = pairGroup.length === 0 ? asked : [...asked.slice(0, firstOfGroup).filter((c) => !aboutPair(c)), ...pairGroup, ...asked.slice(firstOfGroup).filter((c) => !aboutPair(c))];
  return ordered.flatMap((criterion) =>
    POINTWISE_KINDS.includes(criterion.kind) && !askedOfComparison(mode, criterion)
      ? shownOutputIds.map((outputId) => ({ id: `${criterion.id}@${outputId}`, criterion, outputId }))
      : [{ id: criterion.id, criterion }],
  );
}

/** A reviewer's answer to one field, as the form holds it and the server receives it. */
export type Answer =
  | { kind: "score"; value: number } // likert level, binary 0/1, real score
  | { kind: "category"; value: string } // categorical option, factuality verdict
  | { kind: "preference"; winner: string } // an output id, or a verdict that names no output ("TIE", "BOTH_BAD")
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

/** The choices of a field, in the order digits (or A/B/T/X) pick them; empty for kinds without choices. */
export function fieldChoices(field: { criterion: Pick<CriterionSpec, "kind" | "config"> }, outputs: readonly { id: string; letter: string }[]): Choice[] {
  return criterionKind(field.criterion.kind, field.criterion.config).choices(outputs);
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
export function answerIssue(field: Field, answer: Answer | undefined, taskOutputIds: string[]): string | null {
  const { criterion } = field;
  if (!answer) return criterion.required ? "This criterion is required." : null;
  return criterionKind(criterion.kind, criterion.config).answerCheck(answer, taskOutputIds);
}

/** How a submission's errors name things: outputs by their shown letter, criteria outside the task by name. */
export type Naming = {
  /** The review screen's letter of an output: an error must not hand a blind reviewer an output id. */
  nameOutput: (outputId: string) => string;
  /** The name of any criterion of the rubric (one the setup does not ask about included), if known. */
  nameCriterion?: (criterionId: string) => string | undefined;
};

/** A field as a person reads it: "Helpfulness — Output A", or "Preference". */
export function fieldLabel(field: Field, nameOutput: (outputId: string) => string) {
  return field.outputId ? `${field.criterion.name} — Output ${nameOutput(field.outputId)}` : field.criterion.name;
}

/**
 * Validates a submission against the task's fields and turns it into
 * LabelValue rows following the targetKey convention of schema.prisma.
 * Throws a VALIDATION SafeError naming every bad field; nothing is stored then.
 * Each issue's `field` is machine-readable ("helpfulness[A]", the criterion
 * key and output letter: the screen marks that field); every message names
 * criteria by name and outputs by letter, never by id.
 */
export function buildLabelValues(fields: Field[], answers: Answers, taskOutputIds: string[], naming: Naming | ((outputId: string) => string) = (outputId) => outputId): LabelValueRow[] {
  const { nameOutput, nameCriterion } = typeof naming === "function" ? { nameOutput: naming, nameCriterion: undefined } : naming;
  const issues: ValidationIssue[] = [];
  const known = new Set(fields.map((field) => field.id));
  for (const fieldId of Object.keys(answers)) {
    if (known.has(fieldId)) continue;
    const at = fieldId.lastIndexOf("@");
    const name = nameCriterion?.(at < 0 ? fieldId : fieldId.slice(0, at));
    const output = at < 0 ? "" : ` for Output ${nameOutput(fieldId.slice(at + 1))}`;
    issues.push(
      name
        ? { field: "answers", message: `"${name}"${output} is not asked in this task; remove that answer (reload the page if you did not give it).` }
        : { field: "answers", message: "An answer names a criterion this task does not have; reload the page and answer again." },
    );
  }
  const rows: LabelValueRow[] = [];
  for (const field of fields) {
    const answer = answers[field.id];
    const issue = answerIssue(field, answer, taskOutputIds);
    const fieldName = field.outputId ? `${field.criterion.key}[${nameOutput(field.outputId)}]` : field.criterion.key;
    if (issue) {
      issues.push({ field: fieldName, message: `${fieldLabel(field, nameOutput)}: ${issue}` });
      continue;
    }
    if (!answer) continue;
    const criterionId = field.criterion.id;
    if ((answer.kind === "score" || answer.kind === "category") && !field.outputId) {
      // Asked of the comparison: one value for the pair, keyed like a preference.
      const [first, second] = taskOutputIds;
      const { a, b, targetKey } = pairKey(first!, second!);
      rows.push({ criterionId, targetKey, outputId: a, otherOutputId: b, value: answer.kind === "score" ? answer.value : null, category: answer.kind === "category" ? answer.value : null });
    } else if (answer.kind === "score") rows.push({ criterionId, targetKey: field.outputId!, outputId: field.outputId!, otherOutputId: null, value: answer.value, category: null });
    else if (answer.kind === "category") rows.push({ criterionId, targetKey: field.outputId!, outputId: field.outputId!, otherOutputId: null, value: null, category: answer.value });
    else if (answer.kind === "preference") {
      const [first, second] = taskOutputIds;
      const { a, b, targetKey } = pairKey(first!, second!);
      const category = answer.winner === a ? "A" : answer.winner === b ? "B" : answer.winner;
      rows.push({ criterionId, targetKey, outputId: a, otherOutputId: b, value: null, category });
    } else {
      answer.order.forEach((outputId, index) => rows.push({ criterionId, targetKey: outputId, outputId, otherOutputId: null, value: index + 1, category: null }));
    }
  }
  if (issues.length > 0) throw new SafeError("VALIDATION", issues[0]!.message, issues);
  return rows;
}

/** Turns stored LabelValue rows back into form answers (reopening a label to edit it). */
export function answersFromValues(fields: Field[], values: LabelValueRow[]): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    const { criterion } = field;
    const mine = values.filter((value) => value.criterionId === criterion.id);
    const { valueType } = criterionKind(criterion.kind, criterion.config);
    if (valueType === "ranking") {
      if (mine.length > 0) answers[field.id] = { kind: "ranking", order: [...mine].sort((x, y) => (x.value ?? 0) - (y.value ?? 0)).map((value) => value.targetKey) };
    } else if (valueType === "preference") {
      const value = mine[0];
      if (value?.category) {
        const winner = value.category === "A" ? value.outputId! : value.category === "B" ? value.otherOutputId! : value.category;
        answers[field.id] = { kind: "preference", winner };
      }
    } else {
      // A field without an output is asked of the comparison: its one value is on the pair.
      const value = field.outputId ? mine.find((candidate) => candidate.targetKey === field.outputId) : mine.find((candidate) => candidate.otherOutputId !== null);
      if (!value) continue;
      answers[field.id] = value.category !== null ? { kind: "category", value: value.category } : { kind: "score", value: value.value ?? 0 };
    }
  }
  return answers;
}
