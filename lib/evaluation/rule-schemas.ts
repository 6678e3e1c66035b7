import { z } from "zod";

// Evaluation rules at the boundary (server actions, REST). Kept apart from
// the "use server" file, which may export only async functions.

const listOf = (what: string) =>
  z
    .array(z.string().trim().min(1, `An empty ${what} cannot match anything.`).max(200, `A ${what} is at most 200 characters.`))
    .max(50, `At most 50 ${what}s.`)
    .describe(`Only traffic with one of these ${what}s; empty = any.`);

// Without defaults: a PATCH must leave out what it does not change.
const fields = {
  name: z.string().trim().min(1, "Give the rule a name.").max(100, "The name is at most 100 characters."),
  judgeId: z.string().min(1, "Choose a judge version.").describe("A pointwise judge version defined in Touchstone (it has an LLM connection)."),
  samplingRate: z.number({ error: "The sampling rate must be a number." }).gt(0, "The sampling rate must be above 0.").max(1, "The sampling rate is at most 1 (all matching traffic).")
    .describe("Share of matching traffic judged, 0 < rate ≤ 1."),
  segments: listOf("segment"),
  models: listOf("model"),
  appVersions: listOf("app version"),
  metadataFilter: z
    .record(z.string().trim().min(1, "A metadata key cannot be empty.").max(200), z.union([z.string().max(500), z.number(), z.boolean()]))
    .refine((value) => Object.keys(value).length <= 20, "At most 20 metadata conditions.")
    .describe("Traffic whose metadata holds every one of these key = value pairs; empty = any."),
  dailyCostCapUsd: z.number({ error: "The daily cap must be a number of USD." }).positive("The daily cap must be above 0 USD, or left empty for none.").max(1_000_000).nullable()
    .describe("Most this rule may spend per UTC day (estimate before sending); null = no cap. Needs a connection with prices."),
  enabled: z.boolean(),
};

export const ruleFieldsSchema = z.object({
  ...fields,
  segments: fields.segments.default([]),
  models: fields.models.default([]),
  appVersions: fields.appVersions.default([]),
  metadataFilter: fields.metadataFilter.default({}),
  dailyCostCapUsd: fields.dailyCostCapUsd.default(null),
  enabled: fields.enabled.default(true),
});

export const createRuleSchema = ruleFieldsSchema;
export const updateRuleSchema = z.object(fields).partial();

export const createRuleActionSchema = createRuleSchema.extend({ projectId: z.string().min(1) });
export const updateRuleActionSchema = updateRuleSchema.extend({ projectId: z.string().min(1), ruleId: z.string().min(1, "Which rule?") });
export const ruleRefSchema = z.object({ projectId: z.string().min(1), ruleId: z.string().min(1, "Which rule?") });

export type RuleFields = z.output<typeof ruleFieldsSchema>;

/** "a, b , c" → ["a", "b", "c"] (the form's list fields). */
export function splitList(text: string): string[] {
  return text.split(",").map((part) => part.trim()).filter(Boolean);
}

/** "locale=fr\ntier=pro" → { locale: "fr", tier: "pro" }; a line without "=" is reported by its number. */
export function parseMetadataLines(text: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0) return { ok: false, message: `Metadata line ${index + 1}: write key=value.` };
    value[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { ok: true, value };
}
