import { z } from "zod";
import { DEMO_MODEL_ID, demoModelAnswer } from "./demo-model";

// The OpenAI wire format around the demo model, shared by the app's own
// /api/demo-model/v1 routes and the test suite's local server
// (lib/llm/test/fake-openai-server.ts), so both answer exactly alike.
// Only what the judge runner sends is understood; no streaming.

const messageSchema = z.object({
  role: z.enum(["system", "developer", "user", "assistant"]),
  // Content parts ([{ type: "text", text }]) are joined: the demo model reads text only.
  content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]).nullable(),
});

const chatBodySchema = z.object({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  temperature: z.number().min(0).max(2).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  seed: z.number().int().nullish(),
  stream: z.boolean().nullish(),
  response_format: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        json_schema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }),
      }),
    ])
    .nullish(),
});

export type WireResponse = { status: number; body: unknown };

export const openAIError = (status: number, message: string, type: string, code: string | null = null): WireResponse => ({
  status,
  body: { error: { message, type, param: null, code } },
});

/** A rough token count (≈ 4 characters a token): enough for usage and cost figures of a toy. */
export const approxTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

let sequence = 0;

/** Answers one POST /v1/chat/completions body as OpenAI would, with the demo model. */
export function answerChatCompletion(body: unknown, models: readonly string[] = [DEMO_MODEL_ID]): WireResponse {
  const parsed = chatBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return openAIError(400, `Invalid request: ${issue.path.join(".") || "body"}: ${issue.message}`, "invalid_request_error");
  }
  const request = parsed.data;
  if (!models.includes(request.model)) {
    return openAIError(404, `The model \`${request.model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
  }
  if (request.stream) return openAIError(400, "Streaming is not supported by this server.", "invalid_request_error");
  const messages = request.messages.map((m) => ({
    role: m.role === "developer" ? ("system" as const) : m.role,
    content: typeof m.content === "string" ? m.content : (m.content ?? []).map((part) => part.text ?? "").join(""),
  }));
  const format = request.response_format;
  const answerSchema =
    format?.type === "json_schema" && format.json_schema.schema ? { name: format.json_schema.name, schema: format.json_schema.schema } : undefined;
  let text = demoModelAnswer(messages, answerSchema, { json: format?.type === "json_object" || format?.type === "json_schema" });
  const limit = request.max_completion_tokens ?? request.max_tokens;
  let finishReason = "stop";
  // Cut like a real model at the token limit, but never inside JSON (a broken answer would be a fault of its own).
  if (limit && !format?.type.startsWith("json") && approxTokens(text) > limit) {
    text = text.slice(0, limit * 4);
    finishReason = "length";
  }
  const promptTokens = messages.reduce((sum, m) => sum + approxTokens(m.content) + 4, 0);
  const completionTokens = approxTokens(text);
  return {
    status: 200,
    body: {
      id: `chatcmpl-demo-${(++sequence).toString(36)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      system_fingerprint: "touchstone-demo",
      choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    },
  };
}

/** GET /v1/models as OpenAI answers it. */
export function listModels(models: readonly string[] = [DEMO_MODEL_ID]): WireResponse {
  return {
    status: 200,
    body: { object: "list", data: models.map((id) => ({ id, object: "model", created: 1764806400, owned_by: "touchstone" })) },
  };
}
