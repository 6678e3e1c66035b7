"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/auth/action";
import { SafeError } from "@/lib/errors";
import { reviewProgress, teamProgress } from "./queries";
import { editLabel, lastEditableLabel, loadTaskView, openQueue, saveDraft, skipAndAdvance, submitAndAdvance } from "./queue";
import { setupConfig } from "./cache";
import { createSetupSchema, editLabelSchema, extendSetupSchema, queueSchema, saveDraftSchema, skipTaskSchema, submitLabelSchema } from "./schemas";
import { createReviewSetup, extendReviewSetup } from "./setup";

// The review screen's server actions. The screen holds the next task ready
// (leased and loaded ahead), so a submit or skip shows it at once; each call
// confirms it and brings the one after it, with the team's progress, in the
// same round trip.

async function requireSetup(projectId: string, setupId: string) {
  if (!(await setupConfig(projectId, setupId))) throw new SafeError("NOT_FOUND", "Review setup not found.");
}

/** Opening the queue: the current task (resumed with its draft), the next one, and progress. */
export const startReviewing = projectAction({ permission: "labels.submit", schema: queueSchema }, async ({ projectId, setupId }, { user }) => {
  await requireSetup(projectId, setupId);
  const [screen, progress] = await Promise.all([openQueue(projectId, user.id, setupId), reviewProgress(projectId, user.id, setupId)]);
  return { ...screen, progress };
});

const advanceFields = { setupId: z.string().min(1).max(64), showing: z.string().min(1).max(64).nullable().default(null) };

/** Submits the label; `showing` is the prefetched task the screen switched to. */
export const submitAndNext = projectAction({ permission: "labels.submit", schema: submitLabelSchema.extend(advanceFields) }, async ({ projectId, setupId, showing, ...input }, { user }) => {
  await requireSetup(projectId, setupId);
  const result = await submitAndAdvance(projectId, user.id, setupId, input, showing);
  return { ...result, team: await teamProgress(setupId) };
});

export const skipAndNext = projectAction({ permission: "labels.submit", schema: skipTaskSchema.extend(advanceFields) }, async ({ projectId, setupId, showing, ...input }, { user }) => {
  await requireSetup(projectId, setupId);
  const result = await skipAndAdvance(projectId, user.id, setupId, input, showing);
  return { ...result, team: await teamProgress(setupId) };
});

export const autosaveDraft = projectAction({ permission: "labels.submit", schema: saveDraftSchema }, async ({ projectId, ...input }, { user }) =>
  saveDraft(projectId, user.id, input),
);

export const saveLabelEdit = projectAction({ permission: "labels.submit", schema: editLabelSchema }, async ({ projectId, ...input }, { user }) => {
  const result = await editLabel(projectId, user.id, input);
  revalidatePath(`/projects/${projectId}/review/mine`);
  return result;
});

/** "Undo last submission": reopens the reviewer's latest label for editing. */
export const reopenLastLabel = projectAction({ permission: "labels.submit", schema: z.object({ projectId: z.string().min(1) }) }, async ({ projectId }, { user }) => {
  const label = await lastEditableLabel(projectId, user.id);
  if (!label?.assignmentId) throw new SafeError("NOT_FOUND", "There is no recent label to reopen.");
  return loadTaskView(projectId, user.id, label.assignmentId, { labelId: label.id });
});

export const createSetup = projectAction({ permission: "review.configure", schema: createSetupSchema }, async (input, { user }) => {
  const result = await createReviewSetup(input, user.id);
  revalidatePath(`/projects/${input.projectId}/review`, "layout");
  return result;
});

export const extendSetup = projectAction({ permission: "review.configure", schema: extendSetupSchema }, async ({ projectId, setupId, selection }, { user }) => {
  const result = await extendReviewSetup(projectId, setupId, selection, user.id);
  revalidatePath(`/projects/${projectId}/review`, "layout");
  return result;
});
