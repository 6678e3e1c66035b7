import { db } from "@/lib/db/client";

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

/** The project's latest judge runs, newest first. */
export async function recentJudgeRuns(projectId: string, take = 50) {
  return db.judgeRun.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, status: true, total: true, createdAt: true, judge: { select: { name: true, version: true, promptVersion: true } } },
  });
}
