import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { rawSql } from "@/lib/db/raw-sql";
import type { Role } from "@/lib/generated/prisma/enums";
import { sessionClaimsFromToken, sessionTokenFrom, type SessionClaims } from "./session-token";

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  isInstanceAdmin: boolean;
  /** Present when the user was looked up for a project: their role there, read by the same query. */
  membership?: { projectId: string; role: Role | null };
};

/**
 * The signed-in user, re-read from the database on every request so a deleted
 * user or a revoked instance-admin flag takes effect at once. A malformed,
 * forged or expired session cookie simply yields no user, and so does one
 * minted before the user's sessions were ended (sign-out, new password): the
 * same read compares the cookie's session version with the user's. With `projectId`,
 * the same query also reads the user's membership there, so a project-scoped
 * request checks its permission without a second round trip.
 */
export async function getCurrentUser(options: { projectId?: string } = {}): Promise<CurrentUser | null> {
  let claims: SessionClaims | null;
  try {
    claims = await sessionClaimsFromToken(sessionTokenFrom(await cookies()));
  } catch {
    return null; // outside a request: no session
  }
  if (!claims) return null;
  return sessionUser(claims, options.projectId);
}

/**
 * The user behind a session and, when asked, their membership in one project:
 * one statement. The session's version must still be the user's current one.
 */
export async function sessionUser(session: SessionClaims, projectId?: string): Promise<CurrentUser | null> {
  const [row] = await rawSql.$queryRaw<{ id: string; name: string; email: string; is_instance_admin: boolean; session_version: number; role: Role | null }[]>`
    SELECT u.id, u.name, u.email, u."isInstanceAdmin" AS is_instance_admin, u."sessionVersion" AS session_version, m.role::text AS role
    FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id AND m."projectId" = ${projectId ?? ""}
    WHERE u.id = ${session.userId}`;
  if (!row) return null;
  if (row.session_version !== session.sessionVersion) return null;
  const user: CurrentUser = { id: row.id, name: row.name, email: row.email, isInstanceAdmin: row.is_instance_admin };
  if (projectId) user.membership = { projectId, role: row.role };
  return user;
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
