"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { adjudicateSchema } from "./schemas";
import { setGroundTruth } from "./set";

/** A lead settles one unit: agreed, adjudicated (with the label it should have) or contested. Audited. */
export const adjudicateUnit = projectAction({ permission: "groundTruth.adjudicate", schema: adjudicateSchema }, async (input, { user, projectId }) => {
  const result = await setGroundTruth(input, { userId: user.id });
  revalidatePath(`/projects/${projectId}/dashboards`, "layout");
  return result;
});
