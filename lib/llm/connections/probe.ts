import { openAIChatModel, type CallableConnection } from "../client";
import { LlmCallError } from "../types";

// "Test connection": one tiny call, so an admin sees at once whether the URL,
// key and model work, and how long the provider takes to answer.

export type ProbeResult =
  | { ok: true; answer: string; model: string; latencyMs: number; inputTokens: number; outputTokens: number }
  | { ok: false; message: string; retryable: boolean; status: number | null; latencyMs: number };

const PROBE_TIMEOUT_MS = 30_000;

export async function probeConnection(connection: CallableConnection): Promise<ProbeResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const result = await openAIChatModel(connection).complete({
      messages: [{ role: "user", content: "This is a connection test. Reply with one short sentence." }],
      params: { maxTokens: 32 },
      timeoutMs: Math.min(connection.timeoutMs, PROBE_TIMEOUT_MS),
    });
    return { ok: true, answer: result.text.slice(0, 500), model: result.model, latencyMs: latency(), inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
  } catch (error) {
    if (!(error instanceof LlmCallError)) throw error;
    return { ok: false, message: error.message, retryable: error.kind === "retryable", status: error.status ?? null, latencyMs: latency() };
  }
}
