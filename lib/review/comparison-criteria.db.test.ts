import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadCountsAndProfiles } from "@/lib/agreement/overall";
import { db } from "@/lib/db/client";
import { labelRecords } from "@/lib/exports/labels";
import { runImport } from "@/lib/imports/run-import";
import { bytes, expectRejected, jsonl } from "@/lib/imports/test-helpers";
import { loadTaskView, openQueue, submitAndAdvance } from "./queue";
import { createReviewWorld } from "./test-fixtures";

// A Likert criterion asked once of the comparison (Criterion.pairwiseScope)
// on the server: one field per pairwise task, one LabelValue on the sorted
// pair, a human consensus per pair, reopened and exported like a preference,
// and never paired with a judge's per-output score.

async function comparisonWorld() {
  const world = await createReviewWorld({ items: 2, reviewers: 2 });
  const confident = await db.criterion.create({
    data: { rubricVersionId: world.rubricVersion.id, position: 6, key: "confident", name: "Confidence", kind: "LIKERT", config: { min: 1, max: 5, anchors: ["", "", "", "", ""] }, pairwiseScope: "COMPARISON" },
  });
  const { setupId } = await world.setup({ criterionKeys: ["helpful", "pref", "confident"], overlap: 2, randomizeOrder: false });
  return { ...world, confidentId: confident.id, setupId };
}

describe("a criterion asked of the comparison", () => {
  it("is one field beside the preference, stored once on the pair, with a consensus per pair, reopened and exported", async () => {
    const world = await comparisonWorld();
    const { pref, helpful } = world.criteria as { pref: string; helpful: string };
    const [first, second] = world.reviewers;
    const labelIds: string[] = [];
    for (const [reviewer, confidence] of [[first!.id, 4], [second!.id, 1]] as const) {
      const { task, next } = await openQueue(world.project.id, reviewer, world.setupId);
      // Rubric order, the pair's criteria together where the first of them stands.
      expect(task!.fields.map((field) => field.id)).toEqual([`${helpful}@A`, `${helpful}@B`, pref, world.confidentId]);
      const answers = {
        [`${helpful}@A`]: { kind: "score" as const, value: 3 },
        [`${helpful}@B`]: { kind: "score" as const, value: 2 },
        [pref]: { kind: "preference" as const, winner: "B" },
        [world.confidentId]: { kind: "score" as const, value: confidence },
      };
      const input = { assignmentId: task!.assignmentId, clientId: crypto.randomUUID(), answers, rationale: "", flags: [], activeMsDelta: 0 };
      labelIds.push((await submitAndAdvance(world.project.id, reviewer, world.setupId, input, next?.assignmentId ?? null)).submitted.labelId);
    }

    const values = await db.labelValue.findMany({ where: { labelId: labelIds[0], criterionId: world.confidentId }, select: { targetKey: true, outputId: true, otherOutputId: true, value: true, category: true } });
    expect(values).toHaveLength(1);
    const { outputId, otherOutputId } = values[0]!;
    expect(outputId! < otherOutputId!).toBe(true);
    expect(values[0]).toEqual({ targetKey: `${outputId}:${otherOutputId}`, outputId, otherOutputId, value: 4, category: null });

    // Both reviewers' answers meet on the pair: the median of 4 and 1.
    const judgment = await db.humanJudgment.findUniqueOrThrow({ where: { projectId_criterionKey_targetKey: { projectId: world.project.id, criterionKey: "confident", targetKey: values[0]!.targetKey } } });
    expect(judgment).toMatchObject({ reviewers: 2, codes: ["1", "4"], consensus: ["2.5"] });

    const reopened = await loadTaskView(world.project.id, first!.id, (await db.label.findUniqueOrThrow({ where: { id: labelIds[0] }, select: { assignmentId: true } })).assignmentId!, { labelId: labelIds[0] });
    expect(reopened.label!.answers[world.confidentId]).toEqual({ kind: "score", value: 4 });

    const exported = [];
    for await (const record of labelRecords(world.project.id)) if (record.criterionKey === "confident") exported.push(record);
    expect(exported).toHaveLength(2);
    expect(exported.map((record) => [record.run, record.otherRun].sort())).toEqual([["r1", "r2"], ["r1", "r2"]]);
  });

  it("stays out of judge–human agreement, which pairs per-output scores with per-output answers", async () => {
    const world = await comparisonWorld();
    const { pref, helpful } = world.criteria as { pref: string; helpful: string };
    for (const reviewer of world.reviewers) {
      const { task, next } = await openQueue(world.project.id, reviewer.id, world.setupId);
      const answers = {
        [`${helpful}@A`]: { kind: "score" as const, value: 4 },
        [`${helpful}@B`]: { kind: "score" as const, value: 4 },
        [pref]: { kind: "preference" as const, winner: "TIE" },
        [world.confidentId]: { kind: "score" as const, value: 4 },
      };
      await submitAndAdvance(world.project.id, reviewer.id, world.setupId, { assignmentId: task!.assignmentId, clientId: crypto.randomUUID(), answers, rationale: "", flags: [], activeMsDelta: 0 }, next?.assignmentId ?? null);
    }
    // A judge scoring both criteria on each output of the labelled pair.
    const judge = await db.judge.create({ data: { projectId: world.project.id, name: "j", model: "m" } });
    const labelled = await db.labelValue.findFirstOrThrow({ where: { criterionId: world.confidentId }, select: { outputId: true, otherOutputId: true } });
    for (const outputId of [labelled.outputId!, labelled.otherOutputId!]) {
      for (const criterionId of [helpful, world.confidentId]) await db.judgeScore.create({ data: { judgeId: judge.id, outputId, criterionId, value: 4 } });
    }

    for (const slices of [true, false]) {
      const [counts, profiles] = await loadCountsAndProfiles(world.project.id, { judgeId: judge.id }, { slices });
      // Helpfulness is compared output by output; the comparison answer has no output to meet the judge on.
      expect(counts.filter((row) => row.key === "helpful" && row.slice === "all").reduce((sum, row) => sum + row.count, 0)).toBe(2);
      expect(counts.filter((row) => row.key === "confident")).toEqual([]);
      expect(profiles.filter((row) => row.key === "confident")).toEqual([]);
    }
  });

  it("is imported from a labels file on the pair (runA and runB, either order), and refused with one run", async () => {
    const world = await comparisonWorld();
    const upload = (rows: unknown[]) =>
      runImport({ projectId: world.project.id, kind: "LABELS", userId: world.members.ADMIN.id, fileName: "labels.jsonl", options: { dataset: "golden", version: 1 }, source: { bytes: bytes(jsonl(rows)) } });
    const reviewer = world.members.REVIEWER.email;
    const issues = await expectRejected(() => upload([{ reviewer, id: "item-0", run: "r1", criterion: "confident", value: 5 }]));
    expect(issues).toEqual([expect.objectContaining({ row: 1, field: "runA", message: "confident is asked once of the comparison: give the pair as runA and runB instead of run." })]);

    const result = await upload([
      { reviewer, id: "item-0", runA: "r2", runB: "r1", criterion: "confident", value: 5 },
      { reviewer, id: "item-0", run: "r1", criterion: "helpful", value: 2 },
    ]);
    expect(result.summary).toMatchObject({ labels: 1, values: 2 });
    const stored = await db.labelValue.findFirstOrThrow({ where: { criterionId: world.confidentId }, select: { targetKey: true, outputId: true, otherOutputId: true, value: true } });
    const outputs = await db.output.findMany({ where: { item: { externalId: "item-0" }, run: { projectId: world.project.id, name: { in: ["r1", "r2"] } } }, select: { id: true } });
    const [low, high] = outputs.map((output) => output.id).sort();
    expect(stored).toEqual({ targetKey: `${low}:${high}`, outputId: low, otherOutputId: high, value: 5 });
  });
});
