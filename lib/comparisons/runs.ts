import { db } from "@/lib/db/client";
import { judgesWithScores } from "@/lib/judges/queries";
import { SafeError } from "@/lib/errors";

// Loading the runs of a comparison, with the errors people need to see.

export type RunSummary = { id: string; name: string; model: string; promptVersion: string; datasetVersionId: string; datasetName: string; datasetVersion: number };

export async function loadRun(projectId: string, runId: string, field: string): Promise<RunSummary> {
  const run = await db.run.findFirst({
    where: { projectId, OR: [{ id: runId }, { name: runId }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, model: true, promptVersion: true, datasetVersionId: true, datasetVersion: { select: { version: true, dataset: { select: { name: true } } } } },
  });
  if (!run) throw new SafeError("NOT_FOUND", `Unknown ${field} run "${runId}": no run with this id or name in the project.`, [{ field, message: "Unknown run." }]);
  return { id: run.id, name: run.name, model: run.model, promptVersion: run.promptVersion, datasetVersionId: run.datasetVersionId, datasetName: run.datasetVersion.dataset.name, datasetVersion: run.datasetVersion.version };
}

/** Both runs, refusing a pair scored on different dataset versions (their items are not the same questions). */
export async function loadRunPair(projectId: string, baselineId: string, candidateId: string) {
  const baseline = await loadRun(projectId, baselineId, "baseline");
  const candidate = await loadRun(projectId, candidateId, "candidate");
  if (baseline.id === candidate.id) {
    throw new SafeError("VALIDATION", "Baseline and candidate are the same run.", [{ field: "candidate", message: "Pick a different run." }]);
  }
  if (baseline.datasetVersionId !== candidate.datasetVersionId) {
    throw new SafeError(
      "VALIDATION",
      `The runs were scored on different dataset versions: ${baseline.name} on ${baseline.datasetName} v${baseline.datasetVersion}, ${candidate.name} on ${candidate.datasetName} v${candidate.datasetVersion}. Compare runs on the same version.`,
      [{ field: "candidate", message: "Different dataset version from the baseline." }],
    );
  }
  return { baseline, candidate };
}

/**
 * The pointwise judge that decides where no human consensus exists: the one
 * asked for (by id, or by name with optional "@promptVersion"), else the judge
 * with most scores on these runs.
 */
export async function resolveJudge(projectId: string, runIds: string[], requested: string | undefined) {
  if (requested) {
    const [judge] = await judgesWithScores(projectId, "POINTWISE", { ref: requested, limit: 1 });
    if (!judge) throw new SafeError("NOT_FOUND", `Unknown pointwise judge "${requested}".`, [{ field: "judge", message: "Unknown judge." }]);
    return judge;
  }
  // With one pointwise judge there is nothing to rank: whether it scored these runs at all is
  // one index probe, where counting its scores would join every score with its output.
  const judges = await judgesWithScores(projectId, "POINTWISE", { limit: 2 });
  if (judges.length === 0) return null;
  if (judges.length === 1) {
    const [judge] = judges;
    const [scored] = await db.$queryRaw<{ scored: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM "Output" o JOIN "JudgeScore" s ON s."outputId" = o.id AND s."judgeId" = ${judge!.id}
        WHERE o."runId" = ANY(${runIds}::text[])
      ) AS scored`;
    return scored?.scored ? judge! : null;
  }
  const rows = await db.$queryRaw<{ id: string; name: string; promptVersion: string }[]>`
    SELECT j.id, j.name, j."promptVersion"
    FROM "Judge" j JOIN "JudgeScore" s ON s."judgeId" = j.id JOIN "Output" o ON o.id = s."outputId"
    WHERE j."projectId" = ${projectId} AND o."runId" = ANY(${runIds}::text[])
    GROUP BY j.id ORDER BY count(*) DESC, max(j."createdAt") DESC, j."promptVersion" DESC, j.id LIMIT 1`;
  return rows[0] ?? null;
}

