import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { SafeError } from "@/lib/errors";
import { roleCan, tokenCan, type Permission } from "./permissions";
import { hashApiToken } from "./tokens";

// Who is acting: a signed-in person, or a project API token.
export type Actor =
  | { kind: "user"; userId: string; isInstanceAdmin: boolean; membership?: { projectId: string; role: Role | null } }
  | { kind: "token"; tokenId: string; projectId: string; scope: "READ" | "WRITE"; createdById: string };

/** The role a user holds in a project; instance admins act as project admins everywhere. */
export async function projectRole(userId: string, projectId: string, isInstanceAdmin = false): Promise<Role | null> {
  if (isInstanceAdmin) return effectiveRole(true, null);
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId, userId } },
    select: { role: true },
  });
  return effectiveRole(false, membership?.role ?? null);
}

/** The role that counts, from a membership already read. */
function effectiveRole(isInstanceAdmin: boolean, memberRole: Role | null): Role | null {
  return isInstanceAdmin ? "ADMIN" : memberRole;
}

/**
 * Throws FORBIDDEN unless the actor may use `permission` in `projectId`.
 * Projects the actor cannot see answer NOT_FOUND, so ids do not leak.
 */
export async function requireProjectPermission(actor: Actor, projectId: string, permission: Permission) {
  if (actor.kind === "token") {
    if (actor.projectId !== projectId) throw new SafeError("FORBIDDEN", "This API token belongs to another project.");
    if (!tokenCan(actor.scope, permission)) throw new SafeError("FORBIDDEN", tokenRefusal(permission));
    return { role: null as Role | null };
  }
  // The session lookup may already have read the membership (one query for both).
  const role =
    actor.membership?.projectId === projectId
      ? effectiveRole(actor.isInstanceAdmin, actor.membership.role)
      : await projectRole(actor.userId, projectId, actor.isInstanceAdmin);
  if (!role) throw new SafeError("NOT_FOUND", "Project not found.");
  if (!roleCan(role, permission)) {
    throw new SafeError("FORBIDDEN", `Forbidden: your role (${role.toLowerCase()}) may not do "${permission}".`);
  }
  return { role };
}

/** Why a token may not do `permission`, truthfully: a write token is not "read-only", some things need a person. */
function tokenRefusal(permission: Permission) {
  if (tokenCan("WRITE", permission)) return `This API token is read-only; "${permission}" needs a write token.`;
  if (permission === "labels.submit") {
    return "Labels are submitted by people: review submit needs a signed-in reviewer session, and API tokens (read or write) cannot submit labels. To bring in existing labels, import them (POST /labels).";
  }
  return `API tokens (read or write) cannot do "${permission}": sign in as a project member with that permission.`;
}

export async function actorFromApiToken(secret: string): Promise<Actor | null> {
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(secret) },
    select: { id: true, projectId: true, scope: true, revokedAt: true, createdById: true, lastUsedAt: true },
  });
  if (!token || token.revokedAt) return null;
  // Touch lastUsedAt at most once a minute: not a write per request.
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  }
  return { kind: "token", tokenId: token.id, projectId: token.projectId, scope: token.scope, createdById: token.createdById };
}
