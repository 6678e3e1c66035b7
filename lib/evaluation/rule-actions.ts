"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { createRuleActionSchema, ruleRefSchema, updateRuleActionSchema } from "./rule-schemas";
import { createRule, deleteRule, updateRule } from "./rules";

// Server actions of Traffic → Evaluation rules (leads and admins).

const page = (projectId: string) => `/projects/${projectId}/traffic/rules`;

export const createEvaluationRule = projectAction({ permission: "evaluationRules.write", schema: createRuleActionSchema }, async ({ projectId, ...fields }, { user }) => {
  const rule = await createRule(projectId, fields, { userId: user.id });
  revalidatePath(page(projectId));
  return { id: rule.id };
});

export const updateEvaluationRule = projectAction({ permission: "evaluationRules.write", schema: updateRuleActionSchema }, async ({ projectId, ruleId, ...patch }, { user }) => {
  const rule = await updateRule(projectId, ruleId, patch, { userId: user.id });
  revalidatePath(page(projectId));
  return { id: rule.id };
});

export const deleteEvaluationRule = projectAction({ permission: "evaluationRules.write", schema: ruleRefSchema }, async ({ projectId, ruleId }, { user }) => {
  await deleteRule(projectId, ruleId, { userId: user.id });
  revalidatePath(page(projectId));
  return { id: ruleId };
});
