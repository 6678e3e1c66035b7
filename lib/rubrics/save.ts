import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { CriterionInput } from "./schemas";

// Saving a rubric. A version that already carries labels, judge scores or
// ground truth is frozen: the edit becomes a new version and everything
// recorded keeps pointing at the criteria it was given under. A version
// nobody has used yet is edited in place (criteria matched by key), so
// tweaking a fresh rubric does not litter it with versions.

/** Whether labels, judge scores or ground truth point at the version (then an edit makes a new one). */
export async function versionInUse(tx: Pick<Prisma.TransactionClient, "$queryRaw">, rubricVersionId: string) {
  const [row] = await tx.$queryRaw<{ used: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Label" WHERE "rubricVersionId" = ${rubricVersionId})
        OR EXISTS (SELECT 1 FROM "JudgeScore" js JOIN "Criterion" c ON c.id = js."criterionId" WHERE c."rubricVersionId" = ${rubricVersionId})
        OR EXISTS (SELECT 1 FROM "PairwiseJudgeScore" ps JOIN "Criterion" c ON c.id = ps."criterionId" WHERE c."rubricVersionId" = ${rubricVersionId})
        OR EXISTS (SELECT 1 FROM "GroundTruth" g JOIN "Criterion" c ON c.id = g."criterionId" WHERE c."rubricVersionId" = ${rubricVersionId}) AS used`;
  return row?.used ?? false;
}

function criterionData(criterion: CriterionInput, position: number) {
  return {
    key: criterion.key,
    name: criterion.name,
    description: criterion.description,
    kind: criterion.kind,
    required: criterion.required,
    pairwiseScope: criterion.pairwiseScope,
    position,
    config: criterion.config as Prisma.InputJsonValue,
  };
}

export async function saveRubric(input: { projectId: string; rubricId?: string; name: string; instructions?: string; criteria: CriterionInput[] }, actorId: string) {
  return db.$transaction(async (tx) => {
    if (!input.rubricId) {
      const taken = await tx.rubric.findUnique({ where: { projectId_name: { projectId: input.projectId, name: input.name } }, select: { id: true } });
      if (taken) throw new SafeError("CONFLICT", `A rubric named "${input.name}" already exists.`, [{ field: "name", message: "Already taken." }]);
      const rubric = await tx.rubric.create({ data: { projectId: input.projectId, name: input.name, instructions: input.instructions ?? "" } });
      const version = await tx.rubricVersion.create({
        data: { rubricId: rubric.id, version: 1, createdById: actorId, criteria: { create: input.criteria.map(criterionData) } },
      });
      await recordAudit({ projectId: input.projectId, actorId, action: "rubric.create", targetType: "Rubric", targetId: rubric.id, data: { name: input.name, criteria: input.criteria.length } }, tx);
      return { rubricId: rubric.id, rubricVersionId: version.id, version: 1, newVersion: true };
    }

    const rubric = await tx.rubric.findFirst({ where: { id: input.rubricId, projectId: input.projectId }, select: { id: true, name: true, instructions: true } });
    if (!rubric) throw new SafeError("NOT_FOUND", "Rubric not found.");
    // Serialise concurrent edits of the same rubric.
    await tx.$queryRaw`SELECT 1 FROM "Rubric" WHERE id = ${rubric.id} FOR UPDATE`;
    // Guidelines belong to the rubric, not a version: rewording them changes no label's meaning.
    const instructions = input.instructions ?? rubric.instructions;
    if (rubric.name !== input.name || rubric.instructions !== instructions) await tx.rubric.update({ where: { id: rubric.id }, data: { name: input.name, instructions } });
    const latest = await tx.rubricVersion.findFirst({ where: { rubricId: rubric.id }, orderBy: { version: "desc" }, select: { id: true, version: true } });

    if (!latest || (await versionInUse(tx, latest.id))) {
      const version = await tx.rubricVersion.create({
        data: { rubricId: rubric.id, version: (latest?.version ?? 0) + 1, createdById: actorId, criteria: { create: input.criteria.map(criterionData) } },
      });
      await recordAudit({ projectId: input.projectId, actorId, action: "rubric.version", targetType: "Rubric", targetId: rubric.id, data: { version: version.version } }, tx);
      return { rubricId: rubric.id, rubricVersionId: version.id, version: version.version, newVersion: true };
    }

    // In place: park positions out of the way first (position is unique per version).
    await tx.$executeRaw`UPDATE "Criterion" SET position = -1 - position WHERE "rubricVersionId" = ${latest.id}`;
    const keys = input.criteria.map((criterion) => criterion.key);
    await tx.criterion.deleteMany({ where: { rubricVersionId: latest.id, key: { notIn: keys } } });
    for (const [position, criterion] of input.criteria.entries()) {
      const data = criterionData(criterion, position);
      await tx.criterion.upsert({
        where: { rubricVersionId_key: { rubricVersionId: latest.id, key: criterion.key } },
        create: { ...data, rubricVersionId: latest.id },
        update: data,
      });
    }
    await recordAudit({ projectId: input.projectId, actorId, action: "rubric.update", targetType: "Rubric", targetId: rubric.id, data: { version: latest.version } }, tx);
    return { rubricId: rubric.id, rubricVersionId: latest.id, version: latest.version, newVersion: false };
  });
}
