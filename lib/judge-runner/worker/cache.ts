import crypto from "node:crypto";
import type { JudgeCallSpec } from "@/lib/judge-runner/contracts";

// The response cache's key and rule: an answer is reused only when asking
// again would give the same answer (temperature 0, or a fixed seed).

export function isDeterministic(params: JudgeCallSpec["params"]): boolean {
  return params.temperature === 0 || params.seed !== undefined;
}

/**
 * sha256 over (endpoint and model, messages, params, answer schema), params'
 * keys in a fixed order. The endpoint is part of the model's identity: "llama3"
 * on one server is not "llama3" on another.
 */
export function responseCacheKey(model: { baseUrl: string; model: string }, spec: Pick<JudgeCallSpec, "messages" | "params" | "answerSchema">): string {
  const params = { temperature: spec.params.temperature ?? null, maxTokens: spec.params.maxTokens ?? null, seed: spec.params.seed ?? null };
  const messages = spec.messages.map((message) => [message.role, message.content]);
  const schema = spec.answerSchema ? [spec.answerSchema.name, stableJson(spec.answerSchema.schema)] : null;
  return crypto.createHash("sha256").update(JSON.stringify([model.baseUrl, model.model, messages, params, schema])).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
