import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/errors";
import { criterionFor } from "./plan";
import type { createDefinitionSchema, saveVersionSchema } from "./schemas";
import { checkTemplate, DEFAULT_TEMPLATES } from "./template";

// Judge definitions and their versions. Saving is never an edit: each save is
// a new immutable Judge row (version = max + 1) named like the definition,
// with promptVersion "v{n}" and the connection's model, so every existing
// dashboard shows it like any imported judge and old scores keep the exact
// prompt that produced them.

type Tx = Prisma.TransactionClient;

async function connectionOf(tx: Tx, projectId: string, connectionId: string) {
  const connection = await tx.llmConnection.findFirst({ where: { id: connectionId, projectId }, select: { id: true, model: true } });
  if (!connection) throw new SafeError("NOT_FOUND", "This model connection does not exist in the project.", [{ field: "connectionId", message: "Choose a connection of this project." }]);
  return connection;
}

export async function createDefinition(input: z.output<typeof createDefinitionSchema>, actorId: string) {
  const rubric = await db.rubric.findFirst({ where: { id: input.rubricId, projectId: input.projectId }, select: { id: true } });
  if (!rubric) throw new SafeError("NOT_FOUND", "This rubric does not exist in the project.", [{ field: "rubricId", message: "Choose a rubric of this project." }]);
  const criterion = await criterionFor(db, input.rubricId, input.criterionKey, input.mode);
  return db.$transaction(async (tx) => {
    const connection = await connectionOf(tx, input.projectId, input.connectionId);
    const [definitionTaken, judgeTaken] = await Promise.all([
      tx.judgeDefinition.findUnique({ where: { projectId_name: { projectId: input.projectId, name: input.name } }, select: { id: true } }),
      tx.judge.findFirst({ where: { projectId: input.projectId, name: input.name }, select: { id: true } }),
    ]);
    if (definitionTaken || judgeTaken) throw new SafeError("CONFLICT", `A judge named "${input.name}" already exists.`, [{ field: "name", message: "Already taken by another judge." }]);
    const definition = await tx.judgeDefinition.create({
      data: { projectId: input.projectId, name: input.name, mode: input.mode, rubricId: input.rubricId, criterionKey: criterion.key, createdById: actorId },
    });
    const judge = await tx.judge.create({
      data: {
        projectId: input.projectId,
        name: input.name,
        model: connection.model,
        promptVersion: "v1",
        definitionId: definition.id,
        version: 1,
        connectionId: connection.id,
        template: DEFAULT_TEMPLATES[input.mode],
        params: {},
        changeNote: "First version: the default prompt.",
        createdById: actorId,
      },
    });
    await recordAudit({ projectId: input.projectId, actorId, action: "judgeDefinition.create", targetType: "JudgeDefinition", targetId: definition.id, data: { name: input.name, mode: input.mode, criterionKey: criterion.key } }, tx);
    return { definitionId: definition.id, judgeId: judge.id, version: 1 };
  });
}

export async function saveVersion(input: z.output<typeof saveVersionSchema>, actorId: string) {
  const definition = await db.judgeDefinition.findFirst({ where: { id: input.definitionId, projectId: input.projectId }, select: { id: true, name: true, mode: true } });
  if (!definition) throw new SafeError("NOT_FOUND", "This judge definition does not exist in the project.");
  const issues = checkTemplate(input.template, definition.mode);
  if (input.swapAverage && !(definition.mode === "PAIRWISE" && input.bothOrders)) {
    issues.push({ field: "swapAverage", message: "The swap-averaged verdict needs a pairwise judge that runs both orders." });
  }
  if (issues.length > 0) throw new SafeError("VALIDATION", issues[0]!.message, issues);
  return db.$transaction(async (tx) => {
    const connection = await connectionOf(tx, input.projectId, input.connectionId);
    // Serialise concurrent saves: each gets its own version number.
    await tx.$queryRaw`SELECT 1 FROM "JudgeDefinition" WHERE id = ${definition.id} FOR UPDATE`;
    const latest = await tx.judge.aggregate({ where: { definitionId: definition.id }, _max: { version: true } });
    const version = (latest._max.version ?? 0) + 1;
    const judge = await tx.judge.create({
      data: {
        projectId: input.projectId,
        name: definition.name,
        model: connection.model,
        promptVersion: `v${version}`,
        definitionId: definition.id,
        version,
        connectionId: connection.id,
        template: input.template,
        params: input.params,
        fewShotK: input.fewShotK,
        bothOrders: input.bothOrders,
        swapAverage: input.swapAverage,
        changeNote: input.changeNote,
        createdById: actorId,
      },
    });
    await recordAudit({ projectId: input.projectId, actorId, action: "judgeDefinition.version", targetType: "Judge", targetId: judge.id, data: { definitionId: definition.id, version, changeNote: input.changeNote } }, tx);
    return { judgeId: judge.id, version };
  });
}
