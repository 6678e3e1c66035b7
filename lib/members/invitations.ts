import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";

type InvitationClient = Pick<typeof db, "invitation" | "membership" | "auditEvent">;

/**
 * Turns the invitations waiting for `email` into memberships of `userId`, in
 * the caller's transaction. Called at every sign-in (SSO or password): cheap
 * when nothing waits (one indexed read), and a person invited after their
 * first sign-in joins at their next one. An existing membership wins over an
 * invitation (its role is kept).
 */
export async function acceptInvitations(userId: string, email: string, tx: InvitationClient = db) {
  const invitations = await tx.invitation.findMany({ where: { email: email.toLowerCase() }, select: { id: true, projectId: true, role: true } });
  if (invitations.length === 0) return [];
  await tx.membership.createMany({ data: invitations.map(({ projectId, role }) => ({ projectId, userId, role })), skipDuplicates: true });
  await tx.invitation.deleteMany({ where: { id: { in: invitations.map((invitation) => invitation.id) } } });
  for (const { projectId, role } of invitations) {
    await recordAudit({ projectId, actorId: userId, action: "invitation.accept", targetType: "user", targetId: userId, data: { email, role } }, tx);
  }
  return invitations.map(({ projectId, role }) => ({ projectId, role }));
}

/** acceptInvitations in its own transaction, opened only when an invitation waits (the usual sign-in costs one read). */
export async function joinInvitedProjects(userId: string, email: string) {
  if (!(await db.invitation.findFirst({ where: { email: email.toLowerCase() }, select: { id: true } }))) return [];
  return db.$transaction((tx) => acceptInvitations(userId, email, tx));
}
