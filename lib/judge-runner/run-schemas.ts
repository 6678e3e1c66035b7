import { z } from "zod";

// Inputs of the judge run actions (run-actions.ts), kept apart because a
// "use server" file may export only async functions.

export const judgeRunRefSchema = z.object({
  projectId: z.string().min(1),
  runId: z.string().min(1, "runId is required."),
});

/** The judge-runs list's query string: `rule` lists that evaluation rule's online batches; anything malformed is dropped. */
export const judgeRunsListSchema = z.object({
  rule: z.string().trim().min(1).max(100).optional().catch(undefined),
});
