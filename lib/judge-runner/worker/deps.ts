import { parseJudgeAnswer } from "@/lib/judge-runner/answer";
import type { JudgedCriterion } from "@/lib/judge-runner/criterion";
import { resolveBaseUrl } from "@/lib/llm/base-url";
import { openAIChatModel } from "@/lib/llm/client";
import { openSecret } from "@/lib/llm/secret-box";
import type { ChatParams } from "@/lib/llm/types";
import type { WorkerDeps } from "./execute-batch";

// What the worker runs in production: the OpenAI-compatible client on the
// connection (its key opened here, in memory only) and the judge answer parser.

function defaultParams(value: unknown): ChatParams {
  if (!value || typeof value !== "object") return {};
  const { temperature, maxTokens, seed } = value as Record<string, unknown>;
  return {
    ...(typeof temperature === "number" && { temperature }),
    ...(typeof maxTokens === "number" && { maxTokens }),
    ...(typeof seed === "number" && { seed }),
  };
}

export const productionDeps: WorkerDeps = {
  modelFor: (connection) =>
    openAIChatModel({
      baseUrl: resolveBaseUrl(connection.baseUrl),
      apiKey: connection.apiKeyCipher ? openSecret(connection.apiKeyCipher) : null,
      model: connection.model,
      defaultParams: defaultParams(connection.defaultParams),
      timeoutMs: connection.timeoutMs,
      structuredOutput: connection.structuredOutput,
    }),
  parseAnswer: (criterion, spec, text) =>
    spec.target.kind === "pairwise"
      ? parseJudgeAnswer(criterion as JudgedCriterion, "PAIRWISE", spec.target.shownOrder, text)
      : parseJudgeAnswer(criterion as JudgedCriterion, "POINTWISE", "AB", text),
};
