import { z } from "zod";
import type { Answer } from "@/lib/review/fields";
import type { KappaWeights } from "@/lib/stats/agreement";
import type { Label } from "@/lib/stats/types";

// The criterion-kind registry: every kind declares here its settings
// (Criterion.config), its value type, how an imported value and a reviewer's
// answer are checked, which value passes, and the scale the agreement figures
// use. Imports, the review form, the dashboards and run comparison look the
// kind up instead of switching on it, so a new kind touches this file and its
// review widget (app/…/review/[setupId]/widgets.tsx) only.

export const CRITERION_KINDS = ["LIKERT", "BINARY", "CATEGORICAL", "PREFERENCE", "RANKING", "FACTUALITY", "SCORE"] as const;
export type CriterionKindName = (typeof CRITERION_KINDS)[number];

/** A preference in terms of the pair's two outputs (A = the smaller output id): the one list every reader uses. */
export const PREFERENCE_VERDICTS = ["A", "B", "TIE", "BOTH_BAD"] as const;
export type PreferenceVerdict = (typeof PREFERENCE_VERDICTS)[number];
export const FACTUALITY_OPTIONS = ["correct", "incorrect", "not_attempted"] as const;

/** value ≥ threshold passes (likert, score, binary at 1), or the category is one of `categories`. */
export type PassRule = { threshold: number } | { categories: string[] };

/**
 * What a value is: a whole number on a declared scale (likert, binary), a real
 * number in a range, one of declared categories, a verdict on a pair, or a
 * position in a ranking.
 */
export type ValueType = "level" | "real" | "category" | "preference" | "ranking";

/** What one judgment is about: one output, a pair of outputs, or all outputs of a task. */
export type JudgedUnit = "output" | "pair" | "task";

/** A stored value or category, or why the raw value cannot be stored (field names the import column). */
export type Judgment = { value: number | null; category: string | null };
export type ImportProblem = { error: string; field: "value" | "category" | "criterion" };

/** A keyboard choice of the review form (digits, or A/B/T/X for preferences). */
export type Choice = { key: string; label: string; answer: Answer };
type OutputRef = { id: string; letter: string };

/** The declared scale agreement figures use (lib/agreement/criteria.ts). */
export type AgreementScale = {
  /** Declared levels or categories in scale order; empty when values are real numbers (SCORE). */
  categories: Label[];
  /** Real-valued range a numeric code must fall in; null when the levels above are the whole scale. */
  range: { min: number; max: number } | null;
  weights: KappaWeights;
  alphaLevel: "nominal" | "ordinal" | "interval";
};

type KindDefinition<C> = {
  label: string;
  valueType: ValueType;
  unit: JudgedUnit;
  /**
   * A pairwise task may ask it once of the comparison instead of per output
   * (Criterion.pairwiseScope COMPARISON): "How confident are you?". Only kinds
   * whose answer means something without naming an output.
   */
  comparable: boolean;
  /** Values have an order: within-1, ρ, τ-b, weighted κ apply. */
  ordinal: boolean;
  /** Values are numbers: MAE, mean signed difference apply. */
  numeric: boolean;
  /** Values are declared levels or categories: exact agreement, κ and the confusion matrix apply. */
  categorical: boolean;
  config: z.ZodType<C>;
  /** Settings a new criterion of this kind starts with in the editor. */
  defaultConfig: C;
  /** Settings read back from a config that does not parse (older or hand-written rows). */
  fallbackConfig: C;
  importCheck: (config: C, key: string, raw: { value?: number; category?: string }) => Judgment | ImportProblem;
  /** Why an answer is not acceptable (null when it is); taskOutputIds is empty when the task is not known (drafts). */
  answerCheck: (config: C, answer: Answer, taskOutputIds: readonly string[]) => string | null;
  choices: (config: C, outputs: readonly OutputRef[]) => Choice[];
  passRule: (config: C) => PassRule | null;
  agreementScale: (config: C, rankingLength: number) => AgreementScale;
};

// ── settings ──

const anchorsSchema = z.array(z.string().trim().max(200, "Anchors are at most 200 characters."));
const thresholdSchema = z.object({ threshold: z.number({ error: "The pass threshold must be a number." }).finite() }).strict();
const categoriesPassSchema = z.object({ categories: z.array(z.string().trim().min(1)).min(1, "Choose at least one category that passes.") }).strict();

export const likertConfigSchema = z
  .object({
    min: z.number().int().min(0, "The lowest level is 0 or more.").max(10),
    max: z.number().int().min(1).max(10, "At most 10 levels (digits 0–9 score them)."),
    /** One text per level; stored configs written by hand may leave them out. */
    anchors: anchorsSchema.optional(),
    pass: thresholdSchema.optional(),
  })
  .refine((c) => c.max > c.min, { message: "max must be greater than min.", path: ["max"] })
  .refine((c) => c.max - c.min <= 9, { message: "At most 10 levels (digits score them).", path: ["max"] })
  .refine((c) => !c.anchors || c.anchors.length === c.max - c.min + 1, { message: "Give one anchor per level (it may be empty).", path: ["anchors"] })
  .refine((c) => !c.pass || (c.pass.threshold >= c.min && c.pass.threshold <= c.max), { message: "The pass threshold must lie on the scale.", path: ["pass", "threshold"] });

export const categoricalConfigSchema = z
  .object({
    options: z
      .array(z.string().trim().min(1, "Options cannot be empty.").max(80))
      .min(2, "Give at least two options.")
      .max(9, "At most 9 options (digits 1–9 pick them).")
      .refine((options) => new Set(options).size === options.length, "Options must be different."),
    pass: categoriesPassSchema.optional(),
  })
  .refine((c) => !c.pass || c.pass.categories.every((category) => c.options.includes(category)), { message: "Pass categories must be options of the criterion.", path: ["pass", "categories"] });

export const factualityConfigSchema = z
  .object({ pass: categoriesPassSchema.optional() })
  .refine((c) => !c.pass || c.pass.categories.every((category) => (FACTUALITY_OPTIONS as readonly string[]).includes(category)), {
    message: "Pass categories must be among correct, incorrect, not_attempted.",
    path: ["pass", "categories"],
  });

export const scoreConfigSchema = z
  .object({
    min: z.number({ error: "The lowest score must be a number." }).finite(),
    max: z.number({ error: "The highest score must be a number." }).finite(),
    /** Increment of the review widget's arrow keys; any value in range is accepted. */
    step: z.number().finite().positive("The step must be greater than 0.").optional(),
    pass: thresholdSchema.optional(),
  })
  .refine((c) => c.max > c.min, { message: "max must be greater than min.", path: ["max"] })
  .refine((c) => !c.pass || (c.pass.threshold >= c.min && c.pass.threshold <= c.max), { message: "The pass threshold must lie within the range.", path: ["pass", "threshold"] });

const emptyConfigSchema = z.object({}).strip();

export type LikertConfig = z.infer<typeof likertConfigSchema>;
export type CategoricalConfig = z.infer<typeof categoricalConfigSchema>;
export type ScoreConfig = z.infer<typeof scoreConfigSchema>;
type FactualityConfig = z.infer<typeof factualityConfigSchema>;
type EmptyConfig = z.infer<typeof emptyConfigSchema>;

// ── shared checks ──

const TRUTHY = new Set(["1", "true", "pass", "yes", "y"]);
const FALSY = new Set(["0", "false", "fail", "no", "n"]);
const FACTUALITY_LABELS: Record<string, string> = { correct: "Correct", incorrect: "Incorrect", not_attempted: "Not attempted" };

/** A number from the value column, or from a numeric category (CSV files often put scores there). */
function numberOf(raw: { value?: number; category?: string }): number | undefined {
  if (raw.value !== undefined) return raw.value;
  const text = raw.category?.trim();
  return text && Number.isFinite(Number(text)) ? Number(text) : undefined;
}

/** Formats a range bound: 0.5 stays 0.5, 10 stays 10. */
const fmt = (n: number) => String(n);

/** Default Likert threshold: the scale's midpoint rounded up (1–5 → 3, 1–10 → 6). */
export function defaultLikertThreshold(config: { min: number; max: number }) {
  return Math.ceil((config.min + config.max) / 2);
}

function categoryChoices(options: readonly string[]): Choice[] {
  return options.map((option, i) => ({ key: String(i + 1), label: FACTUALITY_LABELS[option] ?? option, answer: { kind: "category", value: option } }));
}

function checkCategory(options: readonly string[], answer: Answer) {
  return answer.kind === "category" && options.includes(answer.value) ? null : `Choose one of: ${options.join(", ")}.`;
}

// ── the kinds ──

const likert: KindDefinition<LikertConfig> = {
  label: "Likert scale",
  valueType: "level",
  unit: "output",
  comparable: true,
  ordinal: true,
  numeric: true,
  categorical: true,
  config: likertConfigSchema,
  defaultConfig: { min: 1, max: 5, anchors: ["", "", "", "", ""] },
  fallbackConfig: { min: 1, max: 5, anchors: ["", "", "", "", ""] },
  importCheck({ min, max }, key, raw) {
    const v = numberOf(raw);
    if (v === undefined) return { field: "value", error: `Required: ${key} is a ${min}–${max} scale, so value must be a number.` };
    if (!Number.isInteger(v)) return { field: "value", error: `${v} is not a level of ${key}: whole numbers only (${min}–${max}).` };
    if (v < min || v > max) return { field: "value", error: `${v} is outside ${key}'s range ${min}–${max} (whole numbers).` };
    return { value: v, category: null };
  },
  answerCheck({ min, max }, answer) {
    if (answer.kind !== "score") return `Give a whole number from ${min} to ${max}.`;
    if (!Number.isInteger(answer.value)) return `${answer.value} is not a level: whole numbers only, from ${min} to ${max}.`;
    return answer.value < min || answer.value > max ? `Give a whole number from ${min} to ${max}.` : null;
  },
  choices: ({ min, max, anchors }) =>
    Array.from({ length: max - min + 1 }, (_, i) => ({ key: String(min + i), label: anchors?.[i] ? `${min + i} · ${anchors[i]}` : String(min + i), answer: { kind: "score", value: min + i } })),
  passRule: (config) => ({ threshold: config.pass?.threshold ?? defaultLikertThreshold(config) }),
  agreementScale: ({ min, max }) => ({ categories: Array.from({ length: max - min + 1 }, (_, i) => min + i), range: null, weights: "quadratic", alphaLevel: "ordinal" }),
};

const binary: KindDefinition<EmptyConfig> = {
  label: "Pass / fail",
  valueType: "level",
  unit: "output",
  comparable: true,
  ordinal: false,
  numeric: true,
  categorical: true,
  config: emptyConfigSchema,
  defaultConfig: {},
  fallbackConfig: {},
  importCheck(_config, key, raw) {
    if (raw.value !== undefined) {
      if (raw.value !== 0 && raw.value !== 1) return { field: "value", error: `${raw.value} is not a pass/fail score for ${key}: use 1 (pass) or 0 (fail).` };
      return { value: raw.value, category: null };
    }
    const c = raw.category?.trim().toLowerCase();
    if (c && TRUTHY.has(c)) return { value: 1, category: null };
    if (c && FALSY.has(c)) return { value: 0, category: null };
    return { field: raw.category ? "category" : "value", error: `Required: ${key} is pass/fail: value 1 or 0 (or category pass/fail).` };
  },
  answerCheck: (_config, answer) => (answer.kind === "score" && (answer.value === 0 || answer.value === 1) ? null : "Give pass (1) or fail (0)."),
  choices: () => [
    { key: "1", label: "Pass", answer: { kind: "score", value: 1 } },
    { key: "0", label: "Fail", answer: { kind: "score", value: 0 } },
  ],
  passRule: () => ({ threshold: 1 }),
  agreementScale: () => ({ categories: [0, 1], range: null, weights: "none", alphaLevel: "nominal" }),
};

const categorical: KindDefinition<CategoricalConfig> = {
  label: "Categories",
  valueType: "category",
  unit: "output",
  comparable: true,
  ordinal: false,
  numeric: false,
  categorical: true,
  config: categoricalConfigSchema,
  defaultConfig: { options: ["", ""] },
  fallbackConfig: { options: [] },
  importCheck({ options }, key, raw) {
    const c = raw.category?.trim();
    const match = c === undefined ? undefined : (options.find((o) => o === c) ?? options.find((o) => o.toLowerCase() === c.toLowerCase()));
    if (!match) return { field: "category", error: c ? `"${c}" is not an option of ${key} (${options.join(", ")}).` : `Required: category, one of ${options.join(", ")}.` };
    return { value: null, category: match };
  },
  answerCheck: ({ options }, answer) => checkCategory(options, answer),
  choices: ({ options }) => categoryChoices(options),
  // Without declared pass categories, an option named "correct" passes (as for factuality); else there is no pass rule.
  passRule({ options, pass }) {
    const categories = pass?.categories ?? options.filter((option) => option.toLowerCase() === "correct");
    return categories.length > 0 ? { categories } : null;
  },
  agreementScale: ({ options }) => ({ categories: options, range: null, weights: "none", alphaLevel: "nominal" }),
};

const preference: KindDefinition<EmptyConfig> = {
  label: "Preference (A / B / tie / both bad)",
  valueType: "preference",
  unit: "pair",
  comparable: false,
  ordinal: false,
  numeric: false,
  categorical: true,
  config: emptyConfigSchema,
  defaultConfig: {},
  fallbackConfig: {},
  importCheck: (_config, key) => ({ field: "criterion", error: `${key} is a preference (judged on pairs): give runA, runB and a verdict instead.` }),
  answerCheck(_config, answer, taskOutputIds) {
    if (answer.kind !== "preference") return "Choose A, B, tie or both bad.";
    if (answer.winner === "TIE" || answer.winner === "BOTH_BAD") return null;
    return taskOutputIds.length === 0 || taskOutputIds.includes(answer.winner) ? null : "The preferred output is not part of this task.";
  },
  choices: (_config, outputs) => [
    { key: "A", label: `Output ${outputs[0]?.letter ?? "A"} is better`, answer: { kind: "preference", winner: outputs[0]?.id ?? "A" } },
    { key: "B", label: `Output ${outputs[1]?.letter ?? "B"} is better`, answer: { kind: "preference", winner: outputs[1]?.id ?? "B" } },
    { key: "T", label: "Tie", answer: { kind: "preference", winner: "TIE" } },
    { key: "X", label: "Both bad", answer: { kind: "preference", winner: "BOTH_BAD" } },
  ],
  passRule: () => null,
  agreementScale: () => ({ categories: [...PREFERENCE_VERDICTS], range: null, weights: "none", alphaLevel: "nominal" }),
};

const ranking: KindDefinition<EmptyConfig> = {
  label: "Ranking",
  valueType: "ranking",
  unit: "task",
  comparable: false,
  ordinal: true,
  numeric: true,
  categorical: true,
  config: emptyConfigSchema,
  defaultConfig: {},
  fallbackConfig: {},
  importCheck(_config, key, raw) {
    const v = raw.value;
    if (v === undefined || !Number.isInteger(v) || v < 1) return { field: "value", error: `${key} is a ranking: value is the position, a whole number from 1 (best).` };
    return { value: v, category: null };
  },
  answerCheck(_config, answer, taskOutputIds) {
    if (answer.kind !== "ranking") return "Order the outputs.";
    if (taskOutputIds.length === 0) return null;
    const complete = answer.order.length === taskOutputIds.length && new Set(answer.order).size === answer.order.length && answer.order.every((id) => taskOutputIds.includes(id));
    return complete ? null : "Rank every output of the task exactly once.";
  },
  choices: () => [],
  passRule: () => null,
  // Rankings declare no length: their scale is 1..the most outputs a ranking task compared.
  agreementScale: (_config, rankingLength) => ({ categories: Array.from({ length: rankingLength }, (_, i) => i + 1), range: null, weights: "quadratic", alphaLevel: "ordinal" }),
};

const factuality: KindDefinition<FactualityConfig> = {
  label: "Factuality (correct / incorrect / not attempted)",
  valueType: "category",
  unit: "output",
  comparable: false,
  ordinal: false,
  numeric: false,
  categorical: true,
  config: factualityConfigSchema,
  defaultConfig: {},
  fallbackConfig: {},
  importCheck(_config, _key, raw) {
    const c = raw.category?.trim().toLowerCase().replace(/[\s-]+/g, "_");
    if (!c || !(FACTUALITY_OPTIONS as readonly string[]).includes(c)) {
      return { field: "category", error: raw.category ? `"${raw.category}" is not a factuality verdict (correct, incorrect, not_attempted).` : "Required: category is correct, incorrect or not_attempted." };
    }
    return { value: null, category: c };
  },
  answerCheck: (_config, answer) => checkCategory(FACTUALITY_OPTIONS, answer),
  choices: () => categoryChoices(FACTUALITY_OPTIONS),
  passRule: ({ pass }) => ({ categories: pass?.categories ?? ["correct"] }),
  agreementScale: () => ({ categories: [...FACTUALITY_OPTIONS], range: null, weights: "none", alphaLevel: "nominal" }),
};

const score: KindDefinition<ScoreConfig> = {
  label: "Score (real number on a range)",
  valueType: "real",
  unit: "output",
  comparable: true,
  ordinal: true,
  numeric: true,
  categorical: false,
  config: scoreConfigSchema,
  defaultConfig: { min: 0, max: 10 },
  fallbackConfig: { min: 0, max: 10 },
  importCheck({ min, max }, key, raw) {
    const v = numberOf(raw);
    if (v === undefined) return { field: "value", error: `Required: ${key} is a score from ${fmt(min)} to ${fmt(max)}, so value must be a number.` };
    if (v < min || v > max) return { field: "value", error: `${v} is outside ${key}'s range ${fmt(min)}–${fmt(max)}.` };
    return { value: v, category: null };
  },
  answerCheck({ min, max }, answer) {
    if (answer.kind !== "score" || !Number.isFinite(answer.value)) return `Give a number from ${fmt(min)} to ${fmt(max)}.`;
    return answer.value < min || answer.value > max ? `${answer.value} is outside the range ${fmt(min)}–${fmt(max)}.` : null;
  },
  choices: () => [],
  passRule: ({ min, max, pass }) => ({ threshold: pass?.threshold ?? (min + max) / 2 }),
  agreementScale: ({ min, max }) => ({ categories: [], range: { min, max }, weights: "none", alphaLevel: "interval" }),
};

const DEFINITIONS = { LIKERT: likert, BINARY: binary, CATEGORICAL: categorical, PREFERENCE: preference, RANKING: ranking, FACTUALITY: factuality, SCORE: score } as const;

// ── look-ups ──

/** A kind with its functions bound to one criterion's stored config (parsed once per config object). */
export type CriterionKind = {
  name: CriterionKindName;
  label: string;
  valueType: ValueType;
  unit: JudgedUnit;
  comparable: boolean;
  ordinal: boolean;
  numeric: boolean;
  categorical: boolean;
  /** The parsed settings, or the kind's fallback when the stored config does not parse. */
  config: Record<string, unknown>;
  importCheck: (key: string, raw: { value?: number; category?: string }) => Judgment | ImportProblem;
  answerCheck: (answer: Answer, taskOutputIds: readonly string[]) => string | null;
  choices: (outputs: readonly OutputRef[]) => Choice[];
  passRule: () => PassRule | null;
  agreementScale: (rankingLength?: number) => AgreementScale;
};

/** What a kind is, whatever a criterion's settings: its value type, unit and which figures apply. */
export type KindTraits = Pick<CriterionKind, "name" | "label" | "valueType" | "unit" | "comparable" | "ordinal" | "numeric" | "categorical">;

export function kindTraits(kind: CriterionKindName): KindTraits {
  const { label, valueType, unit, comparable, ordinal, numeric, categorical } = DEFINITIONS[kind];
  return { name: kind, label, valueType, unit, comparable, ordinal, numeric, categorical };
}

export const KIND_LABELS = Object.fromEntries(CRITERION_KINDS.map((kind) => [kind, DEFINITIONS[kind].label])) as Record<CriterionKindName, string>;

export function isCriterionKind(kind: string): kind is CriterionKindName {
  return (CRITERION_KINDS as readonly string[]).includes(kind);
}

/** Kinds judged once per output (the pointwise ones). */
export const POINTWISE_KINDS: readonly CriterionKindName[] = CRITERION_KINDS.filter((kind) => DEFINITIONS[kind].unit === "output");

/** Where a pointwise criterion is asked in a pairwise task (Criterion.pairwiseScope); other modes ignore it. */
export const PAIRWISE_SCOPES = ["EACH_OUTPUT", "COMPARISON"] as const;
export type PairwiseScope = (typeof PAIRWISE_SCOPES)[number];

/** Kinds that may be asked once of a pairwise comparison. */
export const COMPARABLE_KINDS: readonly CriterionKindName[] = CRITERION_KINDS.filter((kind) => DEFINITIONS[kind].comparable);

/** Validates a kind's settings (the editor's input, or a stored config before a form is built from it). */
export function parseCriterionConfig(kind: CriterionKindName, config: unknown) {
  return (DEFINITIONS[kind].config as z.ZodType<Record<string, unknown>>).safeParse(config ?? {});
}

/** Settings a new criterion of the kind starts with in the rubric editor. */
export function defaultConfigOf(kind: CriterionKindName): Record<string, unknown> {
  return structuredClone(DEFINITIONS[kind].defaultConfig) as Record<string, unknown>;
}

// Stored configs are the same objects for every row of an import or every field of a form: parse each once.
const bound = new WeakMap<object, Map<CriterionKindName, CriterionKind>>();

function bind<C>(name: CriterionKindName, definition: KindDefinition<C>, raw: unknown): CriterionKind {
  const parsed = definition.config.safeParse(raw ?? {});
  const config = parsed.success ? parsed.data : definition.fallbackConfig;
  return {
    name,
    label: definition.label,
    valueType: definition.valueType,
    unit: definition.unit,
    comparable: definition.comparable,
    ordinal: definition.ordinal,
    numeric: definition.numeric,
    categorical: definition.categorical,
    config: config as Record<string, unknown>,
    importCheck: (key, value) => definition.importCheck(config, key, value),
    answerCheck: (answer, taskOutputIds) => definition.answerCheck(config, answer, taskOutputIds),
    choices: (outputs) => definition.choices(config, outputs),
    passRule: () => definition.passRule(config),
    agreementScale: (rankingLength = 0) => definition.agreementScale(config, rankingLength),
  };
}

/** The kind of a criterion, bound to its stored config. */
export function criterionKind(kind: CriterionKindName, config: unknown): CriterionKind {
  if (config === null || typeof config !== "object") return bind(kind, DEFINITIONS[kind] as KindDefinition<unknown>, config);
  let byKind = bound.get(config);
  if (!byKind) bound.set(config, (byKind = new Map()));
  let result = byKind.get(kind);
  if (!result) byKind.set(kind, (result = bind(kind, DEFINITIONS[kind] as KindDefinition<unknown>, config)));
  return result;
}

/** Whether a decided value or category passes the rule (the SQL in lib/comparisons/decided-scores-sql.ts applies the same). */
export function passes(rule: PassRule, value: number | null, category: string | null): boolean | null {
  if ("threshold" in rule) return value === null ? null : value >= rule.threshold;
  return category === null ? null : rule.categories.some((c) => c.toLowerCase() === category.toLowerCase());
}

/** The rule in words, as the run pages show it. */
export function describePassRule(rule: PassRule | null): string {
  if (!rule) return "no pass rule";
  if ("threshold" in rule) return `score ≥ ${rule.threshold}`;
  return rule.categories.join(" or ");
}

// ── criterion input: one discriminated union on kind ──

const withConfig = <K extends CriterionKindName, S extends z.ZodType>(kind: K, schema: S) => z.object({ kind: z.literal(kind), config: schema });

/** A criterion's kind and settings, as the editor and the API send them (a missing config is {}: see lib/rubrics/schemas.ts). */
export const criterionConfigInputSchema = z.discriminatedUnion("kind", [
  withConfig("LIKERT", likertConfigSchema),
  withConfig("BINARY", emptyConfigSchema),
  withConfig("CATEGORICAL", categoricalConfigSchema),
  withConfig("PREFERENCE", emptyConfigSchema),
  withConfig("RANKING", emptyConfigSchema),
  withConfig("FACTUALITY", factualityConfigSchema),
  withConfig("SCORE", scoreConfigSchema),
]);
