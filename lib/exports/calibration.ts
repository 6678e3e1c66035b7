import { db } from "@/lib/db/client";
import type { ExportRecord } from "./format";

// A calibration set for judges: few-shot examples with the input, the
// output(s), the human label (consensus or the lead's ground truth, as kept in
// "HumanJudgment") and the reviewers' rationales. Balanced across label values: examples are dealt
// round-robin from each value in a seeded, stable order, so `size` examples
// cover every value as evenly as the labels allow, and the same seed gives
// the same set.

export const CALIBRATION_COLUMNS = ["criterionKey", "label", "item", "input", "reference", "outputs", "rationales"] as const;

export async function selectCalibrationUnits(projectId: string, opts: { criterionKey: string; size: number; seed: number }) {
  return db.$queryRaw<{ targetKey: string; code: string }[]>`
    WITH ranked AS (
      SELECT h."targetKey", c.code,
        ROW_NUMBER() OVER (PARTITION BY c.code ORDER BY md5(h."targetKey" || ':' || ${String(opts.seed)})) AS turn
      FROM "HumanJudgment" h CROSS JOIN LATERAL unnest(h.consensus) AS c(code)
      WHERE h."projectId" = ${projectId} AND h."criterionKey" = ${opts.criterionKey}
    )
    SELECT "targetKey", code FROM ranked ORDER BY turn, code LIMIT ${opts.size}`;
}

export async function* calibrationRecords(projectId: string, opts: { criterionKey: string; size: number; seed: number }): AsyncGenerator<ExportRecord> {
  const units = await selectCalibrationUnits(projectId, opts);
  for (let start = 0; start < units.length; start += 200) {
    const page = units.slice(start, start + 200);
    const outputIds = [...new Set(page.flatMap((u) => u.targetKey.split(":")))];
    const [outputs, rationales] = await Promise.all([
      db.output.findMany({
        where: { id: { in: outputIds }, run: { projectId } },
        select: { id: true, content: true, run: { select: { name: true } }, item: { select: { externalId: true, inputText: true, inputTurns: true, reference: true } } },
      }),
      db.labelValue.findMany({
        where: { targetKey: { in: page.map((u) => u.targetKey) }, criterion: { key: opts.criterionKey, rubricVersion: { rubric: { projectId } } } },
        select: { targetKey: true, value: true, category: true, label: { select: { rationale: true } } },
      }),
    ]);
    const outputById = new Map(outputs.map((o) => [o.id, o]));
    for (const unit of page) {
      const unitOutputs = unit.targetKey.split(":").map((id) => outputById.get(id));
      if (unitOutputs.some((o) => !o)) continue;
      const item = unitOutputs[0]!.item;
      // Rationales of the reviewers whose label is the example's label.
      const reasons = rationales
        .filter((r) => r.targetKey === unit.targetKey && (r.category ?? String(r.value)) === unit.code && r.label.rationale.trim())
        .map((r) => r.label.rationale.trim());
      yield {
        criterionKey: opts.criterionKey,
        label: unit.code,
        item: item.externalId,
        input: item.inputText ?? item.inputTurns ?? null,
        reference: item.reference,
        outputs: unitOutputs.map((o) => ({ run: o!.run.name, content: o!.content })),
        rationales: reasons,
      };
    }
  }
}
