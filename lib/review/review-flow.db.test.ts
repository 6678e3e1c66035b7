import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { unitFlags } from "@/lib/agreement/unit-flags";
import { db } from "@/lib/db/client";
import type { Answers } from "./fields";
import { containsRawId } from "./plain-errors";
import { editLabel, loadTaskView, openQueue, skipAndAdvance, submitAndAdvance } from "./queue";
import { createReviewWorld } from "./test-fixtures";

// Issue 15 on the server: a setup's rationale rule is enforced whatever the
// client does, errors name criteria by name (never an id), rubric guidelines
// reach the review screen, and item comments reach the disagreement explorer.

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; issues?: { field: string; message: string }[] };
  }
  throw new Error("expected a refusal");
}

async function pairwiseWorld(options: { rationaleRule?: { criterionKeys: string[]; atScaleEnds: boolean } } = {}) {
  const world = await createReviewWorld({ items: 3 });
  const { setupId } = await world.setup({ criterionKeys: ["pref", "helpful"], overlap: 1, randomizeOrder: false, rationaleRule: options.rationaleRule });
  const reviewer = world.members.REVIEWER.id;
  const { task, next } = await openQueue(world.project.id, reviewer, setupId);
  return { world, setupId, reviewer, task: task!, next };
}

const answers = (helpfulA: number, helpfulB: number, ids: { pref: string; helpful: string }): Answers => ({
  [ids.pref]: { kind: "preference", winner: "A" },
  [`${ids.helpful}@A`]: { kind: "score", value: helpfulA },
  [`${ids.helpful}@B`]: { kind: "score", value: helpfulB },
});

describe("the setup's rationale rule", () => {
  it("refuses an answer at a scale's end without a rationale, naming the criterion and output; stores it with one", async () => {
    const { world, setupId, reviewer, task, next } = await pairwiseWorld({ rationaleRule: { criterionKeys: [], atScaleEnds: true } });
    expect(task.setup.rationaleRule).toEqual({ criterionKeys: [], atScaleEnds: true });
    const ids = { pref: world.criteria.pref!, helpful: world.criteria.helpful! };
    const input = { assignmentId: task.assignmentId, clientId: crypto.randomUUID(), answers: answers(5, 3, ids), rationale: " ", flags: [], activeMsDelta: 0 };
    const error = await errorOf(submitAndAdvance(world.project.id, reviewer, setupId, input, next?.assignmentId ?? null));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toBe('"Helpful — Output A" is answered at the end of its scale (5): this setup asks you to say why in the rationale box, then submit.');
    expect(error.issues).toEqual([{ field: "rationale", message: error.message }]);
    expect(await db.label.count({ where: { assignmentId: task.assignmentId } })).toBe(0);

    // A middle answer needs none; an edit to an extreme is held to the same rule.
    const stored = await submitAndAdvance(world.project.id, reviewer, setupId, { ...input, answers: answers(4, 3, ids) }, next?.assignmentId ?? null);
    const edit = { labelId: stored.submitted.labelId, answers: answers(1, 3, ids), rationale: "", flags: [] };
    expect((await errorOf(editLabel(world.project.id, reviewer, edit))).message).toMatch(/^"Helpful — Output A" is answered at the end of its scale \(1\)/);
    await editLabel(world.project.id, reviewer, { ...edit, rationale: "Wrong on every count." });
  });

  it("always for chosen criteria; an unknown key is refused when the setup is made", async () => {
    const { world, setupId, reviewer, task, next } = await pairwiseWorld({ rationaleRule: { criterionKeys: ["pref"], atScaleEnds: false } });
    const ids = { pref: world.criteria.pref!, helpful: world.criteria.helpful! };
    const input = { assignmentId: task.assignmentId, clientId: crypto.randomUUID(), answers: answers(3, 3, ids), rationale: "", flags: [], activeMsDelta: 0 };
    expect((await errorOf(submitAndAdvance(world.project.id, reviewer, setupId, input, next?.assignmentId ?? null))).message).toBe(
      'This setup asks for a rationale with every answer to "Preference": write why in the rationale box, then submit.',
    );
    const refused = await errorOf(world.setup({ rationaleRule: { criterionKeys: ["nope"], atScaleEnds: false } }));
    expect(refused.message).toMatch(/^A rationale is asked for "nope", which is not a criterion of this rubric: choose among "helpful", "safe"/);
  });
});

describe("plain errors", () => {
  it("an answer to a criterion the task does not ask is refused by the criterion's name, no id", async () => {
    const { world, setupId, reviewer, task, next } = await pairwiseWorld();
    const ids = { pref: world.criteria.pref!, helpful: world.criteria.helpful! };
    const extra = { ...answers(3, 3, ids), [`${world.criteria.safe}@A`]: { kind: "score" as const, value: 1 } };
    const input = { assignmentId: task.assignmentId, clientId: crypto.randomUUID(), answers: extra, rationale: "", flags: [], activeMsDelta: 0 };
    const error = await errorOf(submitAndAdvance(world.project.id, reviewer, setupId, input, next?.assignmentId ?? null));
    expect(error.message).toBe('"Safe" for Output A is not asked in this task; remove that answer (reload the page if you did not give it).');
    const garbage = { ...answers(3, 3, ids), "cmx8k2l0a0001qz3h5t6y7u8i@A": { kind: "score" as const, value: 1 } };
    const unknown = await errorOf(submitAndAdvance(world.project.id, reviewer, setupId, { ...input, answers: garbage }, next?.assignmentId ?? null));
    expect(unknown.message).toBe("An answer names a criterion this task does not have; reload the page and answer again.");
    for (const text of [error.message, unknown.message, ...(error.issues ?? []).map((issue) => issue.message)]) expect(containsRawId(text)).toBe(false);
    const missing = await errorOf(submitAndAdvance(world.project.id, reviewer, setupId, { ...input, answers: { [ids.pref]: { kind: "preference", winner: "A" } } }, null));
    expect(missing.message).toBe("Helpful — Output A: This criterion is required.");
    expect(missing.issues!.map((issue) => issue.field)).toEqual(["helpful[A]", "helpful[B]"]);
  });
});

describe("guidelines and comments", () => {
  it("the rubric's guidelines reach the review screen", async () => {
    const world = await createReviewWorld({ items: 2 });
    await db.rubric.updateMany({ where: { projectId: world.project.id }, data: { instructions: "Read the **whole** answer." } });
    const { setupId } = await world.setup();
    const { task } = await openQueue(world.project.id, world.members.REVIEWER.id, setupId);
    expect(task!.setup.instructions).toBe("Read the **whole** answer.");
  });

  it("flags and comments reach the disagreement explorer per unit; a skip keeps its comment; an edit reopens it", async () => {
    const { world, setupId, reviewer, task, next } = await pairwiseWorld();
    const ids = { pref: world.criteria.pref!, helpful: world.criteria.helpful! };
    const input = { assignmentId: task.assignmentId, clientId: crypto.randomUUID(), answers: answers(3, 3, ids), rationale: "", flags: ["broken_item", "unsafe"], flagNote: "The prompt is cut off.", activeMsDelta: 0 };
    const stored = await submitAndAdvance(world.project.id, reviewer, setupId, input, next?.assignmentId ?? null);
    const label = await db.label.findUniqueOrThrow({ where: { id: stored.submitted.labelId }, select: { flagNote: true, values: { select: { targetKey: true } } } });
    expect(label.flagNote).toBe("The prompt is cut off.");
    const pairKey = label.values.find((value) => value.targetKey.includes(":"))!.targetKey;
    const byUnit = await unitFlags(world.project.id, "pref", [pairKey, "nothing"]);
    expect(byUnit.get(pairKey)).toEqual({ flags: ["broken_item", "unsafe"], comments: 1 });
    expect(byUnit.has("nothing")).toBe(false);
    expect((await unitFlags("another-project", "pref", [pairKey])).size).toBe(0);

    const reopened = await loadTaskView(world.project.id, reviewer, task.assignmentId, { labelId: stored.submitted.labelId });
    expect(reopened.label).toMatchObject({ flags: ["broken_item", "unsafe"], flagNote: "The prompt is cut off." });

    const skipped = await skipAndAdvance(world.project.id, reviewer, setupId, { assignmentId: next!.assignmentId, reason: "other", note: "", flags: ["broken_item"], flagNote: "Empty outputs." }, null);
    expect(skipped).toBeDefined();
    expect((await db.assignment.findUniqueOrThrow({ where: { id: next!.assignmentId }, select: { flagNote: true } })).flagNote).toBe("Empty outputs.");
  });
});
