import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { rawSql } from "@/lib/db/raw-sql";
import type { Role } from "@/lib/generated/prisma/enums";
import { sessionTokenFrom, userIdFromSessionToken } from "./session-token";

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
 * forged or expired session cookie simply yields no user. With `projectId`,
 * the same query also reads the user's membership there, so a project-scoped
 * request checks its permission without a second round trip.
 */
export async function getCurrentUser(options: { projectId?: string } = {}): Promise<CurrentUser | null> {
  let userId: string | null;
  try {
    userId = await userIdFromSessionToken(sessionTokenFrom(await cookies()));
  } catch {
    return null; // outside a request: no session
  }
  if (!userId) return null;
  return sessionUser(userId, options.projectId);
}

/** The user behind a session and, when asked, their membership in one project: one statement. */
export async function sessionUser(userId: string, projectId?: string): Promise<CurrentUser | null> {
  const [row] = await rawSql.$queryRaw<{ id: string; name: string; email: string; is_instance_admin: boolean; role: Role | null }[]>`
    SELECT u.id, u.name, u.email, u."isInstanceAdmin" AS is_instance_admin, m.role::text AS role
    FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id AND m."projectId" = ${projectId ?? ""}
    WHERE u.id = ${userId}`;
  if (!row) return null;
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
