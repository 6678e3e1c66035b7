import { db } from "@/lib/db/client";

export function listMembers(projectId: string) {
  return db.membership.findMany({
    where: { projectId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
}
