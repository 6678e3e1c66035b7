import { z } from "zod";

// Inputs of the judge run actions (run-actions.ts), kept apart because a
// "use server" file may export only async functions.

export const judgeRunRefSchema = z.object({
  projectId: z.string().min(1),
  runId: z.string().min(1, "runId is required."),
});
