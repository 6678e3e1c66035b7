"use server";

import { revalidatePath } from "next/cache";
import { instanceAdminAction, projectAction } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { createProjectSchema, projectSettingsSchema, slugify } from "./schemas";

export const createProject = instanceAdminAction({ schema: createProjectSchema }, async ({ name, description }, { user }) => {
  const base = slugify(name);
  const taken = await db.project.count({ where: { slug: { startsWith: base } } });
  const project = await db.$transaction(async (tx) => {
    const created = await tx.project.create({
      data: { name, description, slug: taken ? `${base}-${taken + 1}` : base, memberships: { create: { userId: user.id, role: "ADMIN" } } },
      select: { id: true },
    });
    await recordAudit({ projectId: created.id, actorId: user.id, action: "project.create", targetType: "project", targetId: created.id, data: { name } }, tx);
    return created;
  });
  revalidatePath("/projects");
  return project;
});

export const updateProjectSettings = projectAction(
  { permission: "settings.write", schema: projectSettingsSchema },
  async ({ projectId, ...settings }, { user }) => {
    await db.$transaction(async (tx) => {
      await tx.project.update({ where: { id: projectId }, data: settings });
      await recordAudit({ projectId, actorId: user.id, action: "project.settings", targetType: "project", targetId: projectId, data: settings }, tx);
    });
    revalidatePath(`/projects/${projectId}`, "layout");
    return { projectId };
  },
);
