import { z } from "zod";
import { PREFERENCE_VERDICTS } from "@/lib/rubrics/kinds";
import { labelStudioField, labelStudioPrefix, type LabelStudioMeta } from "./label-studio";
import { TURN_CONVENTION } from "./turns";

// Row schemas for the four kinds of upload, applied AFTER field mapping (so
// field names here are Touchstone's, whatever the file called them), plus the
// per-upload options. The same schemas validate browser uploads, API batches
// and CLI streams, and feed the OpenAPI document.

export const IMPORT_KINDS = ["ITEMS", "OUTPUTS", "JUDGE_SCORES", "LABELS"] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

/** URL segment ↔ kind: /api/v1/projects/:id/items, …/outputs, …/judge-scores, …/labels. */
export const KIND_SEGMENTS: Record<ImportKindName, string> = {
  ITEMS: "items",
  OUTPUTS: "outputs",
  JUDGE_SCORES: "judge-scores",
  LABELS: "labels",
};

export const KIND_LABELS: Record<ImportKindName, string> = {
  ITEMS: "Dataset items",
  OUTPUTS: "Run outputs",
  JUDGE_SCORES: "Judge scores",
  LABELS: "Human labels",
};

const MAX_TEXT = 200_000;

/** Numbers may arrive as numbers (JSON) or numeric text (CSV); empty cells are absent. */
function toNumber(value: unknown) {
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (value === "" || value === null) return undefined;
  return value;
}

/** The largest value of a PostgreSQL integer column: larger ones are refused per row, not by the database. */
export const MAX_INT4 = 2_147_483_647;
const INT4_MESSAGE = (field: string) => `${field} must be at most ${MAX_INT4.toLocaleString("en")}.`;

const optionalNumber = (message: string) => z.preprocess(toNumber, z.number({ error: message }).finite().optional());
const optionalInt = (message: string) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: message })
      .refine((n) => Number.isInteger(n) && n >= 0, { message })
      .refine((n) => n <= MAX_INT4, INT4_MESSAGE("The number"))
      .optional(),
  );

const optionalDate = (field: string) =>
  z.preprocess(
    (value) => (value === null || value === "" ? undefined : value),
    z
      .string({ error: `${field} must be a date and time (ISO 8601).` })
      .refine((v) => Number.isFinite(Date.parse(v)), `${field} must be a date and time (ISO 8601).`)
      .transform((v) => new Date(v).toISOString())
      .optional(),
  );

const optionalText = z.preprocess((value) => (value === null || value === "" ? undefined : value), z.string({ error: "Expected text." }).max(MAX_TEXT).optional());

const externalId = z.preprocess(
  (value) => (typeof value === "number" && Number.isFinite(value) ? String(value) : value),
  z.string({ error: "Required: the item's id (text or number)." }).trim().min(1, "Required: the item's id cannot be empty.").max(200, "At most 200 characters."),
);

// Optional: a row without a turn is the first turn. The importer turns the
// file's number into the stored 0-based one (the turnBase option, turns.ts).
const TURN_MESSAGE = `turn must be a whole number ≥ 0 (${TURN_CONVENTION}).`;
const turnIndex = z.preprocess(
  (value) => (value === undefined || value === null || value === "" ? undefined : typeof value === "string" ? Number(value) : value),
  z.number({ error: TURN_MESSAGE }).int(TURN_MESSAGE).min(0, TURN_MESSAGE).max(MAX_INT4, INT4_MESSAGE("turn")).optional(),
);

export const chatTurnSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"], { error: "role must be system, user, assistant or tool." }),
  content: z.string({ error: "Each turn needs text content." }).max(MAX_TEXT),
});
export type ChatTurn = z.infer<typeof chatTurnSchema>;

export const contextDocSchema = z.object({
  id: z.string().max(200).optional(),
  title: z.string().max(1000).optional(),
  content: z.string({ error: "Each context document needs content." }).max(MAX_TEXT),
});

export const traceStepSchema = z.object({
  type: z.enum(["llm", "tool", "retrieval", "other"], { error: "Trace step type must be llm, tool, retrieval or other." }),
  name: z.string().max(500).default(""),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  latencyMs: optionalNumber("latencyMs must be a number."),
});

export const itemRowSchema = z.object({
  externalId,
  input: z.union([z.string().min(1, "input cannot be empty.").max(MAX_TEXT), z.array(chatTurnSchema).min(1, "A chat input needs at least one turn.")], {
    error: "Required: input is text or a list of chat turns ({ role, content }).",
  }),
  context: z.array(contextDocSchema).optional(),
  reference: optionalText,
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  group: optionalText,
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type ItemRow = z.output<typeof itemRowSchema>;

export const outputRowSchema = z.object({
  externalId,
  turn: turnIndex,
  // The run of this row, when the upload carries several (no run option).
  run: optionalText,
  content: z.string({ error: "Required: content is the model's answer as text." }).max(MAX_TEXT),
  turns: z.array(chatTurnSchema).optional(),
  trace: z.array(traceStepSchema).optional(),
  latencyMs: optionalInt("latencyMs must be a whole number of milliseconds ≥ 0."),
  promptTokens: optionalInt("promptTokens must be a whole number ≥ 0."),
  completionTokens: optionalInt("completionTokens must be a whole number ≥ 0."),
  costUsd: optionalNumber("costUsd must be a number.").refine((n) => n === undefined || n >= 0, "costUsd cannot be negative."),
});
export type OutputRow = z.output<typeof outputRowSchema>;

const criterionKey = z.string({ error: "Required: the criterion key (e.g. helpfulness)." }).trim().min(1, "Required: the criterion key.");
const runName = (field: string) => z.string({ error: `Required: ${field} is a run name.` }).trim().min(1, `Required: ${field} is a run name.`);
const scoreValue = optionalNumber("value must be a number.");
const category = z.preprocess((value) => (value === "" || value === null ? undefined : typeof value === "boolean" ? String(value) : value), z.string({ error: "category must be text." }).max(200).optional());

// A failed judge call is a row too: marked with an error (its reason), a
// status such as "error", or a score given as null / an empty cell. It is
// stored with its reason and no score, and never fails the upload.
const FAILED_STATUSES = new Set(["error", "errored", "failed", "failure", "timeout", "timed_out"]);
const NO_SCORE = "no score given (value is null)";
/** Empty cells and null are kept apart from absent fields: an explicit empty score is a failed call. */
const emptyAsNull = (value: unknown) => (value === "" || value === null ? null : value);
const judgeValue = z.preprocess((value) => {
  const v = emptyAsNull(value);
  return v === null ? null : toNumber(v);
}, z.number({ error: "value must be a number (or null for a failed judge call)." }).finite().nullable().optional());
const judgeCategory = z.preprocess(
  (value) => (typeof value === "boolean" ? String(value) : emptyAsNull(value)),
  z.string({ error: "category must be text." }).max(200).nullable().optional(),
);
const errorReason = z.preprocess(
  (value) => (value === true ? "error" : value === false || value === null || (typeof value === "string" && value.trim() === "") ? undefined : value),
  z.string({ error: "error must be text: the reason the judge call failed." }).trim().max(2000).optional(),
);
const callStatus = z.preprocess((value) => (value === null || value === "" ? undefined : typeof value === "string" ? value.trim().toLowerCase() : value), z.string({ error: "status must be text (e.g. ok or error)." }).max(100).optional());

export const pointwiseScoreRowSchema = z
  .object({
    externalId,
    turn: turnIndex,
    run: runName("run"),
    criterion: criterionKey,
    value: judgeValue,
    category: judgeCategory,
    error: errorReason,
    status: callStatus,
    rationale: optionalText,
    rawText: optionalText,
  })
  .transform(({ value, category, error, status, ...row }) => {
    const failedStatus = status !== undefined && FAILED_STATUSES.has(status);
    // Given but empty (null, ""), as opposed to absent: a call that returned no score.
    const noScore = value == null && category == null && (value === null || category === null);
    // A failed status without an error text: its reason is the row's rationale, else the status itself.
    const reason = error ?? (failedStatus ? row.rationale?.slice(0, 2000) || `status ${status}` : noScore ? NO_SCORE : undefined);
    // A failed call keeps its reason and no score (the database refuses both at once).
    if (reason !== undefined) return { ...row, error: reason };
    return { ...row, value: value ?? undefined, category: category ?? undefined };
  });
export type PointwiseScoreRow = z.output<typeof pointwiseScoreRowSchema>;

export const pairwiseScoreRowSchema = z.object({
  externalId,
  turn: turnIndex,
  runA: runName("runA"),
  runB: runName("runB"),
  criterion: criterionKey.default("preference"),
  shownOrder: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.enum(["AB", "BA"], { error: "shownOrder must be AB or BA (the order the judge saw the two outputs)." })),
  verdict: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase().replace(/^BOTHBAD$/, "BOTH_BAD") : v),
    z.enum([...PREFERENCE_VERDICTS, "ERROR"], { error: `verdict must be ${PREFERENCE_VERDICTS.join(", ")} or ERROR (in terms of runA/runB).` }),
  ),
  rationale: optionalText,
  rawText: optionalText,
});
export type PairwiseScoreRow = z.output<typeof pairwiseScoreRowSchema>;

export const labelRowSchema = z.object({
  reviewer: z.string({ error: "Required: the reviewer's email address." }).trim().toLowerCase().pipe(z.email("reviewer must be an email address of a project member.")),
  externalId,
  turn: turnIndex,
  criterion: criterionKey,
  // Pointwise, factuality and ranking labels name one run; preferences name two.
  run: optionalText,
  runA: optionalText,
  runB: optionalText,
  value: scoreValue,
  category,
  rationale: optionalText,
  // Time spent and when, when the source tool recorded them (Label Studio's lead_time, created_at, updated_at).
  activeMs: optionalInt("activeMs must be a whole number of milliseconds ≥ 0."),
  createdAt: optionalDate("createdAt"),
  updatedAt: optionalDate("updatedAt"),
});

// Internal: set only on rows reshaped from a Label Studio task (lib/imports/label-studio.ts); not part of the API.
const labelRowWithSourceSchema = labelRowSchema.extend({ labelStudio: z.custom<LabelStudioMeta>((v) => !!v && typeof v === "object").optional() });
export type LabelRow = z.output<typeof labelRowWithSourceSchema>;

/**
 * The labels upload's row schema: labelRowSchema, with problems found while
 * reshaping a Label Studio task reported first, and every issue of such a row
 * pointed at its place in the task (annotations.0.result.1.value.rating) and
 * prefixed with the task and annotation.
 */
export const labelImportSchema: z.ZodType<LabelRow> = z.unknown().transform((input, ctx) => {
  const meta = input && typeof input === "object" ? ((input as { labelStudio?: unknown }).labelStudio as LabelStudioMeta | undefined) : undefined;
  if (!meta) {
    const parsed = labelRowSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
    return z.NEVER;
  }
  const prefix = labelStudioPrefix(meta);
  if (meta.problems?.length) {
    for (const problem of meta.problems) ctx.addIssue({ code: "custom", message: prefix + problem.message, path: [problem.field] });
    return z.NEVER;
  }
  const parsed = labelRowWithSourceSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const field = labelStudioField(meta, issue.path.map(String).join(".") || "(row)");
    ctx.addIssue({ code: "custom", message: prefix + issue.message, path: [field] });
  }
  return z.NEVER;
});

// ───────────── per-upload options (query string or JSON body) ─────────────

const name = (what: string) => z.string({ error: `Required: ${what}.` }).trim().min(1, `Required: ${what}.`).max(200);
/** An optional name: empty (a blank form field, `?run=`) is absent. */
const optionalName = (what: string) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.string({ error: `${what} must be text.` }).trim().max(200).optional());
const versionNumber = z.coerce.number().int().min(1).optional();
const jsonObject = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}, z.record(z.string(), z.unknown(), { error: "config must be a JSON object." }));

export const itemsOptionsSchema = z.object({
  dataset: name("the dataset name"),
  description: z.string().max(2000).optional(),
  note: z.string().max(2000).optional(),
});
/** How the file counts turns: 0 (Touchstone's own, the default) or 1; see turns.ts. */
const turnBase = z.coerce
  .number()
  .refine((n) => n === 0 || n === 1, "turnBase is 0 (turns count from 0, the default) or 1 (turn 1 = the first assistant turn).")
  .transform((n) => n as 0 | 1)
  .default(0);

export const outputsOptionsSchema = z.object({
  dataset: name("the dataset name"),
  version: versionNumber,
  // Without a run option each row names its run (a run column): one upload may carry several runs.
  run: optionalName("the run name"),
  // The model of runs this upload creates; without it, a new run's model is its name.
  model: optionalName("the model"),
  turnBase,
  modelFamily: z.string().max(100).optional(),
  promptVersion: z.string().max(100).optional(),
  config: jsonObject.optional(),
});
export const judgeScoresOptionsSchema = z.object({
  dataset: name("the dataset name"),
  version: versionNumber,
  judge: name("the judge name"),
  model: name("the judge's model"),
  modelFamily: z.string().max(100).optional(),
  promptVersion: z.string().max(100).default(""),
  judgeKind: z.enum(["POINTWISE", "PAIRWISE"], { error: "judgeKind must be POINTWISE or PAIRWISE." }).default("POINTWISE"),
  rubric: z.string().max(200).optional(),
  turnBase,
});
export const labelsOptionsSchema = z.object({
  dataset: name("the dataset name"),
  version: versionNumber,
  rubric: z.string().max(200).optional(),
  turnBase,
});

export type ItemsOptions = z.output<typeof itemsOptionsSchema>;
export type OutputsOptions = z.output<typeof outputsOptionsSchema>;
export type JudgeScoresOptions = z.output<typeof judgeScoresOptionsSchema>;
export type LabelsOptions = z.output<typeof labelsOptionsSchema>;

export const OPTIONS_SCHEMAS = {
  ITEMS: itemsOptionsSchema,
  OUTPUTS: outputsOptionsSchema,
  JUDGE_SCORES: judgeScoresOptionsSchema,
  LABELS: labelsOptionsSchema,
} as const;

/** Target field → source path in the file (dot-separated, numbers index arrays). */
export const fieldMappingSchema = z.record(z.string().min(1).max(60), z.string().trim().max(300));
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export const saveMappingSchema = z.object({
  projectId: z.string().min(1),
  kind: z.enum(IMPORT_KINDS),
  name: z.string().trim().min(1, "Give the mapping a name.").max(100),
  mapping: fieldMappingSchema,
});
export const deleteMappingSchema = z.object({ projectId: z.string().min(1), mappingId: z.string().min(1) });

/** The fields a person can map for each kind, in display order, with whether they are required. */
export const TARGET_FIELDS: Record<ImportKindName, { field: string; required: boolean; hint: string }[]> = {
  ITEMS: [
    { field: "externalId", required: true, hint: "Stable id of the item; kept across versions." },
    { field: "input", required: true, hint: "Prompt text, or chat turns (messages / turns)." },
    { field: "reference", required: false, hint: "Golden answer." },
    { field: "context", required: false, hint: "Retrieved documents (RAG)." },
    { field: "tags", required: false, hint: "List, or text separated by , ; |" },
    { field: "group", required: false, hint: "Paraphrase group." },
    { field: "metadata", required: false, hint: "Object; unmapped columns go here when empty." },
  ],
  OUTPUTS: [
    { field: "externalId", required: true, hint: "The item's externalId." },
    { field: "content", required: true, hint: "Answer text; a list of answers becomes turns 0, 1, …" },
    { field: "run", required: false, hint: "The row's run, when the file holds several runs (leave the run option empty)." },
    { field: "turn", required: false, hint: "Assistant turn, from 0 (or from 1 with turnBase 1); default: the first." },
    { field: "trace", required: false, hint: "Agent steps: type, name, input, output, latencyMs." },
    { field: "latencyMs", required: false, hint: "" },
    { field: "promptTokens", required: false, hint: "" },
    { field: "completionTokens", required: false, hint: "" },
    { field: "costUsd", required: false, hint: "" },
  ],
  JUDGE_SCORES: [
    { field: "externalId", required: true, hint: "The item's externalId." },
    { field: "criterion", required: true, hint: "Criterion key (pairwise: defaults to preference)." },
    { field: "run", required: false, hint: "Pointwise: the run scored." },
    { field: "value", required: false, hint: "Pointwise: number (likert, binary 0/1)." },
    { field: "category", required: false, hint: "Pointwise: categorical or factuality verdict." },
    { field: "runA", required: false, hint: "Pairwise: run A." },
    { field: "runB", required: false, hint: "Pairwise: run B." },
    { field: "shownOrder", required: false, hint: "Pairwise: AB or BA." },
    { field: "verdict", required: false, hint: "Pairwise: A, B, TIE, BOTH_BAD, ERROR." },
    { field: "error", required: false, hint: "Pointwise: why the judge call failed (stored as a failed call, no score)." },
    { field: "status", required: false, hint: "Pointwise: error / failed / timeout marks a failed call." },
    { field: "turn", required: false, hint: "" },
    { field: "rationale", required: false, hint: "" },
    { field: "rawText", required: false, hint: "The judge's raw reply." },
  ],
  LABELS: [
    { field: "reviewer", required: true, hint: "Reviewer's email (a project member)." },
    { field: "externalId", required: true, hint: "The item's externalId." },
    { field: "criterion", required: true, hint: "Criterion key." },
    { field: "run", required: false, hint: "Run labelled (not for preferences)." },
    { field: "runA", required: false, hint: "Preference: run A." },
    { field: "runB", required: false, hint: "Preference: run B." },
    { field: "value", required: false, hint: "Number: likert, binary 0/1, rank." },
    { field: "category", required: false, hint: "Categorical, factuality, or preference A/B/TIE/BOTH_BAD." },
    { field: "turn", required: false, hint: "" },
    { field: "rationale", required: false, hint: "" },
    { field: "activeMs", required: false, hint: "Time spent, in milliseconds." },
    { field: "createdAt", required: false, hint: "When the label was made (ISO 8601)." },
  ],
};

/** The row schema an upload of this kind validates each mapped row with (judge scores: by judgeKind). */
export function rowSchemaFor(kind: ImportKindName, options: { judgeKind?: string } = {}): z.ZodType<unknown> {
  switch (kind) {
    case "ITEMS":
      return itemRowSchema;
    case "OUTPUTS":
      return outputRowSchema;
    case "JUDGE_SCORES":
      return options.judgeKind === "PAIRWISE" ? pairwiseScoreRowSchema : pointwiseScoreRowSchema;
    case "LABELS":
      return labelImportSchema;
  }
}

