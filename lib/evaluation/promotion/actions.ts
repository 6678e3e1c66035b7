"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { promoteToGolden } from "./promote";
import { promoteSchema } from "./schemas";

/** "Add to golden dataset…" on the traffic samples page and the disagreement explorer. */
export const promoteAnswers = projectAction({ permission: "traffic.promote", schema: promoteSchema }, async (input, { user }) => {
  const result = await promoteToGolden(input, user.id);
  revalidatePath(`/projects/${input.projectId}/datasets`, "layout");
  return result;
});
