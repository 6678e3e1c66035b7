import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { myLabels } from "./queries";
import { loadTaskView, submitLabel } from "./queue";
import { extendReviewSetup } from "./setup";
import { createReviewWorld } from "./test-fixtures";

// Multi-turn items reviewed per turn: which tasks a setup makes, and the
// conversation the review screen reads for a turn.

/** The review world plus a chat item of three user turns; r1 and r2 answer turns 0–2, r3 only 0–1. */
async function worldWithChat() {
  const world = await createReviewWorld({ items: 2 });
  const chat = await db.datasetItem.create({
    data: {
      datasetVersionId: world.version.id,
      externalId: "chat-3",
      position: 10,
      inputTurns: [
        { role: "user", content: "Q1" },
        { role: "user", content: "Q2" },
        { role: "user", content: "Q3" },
      ],
      contentHash: "chat-3",
    },
  });
  const [r1, r2, r3] = world.runs;
  for (const [run, turns] of [[r1!, 3], [r2!, 3], [r3!, 2]] as const) {
    await db.output.createMany({ data: Array.from({ length: turns }, (_, turn) => ({ runId: run.id, itemId: chat.id, turn, content: `${run.name} answers Q${turn + 1}` })) });
  }
  return { ...world, chat };
}

/** The chat item's tasks in a setup: turn and the (run, turn) of each output in run order. */
async function chatTasks(setupId: string, itemId: string) {
  const tasks = await db.reviewTask.findMany({
    where: { setupId, itemId },
    orderBy: { turn: "asc" },
    select: { turn: true, outputs: { orderBy: { position: "asc" }, select: { output: { select: { turn: true, run: { select: { name: true } } } } } } },
  });
  return tasks.map((task) => ({ turn: task.turn, outputs: task.outputs.map(({ output }) => `${output.run.name}@${output.turn}`) }));
}

describe("review setups over multi-turn items", () => {
  it('"every turn" makes one task per turn every chosen run answered, "last turn" one task with the highest', async () => {
    const world = await worldWithChat();
    const runIds = [world.runs[0]!.id, world.runs[1]!.id];

    const every = await world.setup({ turns: "EVERY", runIds });
    expect(every.taskCount).toBe(2 + 3);
    expect(await chatTasks(every.setupId, world.chat.id)).toEqual([
      { turn: 0, outputs: ["r1@0", "r2@0"] },
      { turn: 1, outputs: ["r1@1", "r2@1"] },
      { turn: 2, outputs: ["r1@2", "r2@2"] },
    ]);
    expect((await db.reviewSetup.findUniqueOrThrow({ where: { id: every.setupId } })).turns).toBe("EVERY");

    const last = await world.setup({ turns: "LAST", runIds });
    expect(last.taskCount).toBe(2 + 1);
    expect(await chatTasks(last.setupId, world.chat.id)).toEqual([{ turn: 2, outputs: ["r1@2", "r2@2"] }]);

    // The default is the last turn; r3 stops at turn 1, so the last turn both runs answered is 1.
    const withR3 = await world.setup({ runIds: [world.runs[0]!.id, world.runs[2]!.id] });
    expect(await chatTasks(withR3.setupId, world.chat.id)).toEqual([{ turn: 1, outputs: ["r1@1", "r3@1"] }]);
    const everyWithR3 = await world.setup({ turns: "EVERY", runIds: [world.runs[2]!.id, world.runs[0]!.id] });
    expect((await chatTasks(everyWithR3.setupId, world.chat.id)).map((task) => task.turn)).toEqual([0, 1]);
  });

  it("extending keeps one task per item and turn, and a last-turn setup's one task per item", async () => {
    const world = await worldWithChat();
    const runIds = [world.runs[0]!.id, world.runs[1]!.id];
    const every = await world.setup({ turns: "EVERY", runIds, selection: { strategy: "tag", tags: ["billing"], seed: 1 } });
    expect(every.taskCount).toBe(1);
    const all = { strategy: "all" as const, tags: [], seed: 1 };
    expect((await extendReviewSetup(world.project.id, every.setupId, all, world.members.ADMIN.id)).added).toBe(1 + 3);
    expect((await extendReviewSetup(world.project.id, every.setupId, all, world.members.ADMIN.id)).added).toBe(0);

    const last = await world.setup({ runIds: [world.runs[0]!.id, world.runs[2]!.id] });
    // r3 now answers turn 2 too: the item keeps its turn-1 task.
    await db.output.create({ data: { runId: world.runs[2]!.id, itemId: world.chat.id, turn: 2, content: "r3 answers Q3" } });
    expect((await extendReviewSetup(world.project.id, last.setupId, all, world.members.ADMIN.id)).added).toBe(0);
    expect((await chatTasks(last.setupId, world.chat.id)).map((task) => task.turn)).toEqual([1]);
  });

  it("labels of several turns of one item each land on their own outputs", async () => {
    const world = await worldWithChat();
    const { setupId } = await world.setup({ mode: "SINGLE", turns: "EVERY", runIds: [world.runs[0]!.id], overlap: 1, criterionKeys: ["safe"] });
    const reviewer = world.reviewers[0]!;
    const tasks = await db.reviewTask.findMany({ where: { setupId, itemId: world.chat.id }, select: { id: true, turn: true, outputs: { select: { outputId: true } } } });
    for (const task of tasks) {
      const assignment = await db.assignment.create({ data: { taskId: task.id, reviewerId: reviewer.id, leaseExpiresAt: new Date(Date.now() + 600_000), shownOrder: [0] } });
      const view = await loadTaskView(world.project.id, reviewer.id, assignment.id);
      await submitLabel(world.project.id, reviewer.id, {
        assignmentId: assignment.id,
        clientId: crypto.randomUUID(),
        answers: { [view.fields[0]!.id]: { kind: "score", value: task.turn === 1 ? 0 : 1 } },
        rationale: "",
        flags: [],
        activeMsDelta: 0,
      });
    }
    const values = await db.labelValue.findMany({ where: { output: { itemId: world.chat.id } }, select: { value: true, output: { select: { turn: true } } }, orderBy: { output: { turn: "asc" } } });
    expect(values.map((v) => [v.output!.turn, v.value])).toEqual([
      [0, 1],
      [1, 0],
      [2, 1],
    ]);
  });
});

describe("My work over multi-turn items", () => {
  it("names the turn of each label of a multi-turn item, and no turn for a single-turn item of a last-turn setup", async () => {
    const world = await worldWithChat();
    const reviewer = world.reviewers[0]!;
    const every = await world.setup({ mode: "SINGLE", turns: "EVERY", runIds: [world.runs[0]!.id], overlap: 1, criterionKeys: ["safe"] });
    const last = await world.setup({ mode: "SINGLE", turns: "LAST", runIds: [world.runs[0]!.id], overlap: 1, criterionKeys: ["safe"] });
    const single = world.items[0]!;
    const tasks = [
      ...(await db.reviewTask.findMany({ where: { setupId: every.setupId, itemId: world.chat.id }, select: { id: true } })),
      ...(await db.reviewTask.findMany({ where: { setupId: last.setupId, itemId: single.id }, select: { id: true } })),
    ];
    for (const task of tasks) {
      const assignment = await db.assignment.create({ data: { taskId: task.id, reviewerId: reviewer.id, leaseExpiresAt: new Date(Date.now() + 600_000), shownOrder: [0] } });
      const view = await loadTaskView(world.project.id, reviewer.id, assignment.id);
      const answers = { [view.fields[0]!.id]: { kind: "score" as const, value: 1 } };
      await submitLabel(world.project.id, reviewer.id, { assignmentId: assignment.id, clientId: crypto.randomUUID(), answers, rationale: "", flags: [], activeMsDelta: 0 });
    }
    const rows = (await myLabels(world.project.id, reviewer.id)).map((label) => [label.item, label.turn]);
    expect(rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      ["chat-3", { position: 1, of: 3 }],
      ["chat-3", { position: 2, of: 3 }],
      ["chat-3", { position: 3, of: 3 }],
      [single.externalId, null],
    ]);
  });
});

describe("the task view of a turn", () => {
  it("shows the conversation up to the judged turn in order, each output's own earlier answers in the reviewer's order, blind", async () => {
    const world = await worldWithChat();
    const { setupId } = await world.setup({ turns: "EVERY", runIds: [world.runs[0]!.id, world.runs[1]!.id] });
    const reviewer = world.reviewers[0]!;
    const task = await db.reviewTask.findFirstOrThrow({ where: { setupId, itemId: world.chat.id, turn: 2 } });
    // The reviewer sees r2 on the left, r1 on the right.
    const assignment = await db.assignment.create({ data: { taskId: task.id, reviewerId: reviewer.id, leaseExpiresAt: new Date(Date.now() + 600_000), shownOrder: [1, 0] } });
    const view = await loadTaskView(world.project.id, reviewer.id, assignment.id);

    expect(view.turn).toBe(2);
    expect([view.conversation.position, view.conversation.of]).toEqual([3, 3]);
    expect(view.outputs.map((output) => output.content)).toEqual(["r2 answers Q3", "r1 answers Q3"]);
    expect(view.conversation.steps).toEqual([
      { kind: "message", role: "user", content: "Q1" },
      { kind: "answers", turn: 0, answers: ["r2 answers Q1", "r1 answers Q1"] },
      { kind: "message", role: "user", content: "Q2" },
      { kind: "answers", turn: 1, answers: ["r2 answers Q2", "r1 answers Q2"] },
      { kind: "message", role: "user", content: "Q3" },
    ]);
    expect(view.outputs.every((output) => output.run === null)).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/"r[12]"|model-r/);

    const first = await db.reviewTask.findFirstOrThrow({ where: { setupId, itemId: world.chat.id, turn: 0 } });
    const firstAssignment = await db.assignment.create({ data: { taskId: first.id, reviewerId: reviewer.id, leaseExpiresAt: new Date(Date.now() + 600_000), shownOrder: [0, 1] } });
    const firstView = await loadTaskView(world.project.id, reviewer.id, firstAssignment.id);
    expect([firstView.conversation.position, firstView.conversation.of]).toEqual([1, 3]);
    expect(firstView.conversation.steps).toEqual([{ kind: "message", role: "user", content: "Q1" }]);
  });
});
