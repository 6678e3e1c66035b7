import { describeCriterion, parseCode, type CriterionKindName } from "@/lib/agreement/criteria";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import type { z } from "zod";
import type { adjudicateSchema } from "./schemas";

// Sets a unit's ground truth: the criterion is found by key (its newest
// version, as labels are matched across versions), the label must be on the
// declared scale, and the change is audited in the same transaction.

export async function setGroundTruth(input: z.output<typeof adjudicateSchema>, actor: { userId: string }) {
  const criterion = await db.criterion.findFirst({
    where: { key: input.criterionKey, rubricVersion: { rubric: { projectId: input.projectId } } },
    select: { id: true, key: true, name: true, kind: true, config: true },
    orderBy: { rubricVersion: { createdAt: "desc" } },
  });
  if (!criterion) throw new SafeError("NOT_FOUND", `No criterion "${input.criterionKey}" in this project.`);
  const outputIds = input.targetKey.split(":");
  const pair = criterion.kind === "PREFERENCE";
  if (pair !== (outputIds.length === 2)) {
    throw new SafeError("VALIDATION", "The target does not fit the criterion.", [
      { field: "targetKey", message: pair ? "A preference is given on a pair \"<outputA>:<outputB>\"." : "This criterion is judged on one output id." },
    ]);
  }
  if (pair && !(outputIds[0]! < outputIds[1]!)) {
    throw new SafeError("VALIDATION", "Pair targets list the smaller output id first.", [{ field: "targetKey", message: "Expected \"<outputA>:<outputB>\" with outputA < outputB." }]);
  }
  const found = await db.output.count({ where: { id: { in: outputIds }, run: { projectId: input.projectId } } });
  if (found !== outputIds.length) throw new SafeError("NOT_FOUND", "Output not found in this project.");

  const described = describeCriterion({ ...criterion, kind: criterion.kind as CriterionKindName });
  let value: number | null = null;
  let category: string | null = null;
  if (input.status !== "CONTESTED" || input.value !== null || input.category !== null) {
    const code = described.numeric ? (input.value === null ? null : String(input.value)) : input.category;
    const field = described.numeric ? "value" : "category";
    const parsed = code === null ? null : described.kind === "RANKING" ? Number(code) : parseCode(described, code);
    if (parsed === null || (typeof parsed === "number" && !Number.isFinite(parsed))) {
      throw new SafeError("VALIDATION", `That is not a value of "${criterion.name}".`, [
        { field, message: `Expected one of: ${described.categories.map(String).join(", ") || "a position"}.` },
      ]);
    }
    if (typeof parsed === "number") value = parsed;
    else category = parsed;
  }

  return db.$transaction(async (tx) => {
    const before = await tx.groundTruth.findUnique({ where: { criterionId_targetKey: { criterionId: criterion.id, targetKey: input.targetKey } } });
    const data = {
      value,
      category,
      status: input.status,
      note: input.note,
      adjudicatedById: actor.userId,
      outputId: outputIds[0]!,
      otherOutputId: outputIds[1] ?? null,
    };
    const saved = await tx.groundTruth.upsert({
      where: { criterionId_targetKey: { criterionId: criterion.id, targetKey: input.targetKey } },
      create: { projectId: input.projectId, criterionId: criterion.id, targetKey: input.targetKey, ...data },
      update: data,
    });
    await recordAudit(
      {
        projectId: input.projectId,
        actorId: actor.userId,
        action: "groundTruth.set",
        targetType: "GroundTruth",
        targetId: saved.id,
        data: {
          criterionKey: criterion.key,
          targetKey: input.targetKey,
          before: before ? { status: before.status, value: before.value, category: before.category } : null,
          after: { status: saved.status, value: saved.value, category: saved.category, note: saved.note },
        },
      },
      tx,
    );
    return { id: saved.id, status: saved.status, value: saved.value, category: saved.category };
  });
}
