import OpenAI from "openai";
import { approxTokens } from "./demo-completions";
import { keepAliveFetch } from "./keep-alive-fetch";
import { LlmCallError, type ChatModel, type ChatParams, type ChatRequest, type ChatResult, type WireGate } from "./types";

// The one ChatModel that talks to a provider: any OpenAI-compatible
// chat-completions endpoint (OpenAI, Azure OpenAI's /openai/v1 endpoint, vLLM,
// Ollama, LiteLLM, OpenRouter, the app's own demo model) through the official
// SDK. The SDK's own retries are off: retrying, backing off and rate limiting
// are the queue's job, which needs each failure classified once, here. One
// client per connection (the worker keeps it), its requests over keep-alive
// sockets (keep-alive-fetch.ts).

/** What a call needs of a connection, with the key already decrypted (lib/llm/connections/resolve.ts). */
export type CallableConnection = {
  baseUrl: string; // absolute (resolveBaseUrl)
  apiKey: string | null;
  model: string;
  defaultParams: ChatParams;
  timeoutMs: number;
  structuredOutput: boolean;
};

// Servers that need no key (Ollama, vLLM without --api-key, the demo model)
// ignore the header, but the SDK refuses to start without one.
const NO_KEY = "no-key";

// A gated request's own options, passed through the SDK to gatedFetch (the
// SDK hands its per-request fetchOptions to fetch as they are).
const GATE = "touchstoneGate";
type GatedInit = RequestInit & { [GATE]?: { gate: WireGate; timeoutMs: number } };
type SdkFetchOptions = NonNullable<NonNullable<Parameters<OpenAI["chat"]["completions"]["create"]>[1]>["fetchOptions"]>;
// The SDK's timer starts before its fetch, so it would count the wait at the
// gate: gated requests get this one and gatedFetch times the wire instead.
const UNTIMED_MS = 2 ** 31 - 1;

/** The transport behind a request's gate, its timeout running from when the gate lets it go. */
function gatedFetch(transport: typeof fetch): typeof fetch {
  return (input, init) => {
    const gated = (init as GatedInit | undefined)?.[GATE];
    if (!gated) return transport(input, init);
    const { [GATE]: _gate, signal, ...rest } = init as GatedInit;
    return gated.gate(() => {
      const controller = new AbortController();
      const abort = () => controller.abort(signal?.reason);
      if (signal?.aborted) abort();
      else signal?.addEventListener("abort", abort, { once: true });
      // "timed out" in the reason is how the SDK tells a timeout from other failures.
      const timer = setTimeout(() => controller.abort(new DOMException("The operation timed out.", "TimeoutError")), gated.timeoutMs);
      return transport(input, { ...rest, signal: controller.signal }).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
      });
    });
  };
}

export function openAIChatModel(connection: CallableConnection): ChatModel {
  const client = new OpenAI({
    apiKey: connection.apiKey || NO_KEY,
    baseURL: connection.baseUrl,
    maxRetries: 0,
    timeout: connection.timeoutMs,
    fetch: gatedFetch(keepAliveFetch()),
  });
  return {
    async complete(request: ChatRequest): Promise<ChatResult> {
      const params = { ...definedOnly(connection.defaultParams), ...definedOnly(request.params) };
      const timeoutMs = Math.max(1, Math.round(request.timeoutMs ?? connection.timeoutMs));
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model: connection.model,
            messages: request.messages,
            ...(params.temperature !== undefined && { temperature: params.temperature }),
            // max_tokens, not max_completion_tokens: vLLM, Ollama and older
            // LiteLLM versions know only this one.
            ...(params.maxTokens !== undefined && { max_tokens: params.maxTokens }),
            ...(params.seed !== undefined && { seed: params.seed }),
            ...(connection.structuredOutput &&
              request.answerSchema && {
                response_format: {
                  type: "json_schema" as const,
                  json_schema: { name: schemaName(request.answerSchema.name), schema: request.answerSchema.schema, strict: true },
                },
              }),
          },
          {
            timeout: request.gate ? UNTIMED_MS : timeoutMs,
            ...(request.signal && { signal: request.signal }),
            ...(request.gate && {
              // The header tells the provider the real timeout, not the SDK's stand-in.
              headers: { "X-Stainless-Timeout": String(Math.trunc(timeoutMs / 1000)) },
              fetchOptions: { [GATE]: { gate: request.gate, timeoutMs } } as SdkFetchOptions,
            }),
          },
        );
      } catch (error) {
        throw classifyError(error, timeoutMs);
      }
      return readCompletion(completion, request, connection.model);
    },
  };
}

function readCompletion(completion: OpenAI.Chat.Completions.ChatCompletion, request: ChatRequest, model: string): ChatResult {
  const message = completion.choices?.[0]?.message;
  if (!message) throw new LlmCallError("The provider's answer had no message in it.", "retryable", 200);
  if (message.refusal) throw new LlmCallError(`The model refused to answer: ${message.refusal}`, "retryable", 200);
  const text = message.content ?? "";
  // A server that reports no usage still costs tokens: estimate rather than count it free.
  const usage = completion.usage
    ? { inputTokens: completion.usage.prompt_tokens ?? 0, outputTokens: completion.usage.completion_tokens ?? 0 }
    : { inputTokens: request.messages.reduce((sum, m) => sum + approxTokens(m.content), 0), outputTokens: approxTokens(text) };
  return { text, usage, model: completion.model || model };
}

const definedOnly = (params: ChatParams): ChatParams =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== null)) as ChatParams;

// OpenAI allows [a-zA-Z0-9_-]{1,64} as a schema name.
const schemaName = (name: string) => name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "answer";

/** Milliseconds to wait from retry-after-ms (OpenAI, Azure) or Retry-After (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get("retry-after-ms"));
  if (headers?.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The provider's own words: the error body's message, else the SDK's. */
function providerMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : error.message.replace(/^\d{3}\s+/, "");
  return text.trim().slice(0, 500) || "no details given";
}

const FATAL_WORDS: Record<number, string> = {
  400: "The provider rejected the request",
  401: "The API key was refused",
  403: "The API key may not use this model or endpoint",
  404: "The model or endpoint was not found (check the model name and the base URL)",
  422: "The provider could not process the request",
};

/** Every failure as an LlmCallError the queue can act on: retry (with the provider's wait) or stop the run. */
export function classifyError(error: unknown, timeoutMs: number): LlmCallError {
  if (error instanceof LlmCallError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new LlmCallError("The call was cancelled.", "retryable");
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmCallError(`The provider did not answer within ${formatSeconds(timeoutMs)}.`, "retryable");
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = (error.cause as { cause?: { code?: string }; message?: string } | undefined) ?? {};
    const detail = cause.cause?.code ?? cause.message ?? error.message;
    return new LlmCallError(`The provider could not be reached (${detail}).`, "retryable");
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const status = error.status;
    const message = providerMessage(error);
    if (status === 429) {
      return new LlmCallError(`The provider is rate limiting calls (429): ${message}`, "retryable", status, retryAfterMs(error.headers));
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new LlmCallError(`The provider had an error (${status}): ${message}`, "retryable", status, retryAfterMs(error.headers));
    }
    return new LlmCallError(`${FATAL_WORDS[status] ?? "The provider refused the request"} (${status}): ${message}`, "fatal", status);
  }
  if (error instanceof SyntaxError) {
    return new LlmCallError("The provider's answer was not valid JSON (a proxy or an overloaded server may have cut it).", "retryable");
  }
  return new LlmCallError(`The call failed: ${(error as Error)?.message ?? String(error)}`, "retryable");
}

const formatSeconds = (ms: number) => (ms < 1000 ? `${ms} ms` : ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
