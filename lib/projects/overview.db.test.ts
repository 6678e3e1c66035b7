import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { checklistComplete, firstHourChecklist } from "./checklist";
import { projectOverview } from "./queries";

const stepsDone = async (projectId: string) =>
  Object.fromEntries(firstHourChecklist((await projectOverview(projectId)).checklist).map((step) => [step.key, step.done]));

describe("projectOverview and the first-hour checklist", () => {
  it("ticks each step from the project's own rows, and counts imported labels as labels", async () => {
    const { project } = await createProjectWithMembers(["ADMIN"]);
    const projectId = project.id;
    // Another project's rows must never tick this one's steps.
    const { project: other } = await createProjectWithMembers(["ADMIN", "REVIEWER"]);
    await db.rubric.create({ data: { projectId: other.id, name: "theirs" } });

    const empty = await projectOverview(projectId);
    expect(empty.labels).toBe(0);
    expect(await stepsDone(projectId)).toEqual({ rubric: false, data: false, members: false, reviewSetup: false, judgeScores: false });

    const rubric = await db.rubric.create({ data: { projectId, name: "quality" } });
    const rubricVersion = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
    const criterion = await db.criterion.create({ data: { rubricVersionId: rubricVersion.id, key: "helpful", name: "Helpful", kind: "BINARY", position: 0 } });
    const dataset = await db.dataset.create({ data: { projectId, name: "golden" } });
    const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: crypto.randomUUID(), itemCount: 1 } });
    const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: "q1", position: 0, inputText: "q", contentHash: "h" } });
    // A dataset without any run's outputs is not yet something to review.
    expect(await stepsDone(projectId)).toMatchObject({ rubric: true, data: false });

    const run = await db.run.create({ data: { projectId, datasetVersionId: version.id, name: "run-a", model: "m" } });
    const output = await db.output.create({ data: { runId: run.id, itemId: item.id, content: "answer" } });
    expect(await stepsDone(projectId)).toMatchObject({ data: true, members: false });

    // An admin is not a reviewer: the step wants someone to do the reviewing.
    await db.membership.create({ data: { projectId, userId: (await createUser()).id, role: "ADMIN" } });
    expect(await stepsDone(projectId)).toMatchObject({ members: false });
    const reviewer = await createUser();
    await db.membership.create({ data: { projectId, userId: reviewer.id, role: "REVIEWER" } });
    expect(await stepsDone(projectId)).toMatchObject({ members: true, reviewSetup: false });

    await db.reviewSetup.create({ data: { projectId, name: "first", datasetVersionId: version.id, rubricVersionId: rubricVersion.id, mode: "SINGLE", runIds: [run.id], overlap: 1, blindReview: true, randomizeOrder: true, showReference: false } });
    const steps = firstHourChecklist((await projectOverview(projectId)).checklist);
    expect(steps.find((step) => step.key === "judgeScores")!.done).toBe(false);
    expect(checklistComplete(steps)).toBe(true);

    const judge = await db.judge.create({ data: { projectId, name: "gpt-judge", model: "m" } });
    await db.judgeScore.create({ data: { judgeId: judge.id, outputId: output.id, criterionId: criterion.id, value: 1 } });
    expect(await stepsDone(projectId)).toMatchObject({ judgeScores: true });

    // 264 imported labels showed as "LABELS 0": an imported label has no task, only a rubric version.
    await db.label.create({ data: { clientId: "imported-1", reviewerId: reviewer.id, rubricVersionId: rubricVersion.id, source: "IMPORT", values: { create: [{ criterionId: criterion.id, targetKey: output.id, outputId: output.id, value: 1 }] } } });
    const overview = await projectOverview(projectId);
    expect(overview.labels).toBe(1);
    expect((await projectOverview(other.id)).labels).toBe(0);
  });
});
