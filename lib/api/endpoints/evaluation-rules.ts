import { z } from "zod";
import { createRuleBodySchema, ruleListSchema, ruleSchema, updateRuleBodySchema } from "@/lib/api/evaluation-rules";
import { registerEndpoint } from "@/lib/api/openapi";

// OpenAPI entries for online evaluation rules (handlers: app/api/v1/projects/[projectId]/evaluation-rules/, lib/api/evaluation-rules.ts).

const ruleId = { ruleId: z.string().describe("An evaluation rule's id.") };
const CAP =
  "The daily cost cap binds per UTC day: before a batch of sampled answers is sent, its estimated cost (rendered prompt tokens × the connection's input price + the judge's max_tokens, or 150, × its output price) plus the day's spend so far (actual cost of calls done, estimates of calls queued) must fit under it; samples that do not fit are skipped (skippedCap) and not judged later. A cap needs a connection with prices.";

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/evaluation-rules",
  summary: "List evaluation rules",
  description: "The project's online evaluation rules (judge version, sampling rate, filters, daily cost cap) with today's activity: sampled, pending, scored, errors, skipped by the cap, cost. Needs a READ token, or a lead/admin session.",
  tags: ["online evaluation"],
  response: ruleListSchema,
});

registerEndpoint({
  method: "post",
  path: "/api/v1/projects/{projectId}/evaluation-rules",
  summary: "Create an evaluation rule",
  description: `A pointwise judge version defined in Touchstone scores the given share of production traffic that matches the filters (segments, models, app versions: any of; metadata: every key = value), as it arrives. ${CAP} Needs a WRITE token, or a lead/admin session.`,
  tags: ["online evaluation"],
  body: { "application/json": createRuleBodySchema },
  response: ruleSchema,
  errors: [409],
});

registerEndpoint({
  method: "patch",
  path: "/api/v1/projects/{projectId}/evaluation-rules/{ruleId}",
  summary: "Change an evaluation rule",
  description: `Only the fields sent change; \`enabled: false\` stops drawing and judging (samples already drawn wait). A new rate or filter applies to traffic arriving from now on. ${CAP} Needs a WRITE token, or a lead/admin session.`,
  tags: ["online evaluation"],
  pathParams: ruleId,
  body: { "application/json": updateRuleBodySchema },
  response: ruleSchema,
  errors: [409],
});

registerEndpoint({
  method: "delete",
  path: "/api/v1/projects/{projectId}/evaluation-rules/{ruleId}",
  summary: "Delete an evaluation rule",
  description: "Removes the rule and its samples; judge scores already stored on production answers stay. Needs a WRITE token, or a lead/admin session.",
  tags: ["online evaluation"],
  pathParams: ruleId,
  response: z.object({ id: z.string() }),
});
