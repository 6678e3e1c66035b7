import { z } from "zod";
import { MAX_INT4 } from "@/lib/imports/schemas";

// What production traffic looks like when it arrives (REST rows; OTLP spans
// are turned into the same shape by otlp.ts) and the project's traffic
// settings. One schema validates, normalises (message parts → text, context
// strings → documents) and documents the endpoint in OpenAPI.

export const MAX_TEXT = 200_000;
/** A batch is one statement and one transaction: small enough to stay short. */
export const MAX_TRAFFIC_BATCH = 1000;

const text = (field: string, max = MAX_TEXT) => z.string({ error: `${field} must be text.` }).max(max, `${field} is longer than ${max.toLocaleString("en")} characters.`);
const count = (field: string) =>
  z
    .number({ error: `${field} must be a whole number ≥ 0.` })
    .int(`${field} must be a whole number ≥ 0.`)
    .min(0, `${field} must be a whole number ≥ 0.`)
    .max(MAX_INT4, `${field} must be at most ${MAX_INT4.toLocaleString("en")}.`);

// OpenAI content parts: text parts are kept, others (images, audio) are named
// in brackets so a reviewer sees that something was there.
const contentPartSchema = z
  .object({ type: z.string().max(100), text: text("text").optional() })
  .loose()
  .transform((part) => (part.type === "text" || part.text !== undefined ? (part.text ?? "") : `[${part.type}]`));

export const trafficContentSchema = z
  .union([text("content"), z.array(contentPartSchema).max(1000), z.null()], { error: "content must be text, a list of content parts ({ type, text }) or null." })
  .transform((content) => (Array.isArray(content) ? content.join("\n") : (content ?? "")));

const toolCallSchema = z
  .object({
    id: text("id", 200).optional(),
    // OpenAI's shape { function: { name, arguments } } or a flat { name, arguments }.
    function: z.object({ name: text("name", 500), arguments: z.unknown().optional() }).optional(),
    name: text("name", 500).optional(),
    arguments: z.unknown().optional(),
    result: z.unknown().optional(),
  })
  .transform((call) => ({
    type: "tool" as const,
    name: call.function?.name ?? call.name ?? "tool",
    input: call.function?.arguments ?? call.arguments ?? null,
    output: call.result ?? null,
  }));

export const trafficMessageSchema = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant", "tool"], { error: "role must be system, developer, user, assistant or tool." }),
    content: trafficContentSchema.optional(),
    name: text("name", 200).optional(),
    tool_calls: z.array(toolCallSchema).max(100).optional(),
    tool_call_id: text("tool_call_id", 200).optional(),
  })
  .transform((message) => {
    const calls = message.tool_calls?.map((call) => `${call.name}(${typeof call.input === "string" ? call.input : JSON.stringify(call.input)})`);
    const content = [message.content ?? "", ...(calls ?? [])].filter(Boolean).join("\n");
    return { role: message.role === "developer" ? "system" : message.role, content };
  });

const contextSchema = z
  .union([text("context"), z.object({ id: text("id", 200).optional(), title: text("title", 1000).optional(), content: text("content") })], {
    error: "Each context document is text or { id?, title?, content }.",
  })
  .transform((doc) => (typeof doc === "string" ? { content: doc } : doc));

const metadataValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()], { error: "Metadata values are text, numbers, true/false or null." });

export const trafficRowSchema = z.object({
  id: z
    .union([z.string(), z.number()], { error: "Required: id, your id for this answer (text or number)." })
    .transform(String)
    .pipe(z.string().trim().min(1, "id cannot be empty.").max(200, "id has at most 200 characters.")),
  timestamp: z
    .string({ error: "Required: timestamp, when the answer was given (ISO 8601)." })
    .refine((v) => Number.isFinite(Date.parse(v)), "timestamp must be a date and time (ISO 8601)."),
  messages: z.array(trafficMessageSchema, { error: "messages must be a list of { role, content } (OpenAI chat form)." }).max(1000).default([]),
  answer: trafficContentSchema.optional(),
  context: z.array(contextSchema).max(1000).optional(),
  toolCalls: z.array(toolCallSchema).max(1000).optional(),
  model: text("model", 200).optional(),
  appVersion: text("appVersion", 200).optional(),
  segment: text("segment", 200).optional().describe("User segment; metadata.segment is used when absent."),
  latencyMs: z.number({ error: "latencyMs must be a number of milliseconds ≥ 0." }).finite().min(0, "latencyMs must be ≥ 0.").optional(),
  inputTokens: count("inputTokens").optional(),
  outputTokens: count("outputTokens").optional(),
  costUsd: z.number({ error: "costUsd must be a number ≥ 0." }).finite().min(0, "costUsd must be ≥ 0.").optional(),
  metadata: z.record(z.string().max(200), metadataValue).default({}),
});
export type TrafficRowInput = z.input<typeof trafficRowSchema>;

/** One traffic row ready to mask and store: the REST row after zod, or an OTLP span after otlp.ts. */
export type TrafficRow = {
  callerId: string;
  occurredAt: Date;
  traceId: string | null;
  messages: { role: string; content: string }[];
  answer: string | null;
  context: { id?: string; title?: string; content: string }[] | null;
  toolCalls: { type: "tool"; name: string; input: unknown; output: unknown }[] | null;
  model: string | null;
  appVersion: string | null;
  segment: string | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  metadata: Record<string, string | number | boolean | null>;
};

export function rowFromInput(row: z.output<typeof trafficRowSchema>): TrafficRow {
  const segment = row.segment ?? (typeof row.metadata.segment === "string" ? row.metadata.segment : undefined);
  return {
    callerId: row.id,
    occurredAt: new Date(row.timestamp),
    traceId: null,
    messages: row.messages,
    answer: row.answer ?? null,
    context: row.context ?? null,
    toolCalls: row.toolCalls ?? null,
    model: row.model ?? null,
    appVersion: row.appVersion ?? null,
    segment: segment ?? null,
    latencyMs: row.latencyMs ?? null,
    inputTokens: row.inputTokens ?? null,
    outputTokens: row.outputTokens ?? null,
    costUsd: row.costUsd ?? null,
    metadata: row.metadata,
  };
}

export const trafficBatchSchema = z.object({
  rows: z.array(z.unknown(), { error: "Body must be { rows: [...] }." }).min(1, "rows is empty: send at least one row.").max(MAX_TRAFFIC_BATCH, `At most ${MAX_TRAFFIC_BATCH} rows per batch.`),
});

export const trafficIngestResultSchema = z.object({
  received: z.number().int().describe("Rows in the batch."),
  inserted: z.number().int().describe("Rows stored by this request."),
  alreadyStored: z.number().int().describe("Rows already stored by an earlier request with the same id and timestamp (nothing changed)."),
});
export type TrafficIngestResult = z.infer<typeof trafficIngestResultSchema>;

// ───────────── settings ─────────────

export const MAX_MASKING_RULES = 50;

export const maskingRuleSchema = z.object({
  pattern: z.string().min(1, "The pattern is empty.").max(500, "A pattern has at most 500 characters."),
  flags: z
    .string()
    .regex(/^[imsu]*$/, "Flags may be i (ignore case), m (multi-line), s (dot matches newline) and u (Unicode).")
    .default(""),
  replacement: z.string().max(200, "A replacement has at most 200 characters.").default("[masked]"),
});
export type MaskingRule = z.output<typeof maskingRuleSchema>;

export const trafficSettingsSchema = z.object({
  projectId: z.string().min(1),
  retentionDays: z.coerce.number().int("Retention is a whole number of days.").min(1, "Traffic is kept at least 1 day.").max(3650, "Traffic is kept at most 3650 days."),
  maskingRules: z.array(maskingRuleSchema).max(MAX_MASKING_RULES, `At most ${MAX_MASKING_RULES} masking rules.`),
});

export const DEFAULT_RETENTION_DAYS = 30;
