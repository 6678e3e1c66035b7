import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { pairKey, type Answers } from "./fields";
import { loadTaskView, saveDraft, type TaskView } from "./queue";
import { openReviewScreen, submitFromScreen } from "./screen-api";
import { createReviewWorld } from "./test-fixtures";

// Blind review that devtools cannot undo: nothing the review screen receives
// names an output by its database id (a run's outputs share a long id
// prefix, which would tell the runs apart), and what it sends back in
// letters is stored against the right outputs.

const clientId = () => crypto.randomUUID();

type World = Awaited<ReturnType<typeof createReviewWorld>>;

function commonPrefix(first: string, second: string) {
  let length = 0;
  while (length < first.length && first[length] === second[length]) length++;
  return first.slice(0, length);
}

/**
 * Fails if a payload holds an output id, or the id prefix one run's outputs
 * share. Ids of rows every run shares (criteria, tasks, assignments, setup,
 * labels, item, project) are taken out first: they may start like an output
 * id by coincidence of creation time, and they say nothing about runs.
 */
async function expectNoOutputIds(world: World, payload: unknown) {
  const [criteria, tasks, assignments, labels, setups] = await Promise.all([
    db.criterion.findMany({ where: { rubricVersionId: world.rubricVersion.id }, select: { id: true } }),
    db.reviewTask.findMany({ where: { projectId: world.project.id }, select: { id: true } }),
    db.assignment.findMany({ where: { task: { projectId: world.project.id } }, select: { id: true } }),
    db.label.findMany({ where: { task: { projectId: world.project.id } }, select: { id: true } }),
    db.reviewSetup.findMany({ where: { projectId: world.project.id }, select: { id: true } }),
  ]);
  const shared = [...criteria, ...tasks, ...assignments, ...labels, ...setups, ...world.items, world.project].map((row) => row.id);
  let text = JSON.stringify(payload);
  for (const id of shared) text = text.split(id).join("<shared id>");
  for (const run of world.runs) {
    const ids = (await db.output.findMany({ where: { runId: run.id }, select: { id: true } })).map((output) => output.id);
    for (const id of ids) expect(text).not.toContain(id);
    const prefix = ids.reduce(commonPrefix);
    if (prefix.length >= 6) expect(text).not.toContain(prefix);
  }
}

/** A complete set of answers for a view, in the view's own terms (letters). */
function answersFor(view: TaskView, choose: { winner?: string; order?: string[] } = {}): Answers {
  const answers: Answers = {};
  for (const field of view.fields) {
    const kind = field.criterion.kind;
    if (kind === "LIKERT") answers[field.id] = { kind: "score", value: field.outputId === "A" ? 5 : 2 };
    else if (kind === "BINARY") answers[field.id] = { kind: "score", value: 1 };
    else if (kind === "CATEGORICAL") answers[field.id] = { kind: "category", value: "warm" };
    else if (kind === "FACTUALITY") answers[field.id] = { kind: "category", value: "correct" };
    else if (kind === "PREFERENCE") answers[field.id] = { kind: "preference", winner: choose.winner ?? "A" };
    else if (kind === "RANKING") answers[field.id] = { kind: "ranking", order: choose.order ?? view.outputs.map((output) => output.id) };
  }
  return answers;
}

/** The output ids of an assignment in the order its reviewer sees them (A, B, …). */
async function shownIds(assignmentId: string) {
  const assignment = await db.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: { shownOrder: true, task: { select: { outputs: { orderBy: { position: "asc" }, select: { outputId: true } } } } },
  });
  return assignment.shownOrder.map((position) => assignment.task.outputs[position]!.outputId);
}

async function storedValues(assignmentId: string, criterionId: string) {
  return db.labelValue.findMany({ where: { criterionId, label: { assignmentId } }, orderBy: { value: "asc" } });
}

describe("blind review payloads", () => {
  it("pairwise: letters only in queue, submit, drafts and a reopened label; letters stored as the right output ids", async () => {
    const world = await createReviewWorld({ items: 3 });
    const { setupId } = await world.setup({ overlap: 1 });
    const reviewer = world.reviewers[0]!.id;
    const opened = await openReviewScreen(world.project.id, reviewer, setupId);
    const task = opened.task!;
    expect(task.outputs.map((output) => output.id)).toEqual(["A", "B"]);
    expect(task.fields.filter((field) => field.outputId).every((field) => field.id.endsWith(`@${field.outputId}`))).toBe(true);

    // A draft saved in letters comes back as saved after a reload.
    const draftAnswers = answersFor(task, { winner: "B" });
    await saveDraft(world.project.id, reviewer, { assignmentId: task.assignmentId, draft: { answers: draftAnswers, rationale: "half", flags: [] }, activeMsDelta: 0 });
    const reloaded = await openReviewScreen(world.project.id, reviewer, setupId);
    expect(reloaded.task!.draft?.answers).toEqual(draftAnswers);
    await expectNoOutputIds(world, opened);
    await expectNoOutputIds(world, reloaded);

    // An unknown letter is refused in plain words, and nothing is stored.
    const bad = submitFromScreen(world.project.id, reviewer, setupId, { assignmentId: task.assignmentId, clientId: clientId(), answers: answersFor(task, { winner: "Z" }), rationale: "", flags: [], activeMsDelta: 0 }, null);
    await expect(bad).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining('Output "Z" is not one of this task') });
    // A missing answer is named by criterion name and letter, never by output id.
    const incomplete = Object.fromEntries(Object.entries(draftAnswers).filter(([fieldId]) => !fieldId.endsWith("@B")));
    const error = await submitFromScreen(world.project.id, reviewer, setupId, { assignmentId: task.assignmentId, clientId: clientId(), answers: incomplete, rationale: "", flags: [], activeMsDelta: 0 }, null).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("— Output B:") });
    await expectNoOutputIds(world, { message: (error as Error).message, issues: (error as { issues?: unknown }).issues });
    expect(await db.label.count({ where: { assignmentId: task.assignmentId } })).toBe(0);

    const submitted = await submitFromScreen(world.project.id, reviewer, setupId, { assignmentId: task.assignmentId, clientId: clientId(), answers: draftAnswers, rationale: "", flags: [], activeMsDelta: 0 }, reloaded.next!.assignmentId);
    await expectNoOutputIds(world, submitted);

    const [a, b] = await shownIds(task.assignmentId);
    const [preference] = await storedValues(task.assignmentId, world.criteria.pref!);
    const key = pairKey(a!, b!);
    expect(preference).toMatchObject({ targetKey: key.targetKey, outputId: key.a, otherOutputId: key.b, category: b === key.a ? "A" : "B" });
    const helpful = await storedValues(task.assignmentId, world.criteria.helpful!);
    expect(helpful.map((value) => [value.outputId, value.value])).toEqual([
      [b, 2],
      [a, 5],
    ]);

    // Reopening the label to edit it shows its answers in letters again.
    const reopened = await loadTaskView(world.project.id, reviewer, task.assignmentId, { labelId: submitted.submitted.labelId });
    expect(reopened.label!.answers).toEqual(draftAnswers);
    await expectNoOutputIds(world, reopened);
  });

  it("ranking: the order sent in letters becomes ranks of the right outputs; a draft saved before letters is translated", async () => {
    const world = await createReviewWorld({ items: 2 });
    const { setupId } = await world.setup({ mode: "RANKING", runIds: world.runs.map((run) => run.id), overlap: 1 });
    const reviewer = world.reviewers[0]!.id;
    const opened = await openReviewScreen(world.project.id, reviewer, setupId);
    const task = opened.task!;
    expect(task.outputs.map((output) => output.id)).toEqual(["A", "B", "C"]);
    await expectNoOutputIds(world, opened);

    // A draft stored in output ids (saved before handles existed) reaches the screen in letters.
    const shown = await shownIds(task.assignmentId);
    const rankField = task.fields.find((field) => field.criterion.kind === "RANKING")!;
    await db.assignment.update({ where: { id: task.assignmentId }, data: { draft: { answers: { [rankField.id]: { kind: "ranking", order: [shown[1]!, shown[0]!, shown[2]!] } }, rationale: "", flags: [] } } });
    const legacy = await loadTaskView(world.project.id, reviewer, task.assignmentId);
    expect(legacy.draft?.answers).toEqual({ [rankField.id]: { kind: "ranking", order: ["B", "A", "C"] } });
    await expectNoOutputIds(world, legacy);

    const submitted = await submitFromScreen(world.project.id, reviewer, setupId, { assignmentId: task.assignmentId, clientId: clientId(), answers: answersFor(task, { order: ["C", "A", "B"] }), rationale: "", flags: [], activeMsDelta: 0 }, opened.next!.assignmentId);
    await expectNoOutputIds(world, submitted);
    const ranks = await storedValues(task.assignmentId, world.criteria.rank!);
    expect(ranks.map((value) => [value.outputId, value.targetKey, value.value])).toEqual([
      [shown[2], shown[2], 1],
      [shown[0], shown[0], 2],
      [shown[1], shown[1], 3],
    ]);
  });
});
