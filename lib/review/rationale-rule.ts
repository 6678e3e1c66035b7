import { z } from "zod";
import type { Answers, CriterionSpec } from "./fields";

// When a setup asks reviewers to say why: for chosen criteria always, and/or
// whenever an answer sits at an end of its scale (the lowest or highest
// Likert level, the range's ends of a score). Pure and shared: the review
// screen checks it before sending, the server refuses a label that breaks it
// (lib/review/queue.ts), both with the same words.

export const rationaleRuleSchema = z.object({
  /** Criterion keys whose answer always needs a rationale. */
  criterionKeys: z.array(z.string().max(60)).max(30).default([]),
  /** Any answer at the lowest or highest point of its scale needs a rationale. */
  atScaleEnds: z.boolean().default(false),
});
export type RationaleRule = z.output<typeof rationaleRuleSchema>;
export const NO_RATIONALE_RULE: RationaleRule = { criterionKeys: [], atScaleEnds: false };

/** A stored rule (ReviewSetup.rationaleRule), read leniently: anything unreadable asks for nothing. */
export function readRationaleRule(raw: unknown): RationaleRule {
  const parsed = rationaleRuleSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : NO_RATIONALE_RULE;
}

type RuleField = { id: string; criterion: Pick<CriterionSpec, "key" | "kind" | "config" | "name">; outputId?: string | null };
export type RationaleDemand<F extends RuleField = RuleField> = { field: F; reason: "criterion" | "scale-end"; value?: number };

/** The ends of a criterion's scale, for kinds answered on one (Likert levels, score ranges). */
function scaleEnds(criterion: RuleField["criterion"]): { min: number; max: number } | null {
  if (criterion.kind !== "LIKERT" && criterion.kind !== "SCORE") return null;
  const config = (criterion.config ?? {}) as { min?: unknown; max?: unknown };
  return typeof config.min === "number" && typeof config.max === "number" ? { min: config.min, max: config.max } : null;
}

/** The first answered field that makes a rationale necessary under the rule, or null. */
export function rationaleDemand<F extends RuleField>(rule: RationaleRule, fields: F[], answers: Answers): RationaleDemand<F> | null {
  for (const field of fields) {
    const answer = answers[field.id];
    if (!answer) continue;
    if (rule.criterionKeys.includes(field.criterion.key)) return { field, reason: "criterion" };
    if (!rule.atScaleEnds || answer.kind !== "score") continue;
    const ends = scaleEnds(field.criterion);
    if (ends && (answer.value === ends.min || answer.value === ends.max)) return { field, reason: "scale-end", value: answer.value };
  }
  return null;
}

/** Plain words naming the criterion (never its id) and what to do. */
export function rationaleMessage(demand: RationaleDemand, title: string) {
  return demand.reason === "criterion"
    ? `This setup asks for a rationale with every answer to "${title}": write why in the rationale box, then submit.`
    : `"${title}" is answered at the end of its scale (${demand.value}): this setup asks you to say why in the rationale box, then submit.`;
}
