import { db } from "@/lib/db/client";
import { Prisma, type JudgeRunStatus } from "@/lib/generated/prisma/client";

// Reads for the judge run screens; the live figures come from progress.ts.

/** A run's header: which judge version on which scope, when and by whom; null when not this project's. */
export async function judgeRunHeader(projectId: string, runId: string) {
  const run = await db.judgeRun.findFirst({
    where: { id: runId, projectId },
    select: {
      id: true,
      scope: true,
      createdAt: true,
      createdById: true,
      judge: { select: { name: true, version: true, promptVersion: true, model: true, definitionId: true } },
    },
  });
  if (!run) return null;
  const creator = run.createdById ? await db.user.findUnique({ where: { id: run.createdById }, select: { name: true } }) : null;
  const scope = run.scope as { purpose?: string; runIds?: string[]; itemIds?: string[] };
  return { ...run, createdBy: creator?.name ?? null, purpose: scope.purpose ?? "dataset", runCount: scope.runIds?.length ?? 0, itemCount: scope.itemIds?.length ?? null };
}

type RecentJudgeRun = { id: string; status: JudgeRunStatus; total: number; createdAt: Date; judge: { name: string; version: number | null; promptVersion: string } };

export type JudgeRunListFilter = { kind: "dataset" } | { kind: "online"; ruleId: string };

/**
 * The project's latest judge runs, newest first: runs people started
 * (dataset, held-out, promotion), or one evaluation rule's online batches —
 * online judges make one run per batch of traffic, summarised per rule
 * elsewhere (lib/evaluation/online-runs.ts) so they do not bury the others.
 */
export async function recentJudgeRuns(projectId: string, filter: JudgeRunListFilter = { kind: "dataset" }, take = 50) {
  // "purpose" may be missing from an old run's scope: IS DISTINCT FROM keeps those.
  const which =
    filter.kind === "online"
      ? Prisma.sql`r.scope->>'purpose' = 'online' AND r.scope->>'ruleId' = ${filter.ruleId}`
      : Prisma.sql`(r.scope->>'purpose') IS DISTINCT FROM 'online'`;
  return db.$queryRaw<RecentJudgeRun[]>`
    SELECT r.id, r.status, r.total, r."createdAt", json_build_object('name', j.name, 'version', j.version, 'promptVersion', j."promptVersion") AS judge
    FROM "JudgeRun" r JOIN "Judge" j ON j.id = r."judgeId"
    WHERE r."projectId" = ${projectId} AND ${which}
    ORDER BY r."createdAt" DESC, r.id DESC LIMIT ${take}`;
}
