"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { saveBudgetPlan } from "./plans";
import { saveBudgetPlanSchema } from "./schemas";

/** Saves a budget plan (leads plan labelling: review.configure), so its prediction can be checked once labels come in. */
export const saveBudgetPlanAction = projectAction({ permission: "review.configure", schema: saveBudgetPlanSchema }, async (input, { user }) => {
  const plan = await saveBudgetPlan(input, user.id);
  revalidatePath(`/projects/${input.projectId}/runs/estimates`);
  return plan;
});
