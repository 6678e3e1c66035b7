import { db } from "@/lib/db/client";

/** Accounts made by single sign-on have none (an empty hash) until an admin sets one. */
export async function hasPassword(userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return !!user?.passwordHash;
}
