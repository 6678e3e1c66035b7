"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/auth/action";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { addMemberSchema, cancelInvitationSchema, MIN_PASSWORD_LENGTH, removeMemberSchema, setMemberRoleSchema } from "./schemas";

export const addMember = projectAction(
  { permission: "members.manage", schema: addMemberSchema },
  async ({ projectId, email, role, name, initialPassword }, { user }) => {
    let member = await db.user.findUnique({ where: { email }, select: { id: true } });
    // No account and no initial password: an invitation, turned into a membership
    // when someone signs in with this email (SSO with a verified email, or a password set later).
    if (!member && !initialPassword) return inviteByEmail(projectId, email, role, user.id);
    if (!member) {
      if (!name) throw new SafeError("VALIDATION", "No account uses this email yet: give a name to create one.", [{ field: "name", message: "Required for a new account." }]);
      if (!initialPassword || initialPassword.length < MIN_PASSWORD_LENGTH) {
        throw new SafeError("VALIDATION", `A new account needs an initial password of at least ${MIN_PASSWORD_LENGTH} characters.`, [
          { field: "initialPassword", message: `At least ${MIN_PASSWORD_LENGTH} characters.` },
        ]);
      }
      member = await db.user.create({ data: { email, name, passwordHash: await hashPassword(initialPassword) }, select: { id: true } });
    }
    const memberId = member.id;
    await db.$transaction(async (tx) => {
      const existing = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId: memberId } } });
      if (existing) throw new SafeError("CONFLICT", `${email} is already a member of this project.`);
      await tx.membership.create({ data: { projectId, userId: memberId, role } });
      await recordAudit({ projectId, actorId: user.id, action: "member.add", targetType: "user", targetId: memberId, data: { email, role } }, tx);
    });
    revalidatePath(`/projects/${projectId}/settings`);
    return { userId: memberId as string | null, invited: null as string | null };
  },
);

export const setMemberRole = projectAction(
  { permission: "members.manage", schema: setMemberRoleSchema },
  async ({ projectId, userId, role }, { user }) => {
    await db.$transaction(async (tx) => {
      const membership = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } } });
      if (!membership) throw new SafeError("NOT_FOUND", "That person is not a member of this project.");
      if (membership.role === "ADMIN" && role !== "ADMIN") await ensureAnotherAdmin(tx, projectId, userId);
      await tx.membership.update({ where: { id: membership.id }, data: { role } });
      await recordAudit({ projectId, actorId: user.id, action: "member.role", targetType: "user", targetId: userId, data: { from: membership.role, to: role } }, tx);
    });
    revalidatePath(`/projects/${projectId}/settings`);
    return { userId, role };
  },
);

export const removeMember = projectAction(
  { permission: "members.manage", schema: removeMemberSchema },
  async ({ projectId, userId }, { user }) => {
    await db.$transaction(async (tx) => {
      const membership = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } } });
      if (!membership) throw new SafeError("NOT_FOUND", "That person is not a member of this project.");
      if (membership.role === "ADMIN") await ensureAnotherAdmin(tx, projectId, userId);
      await tx.membership.delete({ where: { id: membership.id } });
      // Their API tokens leave with them (each use also re-checks the creator's role: lib/auth/authorize.ts).
      const revoked = await tx.apiToken.updateMany({ where: { projectId, createdById: userId, revokedAt: null }, data: { revokedAt: new Date() } });
      await recordAudit({ projectId, actorId: user.id, action: "member.remove", targetType: "user", targetId: userId, data: { tokensRevoked: revoked.count } }, tx);
    });
    revalidatePath(`/projects/${projectId}/settings`);
    return { userId };
  },
);

async function inviteByEmail(projectId: string, email: string, role: Role, actorId: string) {
  await db.$transaction(async (tx) => {
    if (await tx.invitation.findUnique({ where: { projectId_email: { projectId, email } }, select: { id: true } })) {
      throw new SafeError("CONFLICT", `${email} is already invited to this project.`);
    }
    await tx.invitation.create({ data: { projectId, email, role } });
    await recordAudit({ projectId, actorId, action: "member.invite", targetType: "invitation", targetId: email, data: { email, role } }, tx);
  });
  revalidatePath(`/projects/${projectId}/settings`);
  return { userId: null, invited: email };
}

export const cancelInvitation = projectAction(
  { permission: "members.manage", schema: cancelInvitationSchema },
  async ({ projectId, email }, { user }) => {
    await db.$transaction(async (tx) => {
      const { count } = await tx.invitation.deleteMany({ where: { projectId, email } });
      if (count === 0) throw new SafeError("NOT_FOUND", `No pending invitation for ${email} in this project.`);
      await recordAudit({ projectId, actorId: user.id, action: "invitation.cancel", targetType: "invitation", targetId: email, data: { email } }, tx);
    });
    revalidatePath(`/projects/${projectId}/settings`);
    return { email };
  },
);

// A project without an admin could never be managed again.
async function ensureAnotherAdmin(tx: Pick<typeof db, "membership">, projectId: string, userId: string) {
  const admins = await tx.membership.count({ where: { projectId, role: "ADMIN", userId: { not: userId } } });
  if (admins === 0) throw new SafeError("CONFLICT", "A project needs at least one admin: make someone else admin first.");
}
