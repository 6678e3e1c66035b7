import { db } from "@/lib/db/client";

export function listMembers(projectId: string) {
  return db.membership.findMany({
    where: { projectId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
}

/** Invitations not yet accepted: emails with a role waiting for their first sign-in. */
export function listInvitations(projectId: string) {
  return db.invitation.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: { email: true, role: true, createdAt: true } });
}
