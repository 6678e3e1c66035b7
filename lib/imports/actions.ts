"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { deleteMappingSchema, saveMappingSchema } from "./schemas";

// Saved field mappings: an admin maps a file once and reuses the mapping for
// the next file of the same shape. Saving under an existing name replaces it.

export const saveImportMapping = projectAction({ permission: "datasets.write", schema: saveMappingSchema }, async (input, { projectId }) => {
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, path]) => path));
  const saved = await db.importMapping.upsert({
    where: { projectId_kind_name: { projectId, kind: input.kind, name: input.name } },
    create: { projectId, kind: input.kind, name: input.name, mapping },
    update: { mapping },
    select: { id: true, kind: true, name: true, mapping: true },
  });
  revalidatePath(`/projects/${projectId}/datasets/upload`);
  return saved;
});

export const deleteImportMapping = projectAction({ permission: "datasets.write", schema: deleteMappingSchema }, async (input, { projectId }) => {
  const deleted = await db.importMapping.deleteMany({ where: { id: input.mappingId, projectId } });
  if (deleted.count === 0) throw new SafeError("NOT_FOUND", "No such mapping.");
  return { deleted: true };
});
