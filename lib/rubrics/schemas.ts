import { z } from "zod";
import { CRITERION_KEY_MAX, CRITERION_KEY_PATTERN, criterionLabel, suggestedKey } from "./keys";
import { COMPARABLE_KINDS, criterionConfigInputSchema, KIND_LABELS, PAIRWISE_SCOPES } from "./kinds";

// A rubric as the editor and the API send it. Each criterion's kind and its
// settings are one discriminated union declared by the criterion-kind registry
// (./kinds.ts), which also owns the kind list, labels and config parsing.

const criterionFieldsSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1, { error: "Key is required: type one (the name has no letter or digit to make it from).", abort: true })
    .max(CRITERION_KEY_MAX, `Key is at most ${CRITERION_KEY_MAX} characters.`)
    .regex(CRITERION_KEY_PATTERN, { error: (issue) => `Key "${String(issue.input)}" may use only lower-case letters, digits and _, and must start with a letter.` }),
  name: z.string().trim().min(1, "Name is required.").max(120),
  description: z.string().trim().max(2000).default(""),
  required: z.boolean().default(true),
  /** In a pairwise task: asked of each output (default) or once of the comparison. Ignored in other modes. */
  pairwiseScope: z.enum(PAIRWISE_SCOPES, { error: "pairwiseScope is EACH_OUTPUT (ask it of each output) or COMPARISON (once, about the comparison)." }).default("EACH_OUTPUT"),
});

/** Once of the comparison only for kinds whose answer names no output (a preference or ranking is about the comparison already). */
function scopeFitsKind(criterion: { kind: string; pairwiseScope: string }, ctx: z.RefinementCtx) {
  if (criterion.pairwiseScope !== "COMPARISON" || (COMPARABLE_KINDS as readonly string[]).includes(criterion.kind)) return;
  const kinds = COMPARABLE_KINDS.map((kind) => KIND_LABELS[kind]).join(", ");
  ctx.addIssue({ code: "custom", path: ["pairwiseScope"], message: `Only these kinds can be asked once of the comparison: ${kinds}. Ask this one of each output.` });
}

// A missing config is parsed as {}, so a kind whose settings are required still says which ones are missing.
const withConfigObject = (criterion: unknown) => (criterion && typeof criterion === "object" ? { ...criterion, config: (criterion as { config?: unknown }).config ?? {} } : criterion);

export const criterionInputSchema = z.preprocess(
  withConfigObject,
  criterionFieldsSchema
    .and(criterionConfigInputSchema)
    .superRefine(scopeFitsKind)
    .transform((criterion) => ({ ...criterion, config: criterion.config as Record<string, unknown> })),
);

export type CriterionInput = z.output<typeof criterionInputSchema>;
export const saveRubricSchema = z
  .object({
    projectId: z.string().min(1),
    /** Absent for a new rubric. */
    rubricId: z.string().min(1).optional(),
    name: z.string().trim().min(1, "Name is required.").max(120),
    /** Guidelines for reviewers (markdown), shown on the review screen with G; left out = kept as they are. */
    instructions: z.string().max(20_000, "Guidelines are at most 20,000 characters.").optional(),
    criteria: z
      .array(z.custom<RawCriterion>())
      .min(1, "Add at least one criterion.")
      .max(30)
      .transform((raw, ctx) => parseCriteria(raw, ctx)),
  });

/** A criterion as sent: the key may be left blank, and is then made from the name. */
type RawCriterion = { key?: string; name?: string; description?: string; kind?: string; required?: boolean; pairwiseScope?: string; config?: unknown };

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
