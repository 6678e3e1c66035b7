"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { projectAction } from "@/lib/auth/action";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { createDefinition, saveVersion } from "./definitions";
import { renderPreview } from "./preview";
import { createDefinitionSchema, moveToPoolSchema, previewSchema, saveVersionSchema } from "./schemas";
import { assignSplit, moveToPool } from "./split";
import { promoteVersion, startHeldOutRuns } from "./workbench-runs";

// Server actions of the judges screens: session → "judges.write" → zod, then
// the domain functions. Leads and admins calibrate judges.

const judgesPath = (projectId: string) => `/projects/${projectId}/judges`;

async function definitionOf(projectId: string, definitionId: string) {
  const definition = await db.judgeDefinition.findFirst({ where: { id: definitionId, projectId }, select: { id: true, rubricId: true, criterionKey: true } });
  if (!definition) throw new SafeError("NOT_FOUND", "This judge definition does not exist in the project.");
  return definition;
}

export const createJudgeDefinition = projectAction({ permission: "judges.write", schema: createDefinitionSchema }, async (input, { user }) => {
  const result = await createDefinition(input, user.id);
  revalidatePath(judgesPath(input.projectId));
  return result;
});

export const saveJudgeVersion = projectAction({ permission: "judges.write", schema: saveVersionSchema }, async (input, { user }) => {
  const result = await saveVersion(input, user.id);
  revalidatePath(`${judgesPath(input.projectId)}/${input.definitionId}`);
  return result;
});

export const previewJudgePrompt = projectAction({ permission: "judges.write", schema: previewSchema }, async (input) => renderPreview(db, input));

const splitSchema = z.object({ projectId: z.string().min(1), definitionId: z.string().min(1, "Choose a judge definition.") });

/** Splits the criterion's items that gained an expert consensus since the last call. */
export const refreshCalibrationSplit = projectAction({ permission: "judges.write", schema: splitSchema }, async (input) => {
  const definition = await definitionOf(input.projectId, input.definitionId);
  const summary = await assignSplit(db, { projectId: input.projectId, rubricId: definition.rubricId, criterionKey: definition.criterionKey });
  revalidatePath(`${judgesPath(input.projectId)}/${input.definitionId}`);
  return summary;
});

export const moveItemToPool = projectAction({ permission: "judges.write", schema: moveToPoolSchema }, async (input, { user }) => {
  const definition = await definitionOf(input.projectId, input.definitionId);
  const result = await moveToPool(db, { rubricId: definition.rubricId, criterionKey: definition.criterionKey, itemId: input.itemId, userId: user.id });
  await recordAudit({
    projectId: input.projectId,
    actorId: user.id,
    action: "calibrationSplit.moveToPool",
    targetType: "DatasetItem",
    targetId: input.itemId,
    data: { rubricId: definition.rubricId, criterionKey: definition.criterionKey, heldoutLeft: result.heldout },
  });
  revalidatePath(`${judgesPath(input.projectId)}/${input.definitionId}`);
  return result;
});

const versionSchema = z.object({ projectId: z.string().min(1), definitionId: z.string().min(1, "Choose a judge definition."), judgeId: z.string().min(1, "Choose a version.") });

/** "Try on the held-out set": runs the version on the held-out items only; its figures fill in as calls finish. */
export const tryOnHeldOut = projectAction({ permission: "judges.write", schema: versionSchema }, async (input, { user }) => {
  const runs = await startHeldOutRuns(input.projectId, input.definitionId, input.judgeId, { userId: user.id });
  revalidatePath(`${judgesPath(input.projectId)}/${input.definitionId}/workbench`);
  return { runIds: runs.map((run) => run.id), calls: runs.reduce((sum, run) => sum + run.total, 0) };
});

/** "Promote": the version becomes the criterion's judge and runs on the data reviewed with its rubric. */
export const promoteJudgeVersion = projectAction({ permission: "judges.write", schema: versionSchema }, async (input, { user }) => {
  const runs = await promoteVersion(input.projectId, input.definitionId, input.judgeId, { userId: user.id });
  revalidatePath(`${judgesPath(input.projectId)}/${input.definitionId}/workbench`);
  return { runIds: runs.map((run) => run.id), calls: runs.reduce((sum, run) => sum + run.total, 0) };
});
