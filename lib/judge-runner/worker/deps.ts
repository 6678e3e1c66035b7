import { parseJudgeAnswer } from "@/lib/judge-runner/answer";
import type { JudgedCriterion } from "@/lib/judge-runner/criterion";
import { resolveBaseUrl } from "@/lib/llm/base-url";
import { openAIChatModel } from "@/lib/llm/client";
import { openSecret } from "@/lib/llm/secret-box";
import { defaultParamsSchema } from "@/lib/llm/connections/schemas";
import type { WorkerDeps } from "./execute-batch";

// What the worker runs in production: the OpenAI-compatible client on the
// connection (its key opened here, in memory only) and the judge answer parser.
// Like lib/llm/connections/resolve.ts, from the connection row the batch
// already read: no second query, and no Prisma client (nor the web app's
// environment) in a worker running on another machine.

export const productionDeps: WorkerDeps = {
  modelFor: (connection) =>
    openAIChatModel({
      baseUrl: resolveBaseUrl(connection.baseUrl),
      apiKey: connection.apiKeyCipher ? openSecret(connection.apiKeyCipher) : null,
      model: connection.model,
      defaultParams: defaultParamsSchema.parse(connection.defaultParams),
      timeoutMs: connection.timeoutMs,
      structuredOutput: connection.structuredOutput,
    }),
  parseAnswer: (criterion, spec, text) =>
    spec.target.kind === "pairwise"
      ? parseJudgeAnswer(criterion as JudgedCriterion, "PAIRWISE", spec.target.shownOrder, text)
      : parseJudgeAnswer(criterion as JudgedCriterion, "POINTWISE", "AB", text),
};
