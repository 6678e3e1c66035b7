"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { createSpotCheckSchema } from "./schemas";
import { createSpotCheckSetup } from "./setup";

/** "New review setup" with the source "Production traffic". */
export const createSpotCheck = projectAction({ permission: "review.configure", schema: createSpotCheckSchema }, async (input, { user }) => {
  const result = await createSpotCheckSetup(input, user.id);
  revalidatePath(`/projects/${input.projectId}/review`, "layout");
  return result;
});
