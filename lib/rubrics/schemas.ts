import { z } from "zod";
import { criterionConfigInputSchema } from "./kinds";

// A rubric as the editor and the API send it. Each criterion's kind and its
// settings are one discriminated union declared by the criterion-kind registry
// (./kinds.ts), which also owns the kind list, labels and config parsing.

const criterionFieldsSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1, "Key is required.")
    .max(60)
    .regex(/^[a-z][a-z0-9_]*$/, "Key: lower-case letters, digits and _ , starting with a letter."),
  name: z.string().trim().min(1, "Name is required.").max(120),
  description: z.string().trim().max(2000).default(""),
  required: z.boolean().default(true),
});

// A missing config is parsed as {}, so a kind whose settings are required still says which ones are missing.
const withConfigObject = (criterion: unknown) => (criterion && typeof criterion === "object" ? { ...criterion, config: (criterion as { config?: unknown }).config ?? {} } : criterion);

export const criterionInputSchema = z.preprocess(
  withConfigObject,
  criterionFieldsSchema.and(criterionConfigInputSchema).transform((criterion) => ({ ...criterion, config: criterion.config as Record<string, unknown> })),
);

export type CriterionInput = z.output<typeof criterionInputSchema>;
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
