import { z } from "zod";

// Inputs of the calibrated estimates (REST API, screen, budget plans), one
// schema per boundary; messages name the parameter in plain words.

const ref = (field: string) => z.string().trim().min(1, `${field} is required.`).max(200, `${field} is too long.`);

export const ESTIMATORS = ["ppi", "classical", "judge"] as const;
export type Estimator = (typeof ESTIMATORS)[number];

export const estimatesQuerySchema = z.object({
  /** Run id or name. */
  run: ref("run"),
  /** Criterion key: a pointwise criterion with a pass rule, or a PREFERENCE criterion (a win rate, with `against`). */
  criterion: ref("criterion"),
  /** The other run of a win rate (PREFERENCE criteria): id or name. */
  against: ref("against").optional(),
  /** An item tag: only items carrying it (the slice notion of run comparison). */
  slice: z.string().trim().min(1, "slice must not be empty.").max(200, "slice is too long.").optional(),
  /** Which figure is the headline (`estimate`); all three are returned anyway. */
  estimator: z.enum(ESTIMATORS, { message: "estimator is ppi, classical or judge." }).default("ppi"),
  /** Judge id, or name with optional "@promptVersion" (pointwise; pairwise for a win rate); default: the judge with most scores on the run and criterion. */
  judge: ref("judge").optional(),
  /**
   * A review setup (id or name) whose tasks recorded inclusion probabilities:
   * only its labelled units count as the expert sample, each weighted by 1/p.
   * Without it every expert-labelled unit counts, as a uniform sample.
   */
  setup: ref("setup").optional(),
});
export type EstimatesQuery = z.output<typeof estimatesQuerySchema>;

/** The screen's filters (everything optional: sensible defaults are chosen and stated). */
export const estimatesPageSchema = z.object({
  judge: ref("judge").optional(),
  setup: ref("setup").optional(),
  slice: z.string().trim().min(1).max(200).optional(),
  datasetVersion: ref("datasetVersion").optional(),
});

/** A budget plan a lead saves: predicted labels for a target half-width, compared later with what was achieved. */
export const saveBudgetPlanSchema = z.object({
  projectId: ref("projectId"),
  runId: ref("runId"),
  criterionKey: ref("criterionKey"),
  judgeId: ref("judgeId"),
  slice: z.string().trim().max(200, "slice is too long.").default(""),
  setupId: z.string().trim().max(200).optional(),
  targetHalfWidth: z.coerce.number({ message: "The target ± must be a number." }).positive("The target ± must be above 0.").max(1_000_000, "The target ± is too large."),
});
export type SaveBudgetPlanInput = z.output<typeof saveBudgetPlanSchema>;
