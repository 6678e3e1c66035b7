import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

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
      ? Prisma.sql`scope->>'purpose' = 'online' AND scope->>'ruleId' = ${filter.ruleId}`
      : Prisma.sql`(scope->>'purpose') IS DISTINCT FROM 'online'`;
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "JudgeRun" WHERE "projectId" = ${projectId} AND ${which} ORDER BY "createdAt" DESC, id DESC LIMIT ${take}`;
  return db.judgeRun.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, status: true, total: true, createdAt: true, judge: { select: { name: true, version: true, promptVersion: true } } },
  });
}
