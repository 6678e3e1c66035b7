// The one shape every chat model speaks inside Touchstone: the OpenAI-compatible
// client (lib/llm/client.ts), the app's deterministic demo model and the test
// suite's local OpenAI-compatible server all take a ChatRequest and give a
// ChatResult or throw an LlmCallError.

export type ChatRole = "system" | "user" | "assistant";

export type ChatMessage = { role: ChatRole; content: string };

export type ChatParams = { temperature?: number; maxTokens?: number; seed?: number };

/** A JSON schema the answer must follow (response_format json_schema when the connection allows it). */
export type AnswerSchema = { name: string; schema: Record<string, unknown> };

/**
 * Holds a request until it may go out: the model calls it with `send`, which
 * puts the request on the wire and settles once the whole answer is in (or
 * the request failed). The judge worker's concurrency slots cover exactly that
 * span (lib/judge-runner/worker/limiter.ts), not the SDK's work around it.
 */
export type WireGate = <T>(send: () => Promise<T>) => Promise<T>;

export type ChatRequest = {
  messages: ChatMessage[];
  params: ChatParams;
  answerSchema?: AnswerSchema;
  // With a gate, counted from when the gate lets the request go.
  timeoutMs?: number;
  signal?: AbortSignal;
  gate?: WireGate;
};

export type TokenUsage = { inputTokens: number; outputTokens: number };

export type ChatResult = { text: string; usage: TokenUsage; model: string };

/**
 * Why a call failed, in the terms the queue acts on: "retryable" (429, 5xx,
 * timeouts, dropped connections: back off, honouring retryAfterMs) or "fatal"
 * (bad key, unknown model, other 4xx: retrying cannot fix it, so the whole
 * judge run stops with this message).
 */
export class LlmCallError extends Error {
  constructor(
    message: string,
    readonly kind: "retryable" | "fatal",
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "LlmCallError";
  }
}

export interface ChatModel {
  complete(request: ChatRequest): Promise<ChatResult>;
}
