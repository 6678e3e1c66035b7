import { db } from "@/lib/db/client";
import { rawSql } from "@/lib/db/raw-sql";
import type { Role, TokenScope } from "@/lib/generated/prisma/enums";
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

/**
 * The actor behind an API token, or null when the token is unknown or revoked.
 * A token never does more than its creator may do now: its creator's role in
 * the project (instance admins count as admins) is read with the token, on
 * every use, and caps the scope (see effectiveTokenScope). A creator who can
 * no longer read the project's data makes the token refused with FORBIDDEN.
 */
export async function actorFromApiToken(secret: string): Promise<Actor | null> {
  const [token] = await rawSql.$queryRaw<
    { id: string; project_id: string; scope: TokenScope; revoked_at: Date | null; created_by_id: string; last_used_at: Date | null; creator_is_instance_admin: boolean; creator_role: Role | null }[]
  >`
    SELECT t.id, t."projectId" AS project_id, t.scope::text AS scope, t."revokedAt" AS revoked_at, t."createdById" AS created_by_id,
           t."lastUsedAt" AS last_used_at, u."isInstanceAdmin" AS creator_is_instance_admin, m.role::text AS creator_role
    FROM "ApiToken" t JOIN "User" u ON u.id = t."createdById"
    LEFT JOIN "Membership" m ON m."userId" = t."createdById" AND m."projectId" = t."projectId"
    WHERE t."tokenHash" = ${hashApiToken(secret)}`;
  if (!token || token.revoked_at) return null;
  const scope = effectiveTokenScope(token.scope, effectiveRole(token.creator_is_instance_admin, token.creator_role));
  if (!scope) {
    throw new SafeError("FORBIDDEN", "This API token no longer works: the person who created it is no longer an admin or lead of this project. Ask a project admin for a new token.");
  }
  // Touch lastUsedAt at most once a minute: not a write per request.
  if (!token.last_used_at || Date.now() - token.last_used_at.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  }
  return { kind: "token", tokenId: token.id, projectId: token.project_id, scope, createdById: token.created_by_id };
}

/**
 * What a token may do given its creator's current role: an admin's token keeps
 * its scope; a creator demoted to lead can still read what a read token reads,
 * so a write token acts as a read token (and writes again if they become admin
 * again); a reviewer or non-member cannot read datasets or dashboards, so the
 * token does nothing (null).
 */
export function effectiveTokenScope(scope: TokenScope, creatorRole: Role | null): TokenScope | null {
  if (creatorRole === "ADMIN") return scope;
  if (creatorRole === "LEAD") return "READ";
  return null;
}
