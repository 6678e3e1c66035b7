import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/errors";
import type { RuleFields } from "./rule-schemas";

// Evaluation rules: which judge version scores which share of production
// traffic, within which daily cost cap. Shared by the server actions of
// traffic/rules and the REST routes; every change is audited.

export type RuleActor = { userId?: string | null; tokenId?: string | null };

const RULE_SELECT = {
  id: true,
  name: true,
  judgeId: true,
  samplingRate: true,
  segments: true,
  models: true,
  appVersions: true,
  metadataFilter: true,
  dailyCostCapUsd: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  judge: { select: { name: true, promptVersion: true, connection: { select: { name: true, inputPricePerMTok: true, outputPricePerMTok: true } } } },
} as const;

export type EvaluationRuleView = {
  id: string;
  name: string;
  judgeId: string;
  judgeName: string;
  samplingRate: number;
  segments: string[];
  models: string[];
  appVersions: string[];
  metadataFilter: Record<string, string | number | boolean>;
  dailyCostCapUsd: number | null;
  enabled: boolean;
  // False when the judge's connection has no prices: spend is unknown.
  priced: boolean;
  createdAt: string;
  updatedAt: string;
};

type RuleRow = Prisma.EvaluationRuleGetPayload<{ select: typeof RULE_SELECT }>;

function view(rule: RuleRow): EvaluationRuleView {
  const connection = rule.judge.connection;
  return {
    id: rule.id,
    name: rule.name,
    judgeId: rule.judgeId,
    judgeName: `${rule.judge.name}${rule.judge.promptVersion ? ` ${rule.judge.promptVersion}` : ""}`,
    samplingRate: rule.samplingRate,
    segments: rule.segments,
    models: rule.models,
    appVersions: rule.appVersions,
    metadataFilter: rule.metadataFilter as EvaluationRuleView["metadataFilter"],
    dailyCostCapUsd: rule.dailyCostCapUsd,
    enabled: rule.enabled,
    priced: connection?.inputPricePerMTok != null && connection.outputPricePerMTok != null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

export async function listRules(projectId: string): Promise<EvaluationRuleView[]> {
  const rules = await db.evaluationRule.findMany({ where: { projectId }, select: RULE_SELECT, orderBy: { createdAt: "asc" } });
  return rules.map(view);
}

/** Judge versions a rule may use: pointwise, defined in Touchstone, with a connection. */
export async function ruleJudgeChoices(projectId: string) {
  const judges = await db.judge.findMany({
    where: { projectId, connectionId: { not: null }, definition: { mode: "POINTWISE" } },
    select: { id: true, name: true, promptVersion: true, connection: { select: { name: true, inputPricePerMTok: true, outputPricePerMTok: true } } },
    orderBy: [{ name: "asc" }, { createdAt: "desc" }],
  });
  return judges.map((judge) => ({
    id: judge.id,
    label: `${judge.name}${judge.promptVersion ? ` ${judge.promptVersion}` : ""} (${judge.connection!.name})`,
    priced: judge.connection!.inputPricePerMTok !== null && judge.connection!.outputPricePerMTok !== null,
  }));
}

/** The rule's judge must run here and, under a cap, have prices: a cap on an unknown cost could not be kept. */
async function checkJudge(projectId: string, judgeId: string, dailyCostCapUsd: number | null) {
  const judge = await db.judge.findFirst({
    where: { id: judgeId, projectId },
    select: { name: true, definition: { select: { mode: true } }, connection: { select: { name: true, inputPricePerMTok: true, outputPricePerMTok: true } } },
  });
  const refuse = (message: string) => new SafeError("VALIDATION", message, [{ field: "judgeId", message }]);
  if (!judge) throw refuse("That judge does not exist in this project.");
  if (!judge.definition || !judge.connection) throw refuse(`Judge "${judge.name}" was imported: only judges defined in Touchstone, with an LLM connection, can score traffic.`);
  if (judge.definition.mode !== "POINTWISE") throw refuse(`Judge "${judge.name}" is pairwise: production traffic has one answer per question, so a rule needs a pointwise judge.`);
  if (dailyCostCapUsd !== null && (judge.connection.inputPricePerMTok === null || judge.connection.outputPricePerMTok === null)) {
    const message = `The connection "${judge.connection.name}" has no prices, so the cost of a call is unknown and a daily cap could not be kept: set its prices per million tokens (Settings → LLM connections) or remove the cap.`;
    throw new SafeError("VALIDATION", message, [{ field: "dailyCostCapUsd", message }]);
  }
}

function nameTaken(error: unknown, name: string | undefined) {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return new SafeError("CONFLICT", `A rule named "${name}" already exists in this project.`, [{ field: "name", message: "Name already used." }]);
  }
  return error;
}

export async function createRule(projectId: string, fields: RuleFields, actor: RuleActor): Promise<EvaluationRuleView> {
  await checkJudge(projectId, fields.judgeId, fields.dailyCostCapUsd);
  try {
    return await db.$transaction(async (tx) => {
      const rule = await tx.evaluationRule.create({ data: { projectId, ...fields, createdById: actor.userId ?? null }, select: RULE_SELECT });
      await recordAudit(
        { projectId, actorId: actor.userId ?? null, tokenId: actor.tokenId ?? null, action: "evaluationRule.create", targetType: "EvaluationRule", targetId: rule.id, data: { name: rule.name, judge: rule.judge.name, samplingRate: rule.samplingRate, dailyCostCapUsd: rule.dailyCostCapUsd } },
        tx,
      );
      return view(rule);
    });
  } catch (error) {
    throw nameTaken(error, fields.name);
  }
}

async function existing(projectId: string, ruleId: string) {
  const rule = await db.evaluationRule.findFirst({ where: { id: ruleId, projectId }, select: { judgeId: true, dailyCostCapUsd: true, name: true } });
  if (!rule) throw new SafeError("NOT_FOUND", "That evaluation rule does not exist in this project.");
  return rule;
}

/** Changes some fields; a new judge or cap is checked like a new rule. Samples already drawn keep their rule. */
export async function updateRule(projectId: string, ruleId: string, patch: Partial<RuleFields>, actor: RuleActor): Promise<EvaluationRuleView> {
  const before = await existing(projectId, ruleId);
  const changed = Object.keys(patch).filter((key) => patch[key as keyof RuleFields] !== undefined);
  if (patch.judgeId !== undefined || patch.dailyCostCapUsd !== undefined) {
    await checkJudge(projectId, patch.judgeId ?? before.judgeId, patch.dailyCostCapUsd === undefined ? before.dailyCostCapUsd : patch.dailyCostCapUsd);
  }
  try {
    return await db.$transaction(async (tx) => {
      const rule = await tx.evaluationRule.update({ where: { id: ruleId }, data: patch, select: RULE_SELECT });
      await recordAudit(
        { projectId, actorId: actor.userId ?? null, tokenId: actor.tokenId ?? null, action: "evaluationRule.update", targetType: "EvaluationRule", targetId: ruleId, data: { name: rule.name, changed } },
        tx,
      );
      return view(rule);
    });
  } catch (error) {
    throw nameTaken(error, patch.name);
  }
}

/** Deletes the rule and its samples; judge scores already stored stay (they are the judge's, on production outputs). */
export async function deleteRule(projectId: string, ruleId: string, actor: RuleActor): Promise<{ id: string }> {
  const before = await existing(projectId, ruleId);
  await db.$transaction(async (tx) => {
    await tx.evaluationRule.delete({ where: { id: ruleId } });
    await recordAudit(
      { projectId, actorId: actor.userId ?? null, tokenId: actor.tokenId ?? null, action: "evaluationRule.delete", targetType: "EvaluationRule", targetId: ruleId, data: { name: before.name } },
      tx,
    );
  });
  return { id: ruleId };
}
