"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { saveRubricSchema } from "./schemas";
import { saveRubric as save } from "./save";

export const saveRubric = projectAction({ permission: "rubrics.write", schema: saveRubricSchema }, async (input, { user }) => {
  const result = await save(input, user.id);
  revalidatePath(`/projects/${input.projectId}/rubrics`);
  return result;
});
