import { parseJudgeAnswer } from "@/lib/judge-runner/answer";
import type { JudgedCriterion } from "@/lib/judge-runner/criterion";
import { openAIChatModel } from "@/lib/llm/client";
import { openConnection } from "@/lib/llm/connections/open-connection";
import type { WorkerDeps } from "./execute-batch";

// What the worker runs in production: the OpenAI-compatible client on the
// connection (opened by openConnection, as the app's resolveConnection does,
// but from the row the batch already read: no second query, and no Prisma
// client in a worker running on another machine) and the judge answer parser.

export const productionDeps: WorkerDeps = {
  modelFor: (connection) => openAIChatModel(openConnection(connection)),
  parseAnswer: (criterion, spec, text) =>
    spec.target.kind === "pairwise"
      ? parseJudgeAnswer(criterion as JudgedCriterion, "PAIRWISE", spec.target.shownOrder, text)
      : parseJudgeAnswer(criterion as JudgedCriterion, "POINTWISE", "AB", text),
};
