import { deleteRuleForApi, updateRuleBodySchema, updateRuleForApi } from "@/lib/api/evaluation-rules";
import { projectRoute } from "@/lib/auth/route";

// PATCH: change some fields of a rule (enabled: false disables it). DELETE: remove it and its samples.
// Documented in /api/v1/openapi.json (lib/api/endpoints/evaluation-rules.ts).
export const PATCH = projectRoute({ permission: "evaluationRules.write", body: updateRuleBodySchema }, async ({ projectId, params, body, actor }) =>
  updateRuleForApi(projectId, String(params.ruleId), body, actor),
);
export const DELETE = projectRoute({ permission: "evaluationRules.write" }, async ({ projectId, params, actor }) => deleteRuleForApi(projectId, String(params.ruleId), actor));
