import { db } from "@/lib/db/client";

/** One reviewer's progress in a project, and the team's, counted in SQL. */
export async function reviewProgress(projectId: string, reviewerId: string) {
  const [mine] = await db.$queryRaw<{ submitted: bigint; skipped: bigint; active_ms: bigint | null }[]>`
    SELECT COUNT(*) FILTER (WHERE a.status = 'SUBMITTED') AS submitted,
           COUNT(*) FILTER (WHERE a.status = 'SKIPPED') AS skipped,
           SUM(a."activeMs") FILTER (WHERE a.status = 'SUBMITTED') AS active_ms
    FROM "Assignment" a JOIN "ReviewTask" t ON t.id = a."taskId"
    WHERE t."projectId" = ${projectId} AND a."reviewerId" = ${reviewerId}`;
  const [team] = await db.$queryRaw<{ done: bigint; needed: bigint; available: bigint }[]>`
    SELECT COALESCE(SUM(LEAST(t."labelCount", t.overlap)), 0) AS done,
           COALESCE(SUM(t.overlap), 0) AS needed,
           COUNT(*) FILTER (WHERE t.status = 'OPEN' AND NOT EXISTS (
             SELECT 1 FROM "Assignment" a WHERE a."taskId" = t.id AND a."reviewerId" = ${reviewerId})) AS available
    FROM "ReviewTask" t WHERE t."projectId" = ${projectId}`;
  return {
    submitted: Number(mine?.submitted ?? 0),
    skipped: Number(mine?.skipped ?? 0),
    activeMs: Number(mine?.active_ms ?? 0),
    teamDone: Number(team?.done ?? 0),
    teamNeeded: Number(team?.needed ?? 0),
    availableToMe: Number(team?.available ?? 0),
  };
}
