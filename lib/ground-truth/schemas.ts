import { z } from "zod";

export const GROUND_TRUTH_STATUSES = ["AGREED", "ADJUDICATED", "CONTESTED"] as const;

// The lead's decision on one unit. value/category are checked against the
// criterion's declared scale in the action (it needs the criterion).
export const adjudicateSchema = z
  .object({
    projectId: z.string().min(1),
    criterionKey: z.string().trim().min(1, "criterionKey is required.").max(60),
    targetKey: z
      .string()
      .trim()
      .min(1, "targetKey is required.")
      .max(200)
      .regex(/^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)?$/, "targetKey is an output id or \"<outputA>:<outputB>\"."),
    status: z.enum(GROUND_TRUTH_STATUSES, { message: "status is AGREED, ADJUDICATED or CONTESTED." }),
    value: z.number().finite().nullable().default(null),
    category: z.string().trim().min(1).max(80).nullable().default(null),
    note: z.string().trim().max(2000, "The note is at most 2000 characters.").default(""),
  })
  .refine((input) => input.status === "CONTESTED" || input.value !== null || input.category !== null, {
    message: "Give the label the unit should have (or mark it contested).",
    path: ["value"],
  });

export type AdjudicateInput = z.input<typeof adjudicateSchema>;
