import { z } from "zod";

// zod schemas of the judge definitions' inputs and of the JSON columns a
// judge version stores (Judge.template, Judge.params).

export const judgeTemplateSchema = z.object({
  system: z.string().max(20_000, "The system prompt is at most 20,000 characters."),
  user: z.string().min(1, "The user prompt cannot be empty.").max(50_000, "The user prompt is at most 50,000 characters."),
});

/** Call parameters a version sets over its connection's defaults. */
export const chatParamsSchema = z
  .object({
    temperature: z.number({ error: "temperature must be a number." }).min(0, "temperature is 0 or more.").max(2, "temperature is at most 2.").optional(),
    maxTokens: z.int({ error: "maxTokens must be a whole number." }).min(1, "maxTokens is at least 1.").max(200_000).optional(),
    seed: z.int({ error: "seed must be a whole number." }).optional(),
  })
  .strict();

const name = z.string().trim().min(1, "Give the judge a name.").max(120, "Names are at most 120 characters.");
const id = (what: string) => z.string().min(1, `Choose ${what}.`);

export const createDefinitionSchema = z.object({
  projectId: z.string().min(1),
  name,
  mode: z.enum(["POINTWISE", "PAIRWISE"], { error: "The mode is POINTWISE or PAIRWISE." }),
  rubricId: id("a rubric"),
  criterionKey: id("a criterion"),
  connectionId: id("a model connection"),
});

/** One saved version: everything but the definition's identity. */
export const versionDraftSchema = z.object({
  connectionId: id("a model connection"),
  template: judgeTemplateSchema,
  params: chatParamsSchema.default({}),
  fewShotK: z.int({ error: "The number of examples must be a whole number." }).min(0, "The number of examples is 0 or more.").max(20, "At most 20 examples."),
  bothOrders: z.boolean().default(true),
  swapAverage: z.boolean().default(false),
  changeNote: z.string().trim().max(2000, "The change note is at most 2,000 characters.").default(""),
});

export const saveVersionSchema = versionDraftSchema.extend({ projectId: z.string().min(1), definitionId: id("a judge definition") });

export const previewSchema = z.object({
  projectId: z.string().min(1),
  definitionId: id("a judge definition"),
  draft: versionDraftSchema,
  itemId: id("an item"),
  /** Runs whose outputs on the item are shown (one for pointwise, two for pairwise). */
  runIds: z.array(z.string().min(1)).min(1, "Choose a run.").max(2),
});

export const moveToPoolSchema = z.object({ projectId: z.string().min(1), definitionId: id("a judge definition"), itemId: id("an item") });

export type JudgeTemplateInput = z.infer<typeof judgeTemplateSchema>;
export type VersionDraft = z.infer<typeof versionDraftSchema>;
