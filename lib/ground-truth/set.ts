import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { criterionKind, PREFERENCE_VERDICTS, type CriterionKindName } from "@/lib/rubrics/kinds";
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
  const kind = criterionKind(criterion.kind as CriterionKindName, criterion.config);
  const pair = kind.unit === "pair";
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

  // The value is checked as an import is (lib/rubrics/kinds.ts): on the declared scale, whole levels for Likert.
  let value: number | null = null;
  let category: string | null = null;
  if (input.status !== "CONTESTED" || input.value !== null || input.category !== null) {
    const verdict = (PREFERENCE_VERDICTS as readonly string[]).includes(input.category ?? "") ? input.category : null;
    const checked =
      kind.valueType === "preference"
        ? verdict
          ? { value: null, category: verdict }
          : { field: "category", error: `Expected one of: ${PREFERENCE_VERDICTS.join(", ")}.` }
        : kind.importCheck(criterion.key, { value: input.value ?? undefined, category: kind.numeric ? undefined : (input.category ?? undefined) });
    if ("error" in checked) throw new SafeError("VALIDATION", `That is not a value of "${criterion.name}".`, [{ field: checked.field, message: checked.error }]);
    value = checked.value;
    category = checked.category;
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
