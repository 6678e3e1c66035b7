import { createRuleBodySchema, createRuleForApi, listRulesForApi } from "@/lib/api/evaluation-rules";
import { projectRoute } from "@/lib/auth/route";

// GET: the project's evaluation rules with today's activity. POST: create one.
// Documented in /api/v1/openapi.json (lib/api/endpoints/evaluation-rules.ts).
export const GET = projectRoute({ permission: "traffic.read" }, async ({ projectId }) => listRulesForApi(projectId));
export const POST = projectRoute({ permission: "evaluationRules.write", body: createRuleBodySchema }, async ({ projectId, body, actor }) => createRuleForApi(projectId, body, actor));
