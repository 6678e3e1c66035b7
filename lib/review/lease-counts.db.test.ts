import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { leaseNextTask, openQueue, saveDraft, skipTask, submitAndAdvance, submitLabel } from "./queue";
import { answersFor, createReviewWorld } from "./test-fixtures";

// Tasks keep their live lease count and earliest lease expiry (a trigger on
// Assignment); the pick trusts them until that horizon passes.

/** A task's kept lease count and horizon. */
const keptCounts = (taskId: string) => db.reviewTask.findUniqueOrThrow({ where: { id: taskId }, select: { leaseCount: true, leaseHorizon: true } });

/** Every task's kept (count, horizon) next to the same figures counted from scratch now. */
async function keptAndRecounted(projectId: string) {
  return db.$queryRaw<{ id: string; kept: string; recounted: string }[]>`
    SELECT t.id, t."leaseCount" || '@' || COALESCE(t."leaseHorizon"::text, '-') AS kept,
           COUNT(a.id) || '@' || COALESCE(MIN(a."leaseExpiresAt")::text, '-') AS recounted
    FROM "ReviewTask" t LEFT JOIN "Assignment" a ON a."taskId" = t.id AND a.status = 'LEASED' AND a."leaseExpiresAt" > now()
    WHERE t."projectId" = ${projectId}
    GROUP BY t.id ORDER BY t.id`;
}

/** Runs `writes` with the lease-count trigger off, in one transaction (nobody else ever sees it off). */
async function withoutLeaseCounting(writes: () => Prisma.PrismaPromise<number>[]) {
  await db.$transaction([
    db.$executeRaw`ALTER TABLE "Assignment" DISABLE TRIGGER "Assignment_count_leases"`,
    ...writes(),
    db.$executeRaw`ALTER TABLE "Assignment" ENABLE ALWAYS TRIGGER "Assignment_count_leases"`,
  ]);
}

/**
 * What the database looks like once `seconds` have passed: every lease
 * expiry and kept horizon of the project moves back by that much, with the
 * trigger off, since time passing writes nothing.
 */
async function letTimePass(projectId: string, seconds: number) {
  await withoutLeaseCounting(() => [
    db.$executeRaw`UPDATE "Assignment" a SET "leaseExpiresAt" = a."leaseExpiresAt" - make_interval(secs => ${seconds})
                   FROM "ReviewTask" t WHERE t.id = a."taskId" AND t."projectId" = ${projectId}`,
    db.$executeRaw`UPDATE "ReviewTask" SET "leaseHorizon" = "leaseHorizon" - make_interval(secs => ${seconds}) WHERE "projectId" = ${projectId}`,
  ]);
}

describe("kept lease counts", () => {
  it("match a count from scratch through leases, submits, skips, autosaves and expiries", async () => {
    const world = await createReviewWorld({ items: 6, reviewers: 3 });
    const { setupId } = await world.setup({ overlap: 2 });
    const projectId = world.project.id;
    const [a, b, c] = world.reviewers.map((reviewer) => reviewer.id);
    const expectExact = async () => {
      for (const row of await keptAndRecounted(projectId)) expect(row.kept, row.id).toBe(row.recounted);
    };

    const screenA = await openQueue(projectId, a!, setupId);
    const screenB = await openQueue(projectId, b!, setupId);
    await expectExact();
    const answers = await answersFor(projectId, a!, screenA.task!.assignmentId);
    await submitAndAdvance(projectId, a!, setupId, { assignmentId: screenA.task!.assignmentId, clientId: crypto.randomUUID(), answers, rationale: "", flags: [], activeMsDelta: 0 }, screenA.next!.assignmentId);
    await expectExact();
    await skipTask(projectId, b!, { assignmentId: screenB.task!.assignmentId, reason: "outside_expertise", note: "", flags: [] });
    await expectExact();
    await saveDraft(projectId, b!, { assignmentId: screenB.next!.assignmentId, draft: { answers: {}, rationale: "later", flags: [] }, activeMsDelta: 100 });
    await expectExact();
    await db.assignment.update({ where: { id: screenA.next!.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    await expectExact();
    await openQueue(projectId, c!, setupId);
    await expectExact();
    // The expired lease's owner comes back: it is resumed (room is left), counted again.
    await openQueue(projectId, a!, setupId);
    await expectExact();
    await db.assignment.deleteMany({ where: { reviewerId: c! } });
    await expectExact();
  });

  it("a task full by its kept count is offered again once a lease runs out, ahead of lower-priority tasks", async () => {
    const world = await createReviewWorld({ items: 3, reviewers: 2 });
    const { setupId } = await world.setup({ overlap: 1 });
    const projectId = world.project.id;
    const [late, other] = world.reviewers.map((reviewer) => reviewer.id);
    const tasks = await db.reviewTask.findMany({ where: { setupId }, orderBy: { id: "asc" }, select: { id: true } });
    for (const [index, task] of tasks.entries()) await db.reviewTask.update({ where: { id: task.id }, data: { priority: 10 - index } });

    const held = await leaseNextTask(projectId, late!, { setupId });
    expect(held?.taskId).toBe(tasks[0]!.id);
    expect((await leaseNextTask(projectId, other!, { setupId }))?.taskId).toBe(tasks[1]!.id);
    expect((await keptCounts(tasks[0]!.id)).leaseCount).toBe(1);

    // Both leases run out; nothing is written, so the first task still counts one lease.
    await letTimePass(projectId, 3600);
    const after = await keptCounts(tasks[0]!.id);
    expect(after.leaseCount).toBe(1);
    expect(after.leaseHorizon!.getTime()).toBeLessThan(Date.now());

    // The other reviewer's expired lease is resumed first (nobody took its place), then
    // the next pick is the highest-priority task with room: the one whose lease ran out.
    const screen = await openQueue(projectId, other!, setupId);
    expect(screen.task?.taskId).toBe(tasks[1]!.id);
    expect(screen.next?.taskId).toBe(tasks[0]!.id);
    for (const row of await keptAndRecounted(projectId)) expect(row.kept, row.id).toBe(row.recounted);

    // The late label is refused: the task's one slot is the other reviewer's now.
    const answers = await answersFor(projectId, late!, held!.assignmentId);
    await expect(submitLabel(projectId, late!, { assignmentId: held!.assignmentId, clientId: crypto.randomUUID(), answers, rationale: "", flags: [], activeMsDelta: 0 })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a task whose horizon passed while its lease was extended is not handed out twice", async () => {
    const world = await createReviewWorld({ items: 1, reviewers: 2 });
    const { setupId } = await world.setup({ overlap: 1 });
    const projectId = world.project.id;
    const [holder, other] = world.reviewers.map((reviewer) => reviewer.id);
    const lease = await leaseNextTask(projectId, holder!, { setupId });
    // The kept horizon trails the lease (as if it had been extended without a recount): the exact count decides.
    await db.$executeRaw`UPDATE "ReviewTask" SET "leaseHorizon" = now() - interval '1 minute' WHERE id = ${lease!.taskId}`;
    expect(await leaseNextTask(projectId, other!, { setupId })).toBeNull();
  });
});
