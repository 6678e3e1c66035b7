import { z } from "zod";
import type { Actor } from "@/lib/auth/authorize";
import { ruleActivity } from "@/lib/evaluation/rule-activity";
import { createRule, deleteRule, listRules, updateRule, type EvaluationRuleView } from "@/lib/evaluation/rules";
import { ruleFieldsSchema, updateRuleSchema } from "@/lib/evaluation/rule-schemas";
import { runActor } from "./judge-runs";

// REST for evaluation rules (routes: app/api/v1/projects/[projectId]/evaluation-rules/).
// A rule in the API carries today's activity, so a script can watch its cap.

export const createRuleBodySchema = ruleFieldsSchema;
export const updateRuleBodySchema = updateRuleSchema;

const todaySchema = z.object({
  sampled: z.number().int(),
  pending: z.number().int(),
  scored: z.number().int().describe("Samples whose judge score (or ERROR score) is stored."),
  errors: z.number().int().describe("Of the scored samples, those whose call failed (ERROR score)."),
  skippedCap: z.number().int().describe("Samples not judged because the daily cost cap was reached."),
  costUsd: z.number().nullable().describe("Spent today by this rule's calls; null when the connection has no prices."),
});

export const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  judgeId: z.string(),
  judgeName: z.string(),
  samplingRate: z.number(),
  segments: z.array(z.string()),
  models: z.array(z.string()),
  appVersions: z.array(z.string()),
  metadataFilter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  dailyCostCapUsd: z.number().nullable(),
  enabled: z.boolean(),
  priced: z.boolean().describe("False when the judge's connection has no prices (cost unknown)."),
  createdAt: z.string(),
  updatedAt: z.string(),
  today: todaySchema.describe("Activity of the current UTC day."),
});

export const ruleListSchema = z.object({ rules: z.array(ruleSchema) });

async function withToday(projectId: string, rules: EvaluationRuleView[]): Promise<z.output<typeof ruleSchema>[]> {
  const days = await ruleActivity(projectId, rules.map((rule) => rule.id), { days: 1 });
  const empty = { sampled: 0, pending: 0, scored: 0, errors: 0, skippedCap: 0, costUsd: 0 };
  return rules.map((rule) => {
    const day = days.find((entry) => entry.ruleId === rule.id);
    const today = day ? { sampled: day.sampled, pending: day.pending, scored: day.scored, errors: day.errors, skippedCap: day.skippedCap, costUsd: day.costUsd } : empty;
    return { ...rule, today: rule.priced || !day ? today : { ...today, costUsd: null } };
  });
}

export async function listRulesForApi(projectId: string) {
  return { rules: await withToday(projectId, await listRules(projectId)) };
}

export async function createRuleForApi(projectId: string, body: z.output<typeof createRuleBodySchema>, actor: Actor) {
  const [rule] = await withToday(projectId, [await createRule(projectId, body, runActor(actor))]);
  return rule!;
}

export async function updateRuleForApi(projectId: string, ruleId: string, body: z.output<typeof updateRuleBodySchema>, actor: Actor) {
  const [rule] = await withToday(projectId, [await updateRule(projectId, ruleId, body, runActor(actor))]);
  return rule!;
}

export async function deleteRuleForApi(projectId: string, ruleId: string, actor: Actor) {
  return deleteRule(projectId, ruleId, runActor(actor));
}
