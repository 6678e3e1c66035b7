import { z } from "zod";

// The connection form as the browser sends it (every field a string or a
// checkbox), checked once here for the actions. Empty optional fields mean
// "none" (no price, no limit); the API key is write-only: empty keeps the
// stored one, clearKey removes it.

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalNumber = (schema: z.ZodNumber) => z.preprocess(blank, z.coerce.number({ error: "Enter a number." }).pipe(schema).optional());
const numberWithDefault = (schema: z.ZodNumber, fallback: number) => z.preprocess(blank, z.coerce.number({ error: "Enter a number." }).pipe(schema).default(fallback));

// An http(s) URL, or a path on this app ("/api/demo-model/v1").
const baseUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.")
  .max(500, "At most 500 characters.")
  .refine((text) => {
    if (text.startsWith("/")) return /^\/[\w\-./]*$/.test(text);
    try {
      return ["http:", "https:"].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, "The base URL must start with http:// or https:// (or be a path on this app such as /api/demo-model/v1).");

export const connectionFieldsSchema = z.object({
  name: z.string().trim().min(1, "Give the connection a name, e.g. “OpenAI gpt-4o-mini”.").max(100, "At most 100 characters."),
  baseUrl: baseUrlSchema,
  apiKey: z.string().trim().max(1000, "That API key is too long (at most 1000 characters).").optional(),
  clearKey: z.boolean().default(false),
  model: z.string().trim().min(1, "Enter the model name the provider expects, e.g. gpt-4o-mini or llama3.1:8b.").max(200, "At most 200 characters."),
  temperature: optionalNumber(z.number().min(0, "Temperature is between 0 and 2.").max(2, "Temperature is between 0 and 2.")),
  maxTokens: optionalNumber(z.number().int("Max tokens is a whole number.").min(1, "Max tokens is at least 1.").max(1_000_000, "Max tokens is at most 1,000,000.")),
  seed: optionalNumber(z.number().int("The seed is a whole number.")),
  inputPricePerMTok: optionalNumber(z.number().min(0, "A price cannot be negative.").max(10_000, "That price is implausibly high (USD per million tokens).")),
  outputPricePerMTok: optionalNumber(z.number().min(0, "A price cannot be negative.").max(10_000, "That price is implausibly high (USD per million tokens).")),
  maxConcurrency: numberWithDefault(z.number().int("Max concurrency is a whole number.").min(1, "Max concurrency is at least 1.").max(1000, "Max concurrency is at most 1000."), 8),
  requestsPerMinute: optionalNumber(z.number().int("Requests per minute is a whole number.").min(1, "Requests per minute is at least 1.")),
  tokensPerMinute: optionalNumber(z.number().int("Tokens per minute is a whole number.").min(1, "Tokens per minute is at least 1.")),
  timeoutSeconds: numberWithDefault(z.number().min(1, "The timeout is at least 1 second.").max(600, "The timeout is at most 600 seconds."), 60),
  structuredOutput: z.boolean().default(true),
});

export type ConnectionFields = z.output<typeof connectionFieldsSchema>;
export type ConnectionFormInput = z.input<typeof connectionFieldsSchema>;

const ids = { projectId: z.string().min(1) };
const connectionId = z.string().min(1, "connectionId is required.");

export const createConnectionSchema = connectionFieldsSchema.extend(ids);
export const updateConnectionSchema = connectionFieldsSchema.extend({ ...ids, connectionId });
export const deleteConnectionSchema = z.object({ ...ids, connectionId });
// Tests the form as it stands (saved or not); with connectionId and no new key, the stored key is used.
export const testConnectionSchema = connectionFieldsSchema.extend({ ...ids, connectionId: connectionId.optional() });

/** The stored defaultParams JSON, read defensively (rows written by older versions or by hand). */
export const defaultParamsSchema = z
  .object({ temperature: z.number().optional(), maxTokens: z.number().int().optional(), seed: z.number().int().optional() })
  .catch({});
