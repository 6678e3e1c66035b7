import { db } from "@/lib/db/client";

/** The project's tokens for the settings screen: never the hash, only the visible prefix. */
export function listApiTokens(projectId: string) {
  return db.apiToken.findMany({
    where: { projectId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { name: true } } },
  });
}
