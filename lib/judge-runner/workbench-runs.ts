import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { JudgeRunProgress, JudgeRunScope } from "./contracts";
import { createJudgeRun, type RunActor } from "./runs";
import { assignSplit, heldOutItemIds } from "./split";

// The runs the workbench starts. "Try on the held-out set": the version
// judges only the held-out items' units (the outputs, or pairs of runs, the
// experts judged), one run per dataset version they live in. "Promote": the
// version becomes the project's judge for its criterion and runs on the data
// reviewed with its rubric (every review setup's dataset version and runs).

async function versionOf(projectId: string, definitionId: string, judgeId: string) {
  const judge = await db.judge.findFirst({
    where: { id: judgeId, projectId, definitionId },
    select: { id: true, version: true, definition: { select: { id: true, mode: true, rubricId: true, criterionKey: true } } },
  });
  if (!judge?.definition) throw new SafeError("NOT_FOUND", "This version does not belong to the judge definition.");
  return { ...judge, definition: judge.definition };
}

/** Scopes grouped by dataset version; a pairwise judge needs two runs in a scope, so smaller ones are left out. */
function scopesFrom(rows: { datasetVersionId: string; runId: string; itemId?: string }[], mode: "POINTWISE" | "PAIRWISE", purpose: JudgeRunScope["purpose"], withItems: boolean): JudgeRunScope[] {
  const byVersion = new Map<string, { runs: Set<string>; items: Set<string> }>();
  for (const row of rows) {
    const entry = byVersion.get(row.datasetVersionId) ?? { runs: new Set(), items: new Set() };
    entry.runs.add(row.runId);
    if (row.itemId) entry.items.add(row.itemId);
    byVersion.set(row.datasetVersionId, entry);
  }
  return [...byVersion.entries()]
    .filter(([, entry]) => mode === "POINTWISE" || entry.runs.size >= 2)
    .map(([datasetVersionId, entry]) => ({ datasetVersionId, runIds: [...entry.runs].sort(), ...(withItems ? { itemIds: [...entry.items].sort() } : {}), purpose }));
}

export async function startHeldOutRuns(projectId: string, definitionId: string, judgeId: string, actor: RunActor): Promise<JudgeRunProgress[]> {
  const judge = await versionOf(projectId, definitionId, judgeId);
  const { rubricId, criterionKey, mode } = judge.definition;
  await assignSplit(db, { projectId, rubricId, criterionKey });
  const itemIds = await heldOutItemIds(db, rubricId, criterionKey);
  if (itemIds.length === 0) throw new SafeError("VALIDATION", "The held-out set is empty: the criterion needs items with an expert consensus first.");
  // The runs whose outputs the experts judged on held-out items.
  const rows = await db.$queryRaw<{ datasetVersionId: string; runId: string; itemId: string }[]>`
    SELECT DISTINCT i."datasetVersionId" AS "datasetVersionId", o."runId" AS "runId", o."itemId" AS "itemId"
    FROM "HumanJudgment" h
    JOIN "Output" o ON o.id = ANY(string_to_array(h."targetKey", ':'))
    JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE h."projectId" = ${projectId} AND h."criterionKey" = ${criterionKey} AND cardinality(h.consensus) = 1
      AND o."itemId" = ANY(${itemIds}::text[])`;
  const scopes = scopesFrom(rows, mode, "heldout", true);
  if (scopes.length === 0) throw new SafeError("VALIDATION", "No held-out unit can be judged by this version (a pairwise judge needs two runs on the same items).");
  const runs: JudgeRunProgress[] = [];
  for (const scope of scopes) runs.push(await createJudgeRun({ projectId, judgeId, scope, actor }));
  return runs;
}

export async function promoteVersion(projectId: string, definitionId: string, judgeId: string, actor: RunActor & { userId: string }): Promise<JudgeRunProgress[]> {
  const judge = await versionOf(projectId, definitionId, judgeId);
  const { rubricId, criterionKey, mode } = judge.definition;
  await db.$transaction(async (tx) => {
    await tx.judgeDefinition.update({ where: { id: definitionId }, data: { promotedJudgeId: judgeId } });
    await recordAudit({ projectId, actorId: actor.userId, action: "judgeDefinition.promote", targetType: "Judge", targetId: judgeId, data: { definitionId, version: judge.version, criterionKey } }, tx);
  });
  const setups = await db.reviewSetup.findMany({ where: { projectId, rubricVersion: { rubricId } }, select: { datasetVersionId: true, runIds: true } });
  const rows = setups.flatMap((setup) => setup.runIds.map((runId) => ({ datasetVersionId: setup.datasetVersionId, runId })));
  const runs: JudgeRunProgress[] = [];
  for (const scope of scopesFrom(rows, mode, "promote", false)) runs.push(await createJudgeRun({ projectId, judgeId, scope, actor }));
  return runs;
}
