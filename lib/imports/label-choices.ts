import { db } from "@/lib/db/client";

// What the upload screen offers when mapping a Label Studio export's users
// and controls: the project's members (by email) and each rubric's current
// criteria.

export async function labelMappingChoices(projectId: string) {
  const [memberships, rubrics] = await Promise.all([
    db.membership.findMany({ where: { projectId }, select: { user: { select: { email: true, name: true } } }, orderBy: { user: { email: "asc" } } }),
    db.rubric.findMany({
      where: { projectId },
      orderBy: { createdAt: "asc" },
      select: { name: true, versions: { orderBy: { version: "desc" }, take: 1, select: { criteria: { orderBy: { position: "asc" }, select: { key: true, name: true, kind: true } } } } },
    }),
  ]);
  return {
    members: memberships.map((m) => ({ email: m.user.email.toLowerCase(), name: m.user.name })),
    criteria: rubrics.map((r) => ({ rubric: r.name, criteria: r.versions[0]?.criteria ?? [] })),
  };
}
