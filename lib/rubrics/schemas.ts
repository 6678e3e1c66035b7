import { z } from "zod";

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
      .min(1, "Key is required.")
      .max(60)
      .regex(/^[a-z][a-z0-9_]*$/, "Key: lower-case letters, digits and _ , starting with a letter."),
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
    criteria: z.array(criterionInputSchema).min(1, "Add at least one criterion.").max(30),
  })
  .superRefine((rubric, ctx) => {
    const seen = new Set<string>();
    rubric.criteria.forEach((criterion, index) => {
      if (seen.has(criterion.key)) ctx.addIssue({ code: "custom", message: `Key "${criterion.key}" is used twice.`, path: ["criteria", index, "key"] });
      seen.add(criterion.key);
    });
  });

export type SaveRubricInput = z.input<typeof saveRubricSchema>;
