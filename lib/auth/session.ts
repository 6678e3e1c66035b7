import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";

export type CurrentUser = { id: string; name: string; email: string; isInstanceAdmin: boolean };

/**
 * The signed-in user, re-read from the database on every request so a deleted
 * user or a revoked instance-admin flag takes effect at once. A malformed or
 * forged session cookie simply yields no user.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  let session;
  try {
    session = await getServerSession(authOptions);
  } catch {
    return null;
  }
  const id = session?.user?.id;
  if (!id) return null;
  return db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, isInstanceAdmin: true } });
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
