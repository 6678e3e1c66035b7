import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/db/test/factories";
import { reviewProgress } from "./queries";
import { editLabel, leaseNextTask, loadTaskView, openQueue, saveDraft, skipAndAdvance, skipTask, submitAndAdvance, submitLabel } from "./queue";
import { answersFor, createReviewWorld } from "./test-fixtures";

const clientId = () => crypto.randomUUID();

/** An assignment's output ids in the order its reviewer sees them (letters A, B, …). */
async function shownOutputIdsOf(assignmentId: string) {
  const assignment = await db.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: { shownOrder: true, task: { select: { outputs: { orderBy: { position: "asc" }, select: { outputId: true } } } } },
  });
  return assignment.shownOrder.map((position) => assignment.task.outputs[position]!.outputId);
}

async function leaseAndSubmit(projectId: string, reviewerId: string, setupId: string) {
  const lease = await leaseNextTask(projectId, reviewerId, { setupId });
  if (!lease) return null;
  const answers = await answersFor(projectId, reviewerId, lease.assignmentId);
  return submitLabel(projectId, reviewerId, { assignmentId: lease.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 1000 });
}

describe("task generation", () => {
  it("makes one task per selected item with outputs in run order", async () => {
    const world = await createReviewWorld({ items: 6 });
    const { setupId, taskCount } = await world.setup({ selection: { strategy: "tag", tags: ["billing"], seed: 1 } });
    expect(taskCount).toBe(2);
    const task = await db.reviewTask.findFirstOrThrow({ where: { setupId }, select: { outputs: { orderBy: { position: "asc" }, select: { output: { select: { runId: true } } } } } });
    expect(task.outputs.map((o) => o.output.runId)).toEqual([world.runs[0]!.id, world.runs[1]!.id]);
  });

  it("random N is reproducible by seed; stratified covers every tag; extending adds only new items", async () => {
    const world = await createReviewWorld({ items: 9 });
    const a = await world.setup({ selection: { strategy: "random", n: 4, tags: [], seed: 7 } });
    const b = await world.setup({ selection: { strategy: "random", n: 4, tags: [], seed: 7 } });
    const items = async (setupId: string) => (await db.reviewTask.findMany({ where: { setupId }, select: { itemId: true } })).map((t) => t.itemId).sort();
    expect(await items(a.setupId)).toEqual(await items(b.setupId));
    const strat = await world.setup({ selection: { strategy: "stratified", n: 3, tags: [], seed: 3 } });
    const tagsSeen = await db.$queryRaw<{ tag: string }[]>`SELECT DISTINCT COALESCE(i.tags[1], '(none)') AS tag FROM "ReviewTask" t JOIN "DatasetItem" i ON i.id = t."itemId" WHERE t."setupId" = ${strat.setupId}`;
    expect(tagsSeen.map((row) => row.tag).sort()).toEqual(["(none)", "billing", "sync"]);
    const { extendReviewSetup } = await import("./setup");
    const extended = await extendReviewSetup(world.project.id, a.setupId, { strategy: "all", tags: [], seed: 1 }, world.members.ADMIN.id);
    expect(extended.added).toBe(5);
    expect(await db.reviewTask.count({ where: { setupId: a.setupId } })).toBe(9);
  });

  it("puts the items judges disagree on most first", async () => {
    const world = await createReviewWorld({ items: 3 });
    const judges = await Promise.all(["v1", "v2"].map((promptVersion) => db.judge.create({ data: { projectId: world.project.id, name: "j", promptVersion, model: "m" } })));
    const outputs = await db.output.findMany({ where: { runId: world.runs[0]!.id }, include: { item: true } });
    for (const output of outputs) {
      const spread = output.item.externalId === "item-2" ? 3 : 0;
      await db.judgeScore.create({ data: { judgeId: judges[0]!.id, outputId: output.id, criterionId: world.criteria.helpful!, value: 2 } });
      await db.judgeScore.create({ data: { judgeId: judges[1]!.id, outputId: output.id, criterionId: world.criteria.helpful!, value: 2 + spread } });
    }
    const { setupId } = await world.setup({ selection: { strategy: "disagreement", tags: [], seed: 1 } });
    const lease = await leaseNextTask(world.project.id, world.reviewers[0]!.id, { setupId });
    const task = await db.reviewTask.findUniqueOrThrow({ where: { id: lease!.taskId }, include: { item: true } });
    expect(task.item.externalId).toBe("item-2");
    expect(task.priority).toBeGreaterThan(0);
  });

  it("refuses runs of another project and modes with the wrong number of runs", async () => {
    const world = await createReviewWorld();
    const other = await createReviewWorld();
    await expect(world.setup({ runIds: [world.runs[0]!.id, other.runs[0]!.id] })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("the queue", () => {
  it("gives each task exactly overlap labels and never the same task twice", async () => {
    const world = await createReviewWorld({ items: 3, reviewers: 3 });
    const { setupId } = await world.setup({ overlap: 2 });
    for (const reviewer of world.reviewers) {
      let done = 0;
      while (await leaseAndSubmit(world.project.id, reviewer.id, setupId)) done++;
      expect(done).toBeLessThanOrEqual(3);
    }
    const tasks = await db.reviewTask.findMany({ where: { setupId } });
    expect(tasks.every((t) => t.labelCount === 2 && t.status === "COMPLETE")).toBe(true);
    expect(await db.label.count({ where: { task: { setupId } } })).toBe(6);
  });

  it("resumes the lease a reviewer holds, with its draft, instead of handing out another", async () => {
    const world = await createReviewWorld();
    const { setupId } = await world.setup();
    const reviewer = world.reviewers[0]!.id;
    const first = await leaseNextTask(world.project.id, reviewer, { setupId });
    await saveDraft(world.project.id, reviewer, { assignmentId: first!.assignmentId, draft: { answers: {}, rationale: "half done", flags: ["unsafe"] }, activeMsDelta: 5000 });
    const again = await leaseNextTask(world.project.id, reviewer, { setupId });
    expect(again).toMatchObject({ assignmentId: first!.assignmentId, resumed: true });
    const view = await loadTaskView(world.project.id, reviewer, first!.assignmentId);
    expect(view.draft).toMatchObject({ rationale: "half done", flags: ["unsafe"] });
    expect(view.activeMs).toBe(5000);
  });

  it("returns an expired lease to the queue; the late label is refused once another reviewer took it", async () => {
    const world = await createReviewWorld({ items: 1, reviewers: 2 });
    const { setupId } = await world.setup({ overlap: 1 });
    const [late, other] = world.reviewers;
    const lease = await leaseNextTask(world.project.id, late!.id, { setupId });
    expect(await leaseNextTask(world.project.id, other!.id, { setupId })).toBeNull();
    await db.assignment.update({ where: { id: lease!.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const taken = await leaseNextTask(world.project.id, other!.id, { setupId });
    expect(taken?.taskId).toBe(lease!.taskId);
    const answers = await answersFor(world.project.id, late!.id, lease!.assignmentId);
    await expect(submitLabel(world.project.id, late!.id, { assignmentId: lease!.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 0 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.label.count({ where: { task: { projectId: world.project.id } } })).toBe(0);
    expect((await db.reviewTask.findUniqueOrThrow({ where: { id: lease!.taskId } })).labelCount).toBe(0);
  });

  it("an expired lease nobody took is still accepted", async () => {
    const world = await createReviewWorld({ items: 1 });
    const { setupId } = await world.setup({ overlap: 1 });
    const reviewer = world.reviewers[0]!.id;
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId });
    await db.assignment.update({ where: { id: lease!.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const answers = await answersFor(world.project.id, reviewer, lease!.assignmentId);
    const result = await submitLabel(world.project.id, reviewer, { assignmentId: lease!.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 0 });
    expect(result.duplicate).toBe(false);
  });

  it("skip frees the slot and the skipper never sees the task again", async () => {
    const world = await createReviewWorld({ items: 1, reviewers: 2 });
    const { setupId } = await world.setup({ overlap: 1 });
    const [skipper, other] = world.reviewers;
    const lease = await leaseNextTask(world.project.id, skipper!.id, { setupId });
    await skipTask(world.project.id, skipper!.id, { assignmentId: lease!.assignmentId, reason: "outside_expertise", note: "", flags: ["broken_item"] });
    expect(await leaseNextTask(world.project.id, skipper!.id, { setupId })).toBeNull();
    expect((await leaseNextTask(world.project.id, other!.id, { setupId }))?.taskId).toBe(lease!.taskId);
    const skipped = await db.assignment.findUniqueOrThrow({ where: { id: lease!.assignmentId } });
    expect(skipped).toMatchObject({ status: "SKIPPED", skipReason: "outside_expertise", flags: ["broken_item"] });
  });
});

describe("prefetching the next task", () => {
  it("opening leases the current task and the next; a submit confirms the prefetched one and leases the one after it", async () => {
    const world = await createReviewWorld({ items: 4 });
    const { setupId } = await world.setup({ overlap: 1 });
    const reviewer = world.reviewers[0]!.id;
    const screen = await openQueue(world.project.id, reviewer, setupId);
    expect(screen.task && screen.next).toBeTruthy();
    expect(screen.next!.taskId).not.toBe(screen.task!.taskId);
    // A reload resumes the same two, in the same order.
    expect(await openQueue(world.project.id, reviewer, setupId)).toMatchObject({ task: { assignmentId: screen.task!.assignmentId }, next: { assignmentId: screen.next!.assignmentId } });

    const answers = await answersFor(world.project.id, reviewer, screen.task!.assignmentId);
    const result = await submitAndAdvance(world.project.id, reviewer, setupId, { assignmentId: screen.task!.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 0 }, screen.next!.assignmentId);
    expect(result.submitted.duplicate).toBe(false);
    expect(result.current).toEqual({ confirmed: true });
    expect([screen.task!.taskId, screen.next!.taskId]).not.toContain(result.next!.taskId);
    const leased = await db.assignment.findMany({ where: { reviewerId: reviewer, status: "LEASED" }, select: { taskId: true } });
    expect(leased.map((a) => a.taskId).sort()).toEqual([screen.next!.taskId, result.next!.taskId].sort());

    // The same submission again (a retry after a lost response): one label, same screen.
    const again = await submitAndAdvance(world.project.id, reviewer, setupId, { assignmentId: screen.task!.assignmentId, clientId: (await db.label.findFirstOrThrow({ where: { id: result.submitted.labelId } })).clientId, answers, rationale: "", flags: [], activeMsDelta: 0 }, screen.next!.assignmentId);
    expect(again).toMatchObject({ submitted: { labelId: result.submitted.labelId, duplicate: true }, current: { confirmed: true }, next: { assignmentId: result.next!.assignmentId } });
    expect(await db.label.count({ where: { task: { setupId } } })).toBe(1);

    // Skipping works the same way.
    const skipped = await skipAndAdvance(world.project.id, reviewer, setupId, { assignmentId: screen.next!.assignmentId, reason: "other", note: "", flags: [] }, result.next!.assignmentId);
    expect(skipped.current).toEqual({ confirmed: true });
    expect(skipped.next?.taskId).toBeDefined();
    expect(await db.assignment.count({ where: { reviewerId: reviewer, status: "LEASED" } })).toBe(2);
  });

  it("a prefetched lease that expired and was taken by someone else is replaced, never shared", async () => {
    const world = await createReviewWorld({ items: 2, reviewers: 2 });
    const { setupId } = await world.setup({ overlap: 1 });
    const [slow, other] = world.reviewers;
    const screen = await openQueue(world.project.id, slow!.id, setupId);
    await db.assignment.update({ where: { id: screen.next!.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    expect((await leaseNextTask(world.project.id, other!.id, { setupId }))?.taskId).toBe(screen.next!.taskId);
    const answers = await answersFor(world.project.id, slow!.id, screen.task!.assignmentId);
    const result = await submitAndAdvance(world.project.id, slow!.id, setupId, { assignmentId: screen.task!.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 0 }, screen.next!.assignmentId);
    expect(result.current).toEqual({ confirmed: false, task: null });
    expect(result.next).toBeNull();
    expect((await db.assignment.findUniqueOrThrow({ where: { id: screen.next!.assignmentId } })).status).toBe("EXPIRED");
  });

  it("concurrent opens by one reviewer (two tabs) hand out the same two tasks", async () => {
    const world = await createReviewWorld({ items: 6 });
    const { setupId } = await world.setup();
    const reviewer = world.reviewers[0]!.id;
    const screens = await Promise.all(Array.from({ length: 5 }, () => openQueue(world.project.id, reviewer, setupId)));
    expect(new Set(screens.map((s) => `${s.task!.assignmentId}/${s.next!.assignmentId}`)).size).toBe(1);
    expect(await db.assignment.count({ where: { reviewerId: reviewer } })).toBe(2);
  });

  it("progress counts the reviewer's labels and what is left for them, and the team's", async () => {
    const world = await createReviewWorld({ items: 3, reviewers: 2 });
    const { setupId } = await world.setup({ overlap: 2 });
    await leaseAndSubmit(world.project.id, world.reviewers[0]!.id, setupId);
    await leaseAndSubmit(world.project.id, world.reviewers[1]!.id, setupId);
    const progress = await reviewProgress(world.project.id, world.reviewers[0]!.id, setupId);
    expect(progress).toMatchObject({ submitted: 1, skipped: 0, teamDone: 2, teamNeeded: 6 });
    // Both labelled the same first task (now complete) or different ones: either way two tasks are left for reviewer 0.
    expect(progress.availableToMe).toBe(2);
    // The team's totals are kept between recounts; a submit moves them at once.
    await leaseAndSubmit(world.project.id, world.reviewers[1]!.id, setupId);
    expect(await reviewProgress(world.project.id, world.reviewers[0]!.id, setupId)).toMatchObject({ teamDone: 3, teamNeeded: 6 });
  });
});

describe("submitting", () => {
  it("stores preference in terms of output ids, not screen positions, and ranking as ranks", async () => {
    const world = await createReviewWorld({ items: 1 });
    const reviewer = world.reviewers[0]!.id;
    const pair = await world.setup({ overlap: 1, criterionKeys: ["pref"] });
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId: pair.setupId });
    const view = await loadTaskView(world.project.id, reviewer, lease!.assignmentId);
    const shownSecond = view.outputs[1]!.id;
    const prefField = view.fields.find((f) => f.criterion.kind === "PREFERENCE")!;
    const { labelId } = await submitLabel(world.project.id, reviewer, { assignmentId: lease!.assignmentId, clientId: clientId(), answers: { [prefField.id]: { kind: "preference", winner: shownSecond } }, rationale: "", flags: [], activeMsDelta: 0 });
    const [value] = await db.labelValue.findMany({ where: { labelId } });
    // The screen names outputs by letter; the assignment's shown order says which output each is.
    const shown = await shownOutputIdsOf(lease!.assignmentId);
    const [a, b] = [...shown].sort();
    expect(value).toMatchObject({ targetKey: `${a}:${b}`, outputId: a, otherOutputId: b, category: shown[1] === a ? "A" : "B" });

    const rank = await world.setup({ mode: "RANKING", runIds: world.runs.map((r) => r.id), overlap: 1 });
    const rankLease = await leaseNextTask(world.project.id, reviewer, { setupId: rank.setupId });
    const rankView = await loadTaskView(world.project.id, reviewer, rankLease!.assignmentId);
    const order = rankView.outputs.map((o) => o.id).reverse();
    const ranked = await submitLabel(world.project.id, reviewer, { assignmentId: rankLease!.assignmentId, clientId: clientId(), answers: { [rankView.fields[0]!.id]: { kind: "ranking", order } }, rationale: "", flags: [], activeMsDelta: 0 });
    const ranks = await db.labelValue.findMany({ where: { labelId: ranked.labelId } });
    const rankShown = await shownOutputIdsOf(rankLease!.assignmentId);
    expect(Object.fromEntries(ranks.map((r) => [r.targetKey, r.value]))).toEqual(Object.fromEntries(order.map((letter, i) => [rankShown[letter.charCodeAt(0) - 65], i + 1])));
  });

  it("refuses a missing required criterion or a value out of range, naming the field; nothing stored", async () => {
    const world = await createReviewWorld({ items: 1 });
    const reviewer = world.reviewers[0]!.id;
    const { setupId } = await world.setup({ mode: "SINGLE", runIds: [world.runs[0]!.id], overlap: 1 });
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId });
    const answers = await answersFor(world.project.id, reviewer, lease!.assignmentId);
    const helpful = Object.keys(answers).find((id) => id.startsWith(world.criteria.helpful!))!;
    const safe = Object.keys(answers).find((id) => id.startsWith(world.criteria.safe!))!;
    const bad = { ...answers, [helpful]: { kind: "score" as const, value: 9 } };
    delete bad[safe];
    const error = await submitLabel(world.project.id, reviewer, { assignmentId: lease!.assignmentId, clientId: clientId(), answers: bad, rationale: "", flags: [], activeMsDelta: 0 }).catch((e) => e);
    expect(error).toMatchObject({ code: "VALIDATION" });
    expect(error.issues.map((issue: { field: string }) => issue.field.split("[")[0]).sort()).toEqual(["helpful", "safe"]);
    expect(await db.label.count({ where: { task: { projectId: world.project.id } } })).toBe(0);
    // The optional criterion may be left out.
    const tone = Object.keys(answers).find((id) => id.startsWith(world.criteria.tone!))!;
    const withoutTone = { ...answers };
    delete withoutTone[tone];
    await expect(submitLabel(world.project.id, reviewer, { assignmentId: lease!.assignmentId, clientId: clientId(), answers: withoutTone, rationale: "", flags: [], activeMsDelta: 0 })).resolves.toMatchObject({ duplicate: false });
  });

  it("refuses an assignment of another reviewer or another project", async () => {
    const world = await createReviewWorld({ items: 1 });
    const other = await createReviewWorld({ items: 1 });
    const { setupId } = await world.setup();
    const reviewer = world.reviewers[0]!.id;
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId });
    const answers = await answersFor(world.project.id, reviewer, lease!.assignmentId);
    const stranger = await createUser();
    const input = { assignmentId: lease!.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 0 };
    await expect(submitLabel(world.project.id, stranger.id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(submitLabel(other.project.id, reviewer, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.label.count({ where: { task: { projectId: world.project.id } } })).toBe(0);
  });

  it("the same clientId twice (sequential and concurrent) makes one label", async () => {
    const world = await createReviewWorld({ items: 2 });
    const { setupId } = await world.setup({ overlap: 1 });
    const reviewer = world.reviewers[0]!.id;
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId });
    const answers = await answersFor(world.project.id, reviewer, lease!.assignmentId);
    const input = { assignmentId: lease!.assignmentId, clientId: clientId(), answers, rationale: "x", flags: [], activeMsDelta: 0 };
    const results = await Promise.all(Array.from({ length: 8 }, () => submitLabel(world.project.id, reviewer, input)));
    expect(new Set(results.map((r) => r.labelId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await submitLabel(world.project.id, reviewer, input)).toMatchObject({ labelId: results[0]!.labelId, duplicate: true });
    expect(await db.label.count({ where: { task: { projectId: world.project.id } } })).toBe(1);
    expect((await db.reviewTask.findUniqueOrThrow({ where: { id: lease!.taskId } })).labelCount).toBe(1);
  });

  it("edits keep the previous values as a revision and are audited", async () => {
    const world = await createReviewWorld({ items: 1 });
    const reviewer = world.reviewers[0]!.id;
    const { setupId } = await world.setup({ mode: "SINGLE", runIds: [world.runs[0]!.id], overlap: 1 });
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId });
    const answers = await answersFor(world.project.id, reviewer, lease!.assignmentId);
    const { labelId } = await submitLabel(world.project.id, reviewer, { assignmentId: lease!.assignmentId, clientId: clientId(), answers, rationale: "first", flags: [], activeMsDelta: 0 });
    const helpful = Object.keys(answers).find((id) => id.startsWith(world.criteria.helpful!))!;
    await editLabel(world.project.id, reviewer, { labelId, answers: { ...answers, [helpful]: { kind: "score", value: 2 } }, rationale: "second", flags: [] });
    const label = await db.label.findUniqueOrThrow({ where: { id: labelId }, include: { values: true, revisions: true } });
    expect(label.rationale).toBe("second");
    expect(label.values.find((v) => v.criterionId === world.criteria.helpful)?.value).toBe(2);
    expect(label.revisions).toHaveLength(1);
    expect(label.revisions[0]!.previous).toMatchObject({ rationale: "first" });
    expect(await db.auditEvent.count({ where: { action: "label.edit", targetId: labelId } })).toBe(1);
    const view = await loadTaskView(world.project.id, reviewer, lease!.assignmentId, { labelId });
    expect(view.label?.answers[helpful]).toEqual({ kind: "score", value: 2 });
    const stranger = world.members.LEAD.id;
    await expect(editLabel(world.project.id, stranger, { labelId, answers, rationale: "", flags: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("concurrency", () => {
  it("many reviewers leasing and submitting at once: no task over overlap, no double assignment", async () => {
    const world = await createReviewWorld({ items: 12, reviewers: 8 });
    const { setupId } = await world.setup({ overlap: 3, criterionKeys: ["pref"] });
    const work = world.reviewers.map(async (reviewer) => {
      let n = 0;
      for (;;) {
        const result = await leaseAndSubmit(world.project.id, reviewer.id, setupId).catch((error) => {
          if (error?.code === "CONFLICT") return "conflict" as const;
          throw error;
        });
        if (result === null) return n;
        if (result !== "conflict") n++;
      }
    });
    const counts = await Promise.all(work);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(36);
    const over = await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM "ReviewTask" t WHERE t."labelCount" <> (SELECT COUNT(*) FROM "Label" l WHERE l."taskId" = t.id) OR t."labelCount" > t.overlap`;
    expect(Number(over[0]!.n)).toBe(0);
    const doubles = await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM (SELECT "taskId", "reviewerId" FROM "Label" GROUP BY 1, 2 HAVING COUNT(*) > 1) d`;
    expect(Number(doubles[0]!.n)).toBe(0);
    expect(await db.reviewTask.count({ where: { setupId, status: "COMPLETE" } })).toBe(12);
  });

  it("concurrent leases by one reviewer (two tabs) hand out one task", async () => {
    const world = await createReviewWorld({ items: 5 });
    const { setupId } = await world.setup();
    const reviewer = world.reviewers[0]!.id;
    const leases = await Promise.all(Array.from({ length: 6 }, () => leaseNextTask(world.project.id, reviewer, { setupId })));
    expect(new Set(leases.map((l) => l!.assignmentId)).size).toBe(1);
  });

  it("a submission killed mid-transaction leaves nothing behind, and its retry stores exactly one label", async () => {
    const world = await createReviewWorld({ items: 1 });
    const { setupId } = await world.setup({ overlap: 1 });
    const reviewer = world.reviewers[0]!.id;
    const lease = await leaseNextTask(world.project.id, reviewer, { setupId });
    const answers = await answersFor(world.project.id, reviewer, lease!.assignmentId);
    const input = { assignmentId: lease!.assignmentId, clientId: clientId(), answers, rationale: "", flags: [], activeMsDelta: 0 };
    // Hold the task row so the submission blocks inside its transaction, after
    // it has locked the assignment, then kill its database session.
    const pg = (await import("pg")).default;
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query(`SELECT 1 FROM "ReviewTask" WHERE id = $1 FOR UPDATE`, [lease!.taskId]);
    const pending = submitLabel(world.project.id, reviewer, input).then(() => "stored", (error) => error);
    for (let i = 0; i < 100; i++) {
      const { rowCount } = await blocker.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()`);
      if (rowCount) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const outcome = await pending;
    await blocker.query("ROLLBACK");
    await blocker.end();
    expect(outcome).not.toBe("stored");
    expect(await db.label.count({ where: { task: { projectId: world.project.id } } })).toBe(0);
    expect((await db.assignment.findUniqueOrThrow({ where: { id: lease!.assignmentId } })).status).toBe("LEASED");
    const retried = await submitLabel(world.project.id, reviewer, input);
    expect(retried.duplicate).toBe(false);
    expect(await db.label.count({ where: { task: { projectId: world.project.id } } })).toBe(1);
  });
});
