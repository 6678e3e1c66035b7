import { z } from "zod";

// A planned call as stored in "JudgeCall".spec and read back by the worker:
// checked on the way in (createJudgeRunFromSpecs) and on the way out, since
// the row outlives the code that wrote it.

const messageSchema = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });

export const storedCallSpecSchema = z.object({
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("pointwise"), outputId: z.string().min(1), criterionId: z.string().min(1) }),
    z.object({
      kind: z.literal("pairwise"),
      itemId: z.string().min(1),
      criterionId: z.string().min(1),
      outputAId: z.string().min(1),
      outputBId: z.string().min(1),
      shownOrder: z.enum(["AB", "BA"]),
    }),
  ]),
  messages: z.array(messageSchema).min(1, "a call needs at least one message"),
  params: z.object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
  }),
  answerSchema: z.object({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()) }).optional(),
});

export const callSpecSchema = storedCallSpecSchema.extend({ key: z.string().min(1).max(500) });

export type StoredCallSpec = z.infer<typeof storedCallSpecSchema>;
