import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";

// The unique constraints that idempotent imports and the review queue rely on.

async function expectUniqueViolation(promise: Promise<unknown>) {
  await expect(promise).rejects.toMatchObject({ code: "P2002" });
}

async function scaffold() {
  const { project, members } = await createProjectWithMembers(["ADMIN", "REVIEWER"]);
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "golden" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h1" } });
  const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: "q1", position: 0, inputText: "Hi?", contentHash: "i1" } });
  const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run-a", model: "m" } });
  const output = await db.output.create({ data: { runId: run.id, itemId: item.id, content: "Hello" } });
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  const rubricVersion = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const criterion = await db.criterion.create({ data: { rubricVersionId: rubricVersion.id, key: "ok", name: "OK", kind: "BINARY", position: 0 } });
  const setup = await db.reviewSetup.create({
    data: { projectId: project.id, name: "s", datasetVersionId: version.id, rubricVersionId: rubricVersion.id, mode: "SINGLE", overlap: 1, blindReview: true, randomizeOrder: true, showReference: false },
  });
  const task = await db.reviewTask.create({ data: { projectId: project.id, setupId: setup.id, itemId: item.id, overlap: 1 } });
  return { project, members, dataset, version, item, run, output, rubricVersion, criterion, task };
}

describe("uniqueness", () => {
  it("one account per email and one membership per project and user", async () => {
    const user = await createUser({ email: "same@test.local" });
    await expectUniqueViolation(createUser({ email: "same@test.local" }));
    const { project } = await createProjectWithMembers([]);
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "REVIEWER" } });
    await expectUniqueViolation(db.membership.create({ data: { projectId: project.id, userId: user.id, role: "LEAD" } }));
  });

  it("dataset names, version numbers, content hashes and item externalIds", async () => {
    const s = await scaffold();
    await expectUniqueViolation(db.dataset.create({ data: { projectId: s.project.id, name: "golden" } }));
    await expectUniqueViolation(db.datasetVersion.create({ data: { datasetId: s.dataset.id, version: 1, contentHash: "other" } }));
    await expectUniqueViolation(db.datasetVersion.create({ data: { datasetId: s.dataset.id, version: 2, contentHash: "h1" } }));
    await expectUniqueViolation(db.datasetItem.create({ data: { datasetVersionId: s.version.id, externalId: "q1", position: 1, contentHash: "x" } }));
  });

  it("one output per run, item and turn; one score per judge, output and criterion", async () => {
    const s = await scaffold();
    await expectUniqueViolation(db.output.create({ data: { runId: s.run.id, itemId: s.item.id, content: "again" } }));
    await db.output.create({ data: { runId: s.run.id, itemId: s.item.id, turn: 1, content: "second turn" } });
    const judge = await db.judge.create({ data: { projectId: s.project.id, name: "j", model: "m", promptVersion: "v1" } });
    await expectUniqueViolation(db.judge.create({ data: { projectId: s.project.id, name: "j", model: "m2", promptVersion: "v1" } }));
    await db.judgeScore.create({ data: { judgeId: judge.id, outputId: s.output.id, criterionId: s.criterion.id, value: 1 } });
    await expectUniqueViolation(db.judgeScore.create({ data: { judgeId: judge.id, outputId: s.output.id, criterionId: s.criterion.id, value: 0 } }));
  });

  it("a reviewer never holds the same task twice, and a submitted label is found by its client id", async () => {
    const s = await scaffold();
    const reviewerId = s.members.REVIEWER.id;
    const assignment = await db.assignment.create({ data: { taskId: s.task.id, reviewerId, leaseExpiresAt: new Date(Date.now() + 60_000), shownOrder: [0] } });
    await expectUniqueViolation(db.assignment.create({ data: { taskId: s.task.id, reviewerId, leaseExpiresAt: new Date(), shownOrder: [0] } }));
    await db.label.create({ data: { clientId: "c-1", taskId: s.task.id, assignmentId: assignment.id, reviewerId, rubricVersionId: s.rubricVersion.id } });
    await expectUniqueViolation(db.label.create({ data: { clientId: "c-1", taskId: s.task.id, reviewerId, rubricVersionId: s.rubricVersion.id } }));
    await expectUniqueViolation(db.label.create({ data: { clientId: "c-2", taskId: s.task.id, assignmentId: assignment.id, reviewerId, rubricVersionId: s.rubricVersion.id } }));
  });

  it("a task never records more labels than its overlap", async () => {
    const s = await scaffold();
    await expect(db.reviewTask.update({ where: { id: s.task.id }, data: { labelCount: 2 } })).rejects.toThrow(/labelCount_within_overlap|check constraint/i);
  });

  it("API token hashes and ground truth per criterion and unit are unique", async () => {
    const s = await scaffold();
    const data = { projectId: s.project.id, name: "t", tokenHash: "abc", prefix: "ts_abc", scope: "READ" as const, createdById: s.members.ADMIN.id };
    await db.apiToken.create({ data });
    await expectUniqueViolation(db.apiToken.create({ data: { ...data, name: "t2" } }));
    const truth = { projectId: s.project.id, criterionId: s.criterion.id, targetKey: s.output.id, outputId: s.output.id, value: 1, status: "AGREED" as const };
    await db.groundTruth.create({ data: truth });
    await expectUniqueViolation(db.groundTruth.create({ data: { ...truth, value: 0 } }));
  });
});
