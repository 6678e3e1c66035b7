import { recordAudit } from "@/lib/audit/record";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/auth/password";
import { enforceSignInThrottle, recordSignInAttempt } from "@/lib/auth/rate-limit";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { changePasswordSchema, type ChangePasswordInput } from "./schemas";

/**
 * Gives a signed-in user a new password after checking their current one.
 * Wrong current passwords count as failed sign-ins (same throttle), so this
 * form is no faster a way to guess a password than the sign-in page. The
 * database trigger on passwordHash bumps the session version, which ends
 * every session of the user; the new version is returned so the caller can
 * mint a fresh cookie for the browser that made the change.
 */
export async function changePasswordFor(userId: string, input: ChangePasswordInput) {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new SafeError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!user.passwordHash) {
    await burnPasswordCheck(currentPassword);
    throw new SafeError("CONFLICT", "Your account signs in through single sign-on: it has no password here. Change it at your identity provider.");
  }
  await enforceSignInThrottle(user.email, undefined);
  const ok = await verifyPassword(user.passwordHash, currentPassword);
  if (!ok) {
    await recordSignInAttempt(user.email, undefined, false);
    throw new SafeError("VALIDATION", "The current password is wrong.", [{ field: "currentPassword", message: "Wrong password." }]);
  }
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true, name: true, email: true, sessionVersion: true } });
    await recordAudit({ actorId: userId, action: "user.password.change", targetType: "user", targetId: userId }, tx);
    return updated;
  });
}
