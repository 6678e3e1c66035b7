"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/auth/action";
import { SafeError } from "@/lib/errors";
import { reviewProgress } from "./queries";
import { editLabel, lastEditableLabel, leaseNextTask, loadTaskView, saveDraft, skipTask, submitLabel } from "./queue";
import { createSetupSchema, editLabelSchema, extendSetupSchema, leaseSchema, saveDraftSchema, skipTaskSchema, submitLabelSchema } from "./schemas";
import { createReviewSetup, extendReviewSetup } from "./setup";

// The review screen's server actions. Each returns the next screen's data in
// the same round trip (next task + progress), so submitting shows the next
// task without a second request.

async function nextTask(projectId: string, reviewerId: string, setupId: string | undefined) {
  const lease = await leaseNextTask(projectId, reviewerId, { setupId });
  return { task: lease ? await loadTaskView(projectId, reviewerId, lease.assignmentId) : null };
}

// Team progress aggregates a whole setup, so it is sent when a queue is
// opened, not on every submit (the screen counts the reviewer's own work).
async function nextScreen(projectId: string, reviewerId: string, setupId: string | undefined) {
  const [next, progress] = await Promise.all([nextTask(projectId, reviewerId, setupId), reviewProgress(projectId, reviewerId, setupId)]);
  return { ...next, progress };
}

export const startReviewing = projectAction({ permission: "labels.submit", schema: leaseSchema }, async ({ projectId, setupId }, { user }) =>
  nextScreen(projectId, user.id, setupId),
);

export const submitAndNext = projectAction(
  { permission: "labels.submit", schema: submitLabelSchema.extend({ setupId: z.string().min(1).optional() }) },
  async ({ projectId, setupId, ...input }, { user }) => {
    const submitted = await submitLabel(projectId, user.id, input);
    return { submitted, ...(await nextTask(projectId, user.id, setupId)) };
  },
);

export const skipAndNext = projectAction(
  { permission: "labels.submit", schema: skipTaskSchema.extend({ setupId: z.string().min(1).optional() }) },
  async ({ projectId, setupId, ...input }, { user }) => {
    await skipTask(projectId, user.id, input);
    return nextTask(projectId, user.id, setupId);
  },
);

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
