import type { CriterionKindName } from "@/lib/rubrics/kinds";

// The criterion a judge scores, as prompts and answers need it: one rubric
// version's Criterion row (its config parsed through lib/rubrics/kinds.ts).

export type JudgedCriterion = {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: CriterionKindName;
  config: unknown;
};

/** POINTWISE scores one output, PAIRWISE compares two (Prisma's JudgeMode). */
export type JudgeModeName = "POINTWISE" | "PAIRWISE";

/** Which output the prompt showed first: AB = canonical A first. */
export type ShownOrderName = "AB" | "BA";
