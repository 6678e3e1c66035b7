import { z } from "zod";
import { judgeRunProgressSchema, startJudgeRunSchema } from "@/lib/api/judge-runs";
import { registerEndpoint } from "@/lib/api/openapi";

// OpenAPI entries for judge runs (handlers: app/api/v1/projects/[projectId]/judge-runs/, lib/api/judge-runs.ts).

const runId = { runId: z.string().describe("A judge run's id, from POST /judge-runs.") };

registerEndpoint({
  method: "post",
  path: "/api/v1/projects/{projectId}/judge-runs",
  summary: "Start a judge run",
  description:
    "Plans every call of a judge version over a dataset version's runs (optionally some items), estimates the cost from the rendered prompts' tokens, and queues the run for the workers. Answers with the run's progress: its id and estimatedCostUsd. Needs a WRITE token, or a lead/admin session. `npx touchstone judge run` uses this.",
  tags: ["judge runs"],
  body: { "application/json": startJudgeRunSchema },
  response: judgeRunProgressSchema,
  errors: [409, 413],
});

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/judge-runs/{runId}",
  summary: "A judge run's progress",
  description: "Status, calls done, failed and cached, tokens, cost so far against the estimate, calls per second, and the provider's message when a fatal error stopped the run. Needs a READ token, or a lead/admin session.",
  tags: ["judge runs"],
  pathParams: runId,
  response: judgeRunProgressSchema,
});

for (const [action, what] of [
  ["pause", "Pause a queued or running judge run: calls in flight finish, no new ones start."],
  ["resume", "Resume a paused (or failed, after fixing the key or model) judge run: its remaining calls run; answered ones are not sent again."],
  ["cancel", "Cancel a judge run: remaining calls are dropped; scores already stored stay."],
] as const) {
  registerEndpoint({
    method: "post",
    path: `/api/v1/projects/{projectId}/judge-runs/{runId}/${action}`,
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} a judge run`,
    description: `${what} Needs a WRITE token, or a lead/admin session. Answers with the run's progress.`,
    tags: ["judge runs"],
    pathParams: runId,
    response: judgeRunProgressSchema,
    errors: [409],
  });
}
