import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; isInstanceAdmin: boolean } }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { adjudicateUnit } = await import("./actions");

async function scenario() {
  const { project, members } = await createProjectWithMembers(["LEAD", "REVIEWER"]);
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
  const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: "q", position: 0, inputText: "?", contentHash: "i" } });
  const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "r", model: "m" } });
  const output = await db.output.create({ data: { runId: run.id, itemId: item.id, content: "a" } });
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  const rv = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  await db.criterion.create({ data: { rubricVersionId: rv.id, key: "help", name: "Help", kind: "LIKERT", position: 0, config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } } });
  return { project, members, output };
}

describe("adjudicating a unit", () => {
  it("sets ground truth on the declared scale, updates it, and audits both changes", async () => {
    const s = await scenario();
    session.user = { ...s.members.LEAD, isInstanceAdmin: false };
    const first = await adjudicateUnit({ projectId: s.project.id, criterionKey: "help", targetKey: s.output.id, status: "ADJUDICATED", value: 4, note: "clear" });
    expect(first).toMatchObject({ ok: true, data: { status: "ADJUDICATED", value: 4 } });
    const second = await adjudicateUnit({ projectId: s.project.id, criterionKey: "help", targetKey: s.output.id, status: "CONTESTED" });
    expect(second).toMatchObject({ ok: true, data: { status: "CONTESTED" } });
    expect(await db.groundTruth.count()).toBe(1);
    const events = await db.auditEvent.findMany({ where: { action: "groundTruth.set" }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[1]!.data).toMatchObject({ before: { status: "ADJUDICATED", value: 4 }, after: { status: "CONTESTED" } });
  });

  it("refuses reviewers, off-scale values and targets of another shape", async () => {
    const s = await scenario();
    session.user = { ...s.members.REVIEWER, isInstanceAdmin: false };
    expect(await adjudicateUnit({ projectId: s.project.id, criterionKey: "help", targetKey: s.output.id, status: "AGREED", value: 3 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    session.user = { ...s.members.LEAD, isInstanceAdmin: false };
    expect(await adjudicateUnit({ projectId: s.project.id, criterionKey: "help", targetKey: s.output.id, status: "ADJUDICATED", value: 7 })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION", issues: [{ field: "value" }] },
    });
    expect(await adjudicateUnit({ projectId: s.project.id, criterionKey: "help", targetKey: `${s.output.id}:zzz`, status: "ADJUDICATED", value: 3 })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION", issues: [{ field: "targetKey" }] },
    });
    expect(await adjudicateUnit({ projectId: s.project.id, criterionKey: "help", targetKey: s.output.id, status: "ADJUDICATED" })).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(await db.groundTruth.count({ where: { projectId: s.project.id } })).toBe(0);
  });
});
