"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/auth/action";
import { SafeError } from "@/lib/errors";
import { teamProgress } from "./queries";
import { editLabel, lastEditableLabel, loadTaskView, saveDraft, skipAndAdvance } from "./queue";
import { createSetupSchema, editLabelSchema, extendSetupSchema, saveDraftSchema, skipTaskSchema } from "./schemas";
import { requireSetup } from "./screen-api";
import { createReviewSetup, extendReviewSetup } from "./setup";

// The review screen's server actions, except its two busiest calls (opening
// the queue, submit + next), which are JSON route handlers (./screen-api.ts).
// The screen holds the next task ready (leased and loaded ahead), so a skip
// shows it at once; the call confirms it and brings the one after it, with
// the team's progress, in the same round trip.

const advanceFields = { setupId: z.string().min(1).max(64), showing: z.string().min(1).max(64).nullable().default(null) };

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
