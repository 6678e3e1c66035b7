import { forbidden, notFound } from "next/navigation";
import { cache } from "react";
import { projectRole } from "@/lib/auth/authorize";
import { roleCan, type Permission } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

// Pages check access themselves (layouts do not protect server actions or
// parallel renders). cache() dedupes the lookups between layout and page.
export const loadProjectAccess = cache(async (projectId: string) => {
  const user = await requireUser();
  const role = await projectRole(user.id, projectId, user.isInstanceAdmin);
  if (!role) notFound();
  const project = await db.project.findUnique({ where: { id: projectId } });
  if (!project) notFound();
  return { user, role, project, can: (permission: Permission) => roleCan(role, permission) };
});

/** For pages: the project and role, a 404 for non-members, a 403 without the permission. */
export async function requireProjectPage(projectId: string, permission: Permission) {
  const access = await loadProjectAccess(projectId);
  if (!access.can(permission)) forbidden();
  return access;
}
