import { z } from "zod";
import { CRITERION_KEY_MAX, CRITERION_KEY_PATTERN, criterionLabel, suggestedKey } from "./keys";

// Criterion kinds and their kind-specific settings (Criterion.config). The
// same schemas validate the editor's input and, on the review side, the
// stored config before a form is built from it.

export const CRITERION_KINDS = ["LIKERT", "BINARY", "CATEGORICAL", "PREFERENCE", "RANKING", "FACTUALITY", "SCORE"] as const;
export type CriterionKindName = (typeof CRITERION_KINDS)[number];

/** Kinds judged once per output; PREFERENCE is judged per pair, RANKING per task. */
export const POINTWISE_KINDS: readonly CriterionKindName[] = ["LIKERT", "BINARY", "CATEGORICAL", "FACTUALITY"];

export const KIND_LABELS: Record<CriterionKindName, string> = {
  LIKERT: "Likert scale",
  BINARY: "Pass / fail",
  CATEGORICAL: "Categories",
  PREFERENCE: "Preference (A / B / tie / both bad)",
  RANKING: "Ranking",
  FACTUALITY: "Factuality (correct / incorrect / not attempted)",
  SCORE: "Score (real number on a range)",
};

export const FACTUALITY_OPTIONS = ["correct", "incorrect", "not_attempted"] as const;
export const PREFERENCE_CATEGORIES = ["A", "B", "TIE", "BOTH_BAD"] as const;

export const likertConfigSchema = z
  .object({
    min: z.number().int().min(0, "The lowest level is 0 or more.").max(10),
    max: z.number().int().min(1).max(10, "At most 10 levels (digits 0–9 score them)."),
    anchors: z.array(z.string().trim().max(200, "Anchors are at most 200 characters.")),
  })
  .refine((c) => c.max > c.min, { message: "max must be greater than min.", path: ["max"] })
  .refine((c) => c.max - c.min <= 9, { message: "At most 10 levels (digits score them).", path: ["max"] })
  .refine((c) => c.anchors.length === c.max - c.min + 1, { message: "Give one anchor per level (it may be empty).", path: ["anchors"] });

export const categoricalConfigSchema = z.object({
  options: z
    .array(z.string().trim().min(1, "Options cannot be empty.").max(80))
    .min(2, "Give at least two options.")
    .max(9, "At most 9 options (digits 1–9 pick them).")
    .refine((options) => new Set(options).size === options.length, "Options must be different."),
});

const emptyConfigSchema = z.object({}).strip();

export type LikertConfig = z.infer<typeof likertConfigSchema>;
export type CategoricalConfig = z.infer<typeof categoricalConfigSchema>;

export const criterionInputSchema = z
  .object({
    key: z
      .string()
      .trim()
      .min(1, { error: "Key is required: type one (the name has no letter or digit to make it from).", abort: true })
      .max(CRITERION_KEY_MAX, `Key is at most ${CRITERION_KEY_MAX} characters.`)
      .regex(CRITERION_KEY_PATTERN, { error: (issue) => `Key "${String(issue.input)}" may use only lower-case letters, digits and _, and must start with a letter.` }),
    name: z.string().trim().min(1, "Name is required.").max(120),
    description: z.string().trim().max(2000).default(""),
    kind: z.enum(CRITERION_KINDS),
    required: z.boolean().default(true),
    config: z.unknown().default({}),
  })
  .transform((criterion, ctx) => {
    const parsed = parseCriterionConfig(criterion.kind, criterion.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["config", ...issue.path.map((p) => p as string | number)] });
      return z.NEVER;
    }
    return { ...criterion, config: parsed.data as Record<string, unknown> };
  });

export type CriterionInput = z.output<typeof criterionInputSchema>;

export function parseCriterionConfig(kind: CriterionKindName, config: unknown) {
  if (kind === "LIKERT") return likertConfigSchema.safeParse(config);
  if (kind === "CATEGORICAL") return categoricalConfigSchema.safeParse(config);
  return emptyConfigSchema.safeParse(config ?? {});
}

export const saveRubricSchema = z
  .object({
    projectId: z.string().min(1),
    /** Absent for a new rubric. */
    rubricId: z.string().min(1).optional(),
    name: z.string().trim().min(1, "Name is required.").max(120),
    criteria: z
      .array(z.custom<RawCriterion>())
      .min(1, "Add at least one criterion.")
      .max(30)
      .transform((raw, ctx) => parseCriteria(raw, ctx)),
  });

/** A criterion as sent: the key may be left blank, and is then made from the name. */
type RawCriterion = Omit<z.input<typeof criterionInputSchema>, "key"> & { key?: string };

/**
 * Parses every criterion and names it in each problem ("Criterion 2 "Tone":
 * give at least two options."), since the editor lists them all together.
 * Blank keys are made from names, unique within the rubric; a key given twice
 * is named with both criteria.
 */
function parseCriteria(raw: RawCriterion[], ctx: z.RefinementCtx): CriterionInput[] {
  const nameOf = (index: number) => (typeof raw[index]?.name === "string" ? raw[index].name : "");
  const keys = raw.map((c) => (typeof c?.key === "string" ? c.key.trim() : ""));
  keys.forEach((key, index) => {
    if (!key) keys[index] = suggestedKey(nameOf(index), keys.filter((other, j) => other && j !== index));
  });
  const parsed: CriterionInput[] = [];
  const firstWithKey = new Map<string, number>();
  raw.forEach((c, index) => {
    const label = criterionLabel(index, nameOf(index));
    const key = keys[index]!;
    const first = firstWithKey.get(key);
    if (first !== undefined) ctx.addIssue({ code: "custom", message: `${label}: key "${key}" is already used by ${lowerFirst(criterionLabel(first, nameOf(first)))}.`, path: [index, "key"] });
    else if (key) firstWithKey.set(key, index);
    const result = criterionInputSchema.safeParse(c && typeof c === "object" ? { ...c, key } : c);
    if (result.success) {
      parsed.push(result.data);
      return;
    }
    // No name, no key: the missing name is the whole story.
    const unnamed = !key && !nameOf(index).trim();
    for (const issue of result.error.issues) {
      if (unnamed && issue.path[0] === "key") continue;
      ctx.addIssue({ code: "custom", message: `${label}: ${lowerFirst(issue.message)}`, path: [index, ...issue.path.map((p) => p as string | number)] });
    }
  });
  return parsed;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export type SaveRubricInput = z.input<typeof saveRubricSchema>;
