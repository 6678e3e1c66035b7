import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { sessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { changePasswordFor } from "./change-password";

// Changing one's own password: the current one is checked (and throttled like
// sign-ins), the new one follows the strength rule, every older session ends.

async function accountWithPassword(password: string) {
  const email = `pw-${crypto.randomUUID()}@test.local`;
  return db.user.create({ data: { email, name: "Pat", passwordHash: password ? await hashPassword(password) : "" }, select: { id: true, email: true, sessionVersion: true } });
}

const input = (currentPassword: string, newPassword: string, confirmPassword = newPassword) => ({ currentPassword, newPassword, confirmPassword });

describe("changePasswordFor", () => {
  it("sets the new password, ends the sessions minted before and records an audit event", async () => {
    const pat = await accountWithPassword("old password 123");
    const updated = await changePasswordFor(pat.id, input("old password 123", "a brand new passphrase"));
    expect(updated.sessionVersion).toBe(pat.sessionVersion + 1);
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: pat.id }, select: { passwordHash: true } });
    expect(await verifyPassword(passwordHash, "a brand new passphrase")).toBe(true);
    expect(await sessionUser({ userId: pat.id, sessionVersion: pat.sessionVersion })).toBeNull();
    expect(await sessionUser({ userId: pat.id, sessionVersion: updated.sessionVersion })).toMatchObject({ id: pat.id });
    expect(await db.auditEvent.findMany({ where: { actorId: pat.id }, select: { action: true, projectId: true, targetId: true } })).toEqual([
      { action: "user.password.change", projectId: null, targetId: pat.id },
    ]);
  });

  it("refuses a wrong current password, naming the field, and counts it as a failed sign-in", async () => {
    const pat = await accountWithPassword("old password 123");
    await expect(changePasswordFor(pat.id, input("guess", "a brand new passphrase"))).rejects.toMatchObject({ code: "VALIDATION", issues: [{ field: "currentPassword" }] });
    expect(await db.signInAttempt.count({ where: { key: `email:${pat.email}`, success: false } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: pat.id } })).sessionVersion).toBe(pat.sessionVersion);
  });

  it("applies the strength rule and the confirmation", async () => {
    const pat = await accountWithPassword("old password 123");
    await expect(changePasswordFor(pat.id, input("old password 123", "short"))).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["newPassword"] })] });
    await expect(changePasswordFor(pat.id, input("old password 123", "a brand new passphrase", "a brand new passphrasE"))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["confirmPassword"], message: "The two new passwords differ." })],
    });
    await expect(changePasswordFor(pat.id, input("old password 123", "old password 123"))).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["newPassword"] })] });
  });

  it("an account made by single sign-on has no password to change", async () => {
    const sso = await accountWithPassword("");
    await expect(changePasswordFor(sso.id, input("anything at all", "a brand new passphrase"))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("single sign-on") });
  });
});
