import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const { saveRubric } = await import("./actions");
const { loadRubricHistory } = await import("./queries");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
beforeEach(async () => {
  fixture = await createProjectWithMembers();
  session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
});

const criteria = [
  { key: "helpful", name: "Helpful", kind: "LIKERT" as const, config: { min: 1, max: 3, anchors: ["bad", "ok", "good"] } },
  { key: "safe", name: "Safe", kind: "BINARY" as const },
];

describe("saveRubric", () => {
  it("edits an unused version in place, and makes a new version once labels exist", async () => {
    const created = await saveRubric({ projectId: fixture.project.id, name: "Quality", criteria });
    expect(created).toMatchObject({ ok: true, data: { version: 1, newVersion: true } });
    const { rubricId, rubricVersionId } = (created as { ok: true; data: { rubricId: string; rubricVersionId: string } }).data;

    const reordered = await saveRubric({ projectId: fixture.project.id, rubricId, name: "Quality", criteria: [criteria[1]!, { ...criteria[0]!, description: "Solves it?" }] });
    expect(reordered).toMatchObject({ ok: true, data: { version: 1, newVersion: false } });
    const inPlace = await db.criterion.findMany({ where: { rubricVersionId }, orderBy: { position: "asc" } });
    expect(inPlace.map((c) => c.key)).toEqual(["safe", "helpful"]);

    await db.label.create({ data: { clientId: "c-1", reviewerId: fixture.members.REVIEWER.id, rubricVersionId, source: "IMPORT" } });
    const edited = await saveRubric({ projectId: fixture.project.id, rubricId, name: "Quality", criteria: [criteria[0]!] });
    expect(edited).toMatchObject({ ok: true, data: { version: 2, newVersion: true } });
    expect(await db.criterion.count({ where: { rubricVersionId } })).toBe(2);
    const label = await db.label.findFirstOrThrow({ where: { clientId: "c-1" } });
    expect(label.rubricVersionId).toBe(rubricVersionId);
    expect(await db.auditEvent.count({ where: { projectId: fixture.project.id, action: { startsWith: "rubric." } } })).toBe(3);
  });

  it("keeps the reviewers' guidelines on the rubric, not a version: an edit shows everywhere at once", async () => {
    const created = await saveRubric({ projectId: fixture.project.id, name: "Guided", instructions: "Read the **whole** answer.", criteria });
    const { rubricId, rubricVersionId } = (created as { ok: true; data: { rubricId: string; rubricVersionId: string } }).data;
    expect((await loadRubricHistory(fixture.project.id, rubricId))!.instructions).toBe("Read the **whole** answer.");
    await db.label.create({ data: { clientId: "c-guided", reviewerId: fixture.members.REVIEWER.id, rubricVersionId, source: "IMPORT" } });
    await saveRubric({ projectId: fixture.project.id, rubricId, name: "Guided", instructions: "Read it twice.", criteria });
    expect((await db.rubric.findUniqueOrThrow({ where: { id: rubricId } })).instructions).toBe("Read it twice.");
    // Left out (an older client, the API): the guidelines stay as they were.
    await saveRubric({ projectId: fixture.project.id, rubricId, name: "Guided", criteria });
    expect((await loadRubricHistory(fixture.project.id, rubricId))!.instructions).toBe("Read it twice.");
  });

  it("is for admins only and names invalid fields", async () => {
    session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
    expect(await saveRubric({ projectId: fixture.project.id, name: "X", criteria })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
    const bad = await saveRubric({ projectId: fixture.project.id, name: "X", criteria: [{ key: "tone", name: "Tone", kind: "CATEGORICAL", config: { options: [] } }] });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION", issues: [{ field: "criteria.0.config.options" }] } });
  });

  it("makes keys from names on the server too, and knows which keys have a history", async () => {
    const created = await saveRubric({ projectId: fixture.project.id, name: "Facts", criteria: [{ name: "Factual accuracy", kind: "BINARY" }, { name: "Factual accuracy?", kind: "BINARY" }] });
    expect(created).toMatchObject({ ok: true });
    const { rubricId, rubricVersionId } = (created as { ok: true; data: { rubricId: string; rubricVersionId: string } }).data;
    expect((await db.criterion.findMany({ where: { rubricVersionId }, orderBy: { position: "asc" } })).map((c) => c.key)).toEqual(["factual_accuracy", "factual_accuracy_2"]);
    // Unused: renaming a key splits nothing yet.
    expect((await loadRubricHistory(fixture.project.id, rubricId))!.seriesKeys).toEqual([]);

    await db.label.create({ data: { clientId: "c-keys", reviewerId: fixture.members.REVIEWER.id, rubricVersionId, source: "IMPORT" } });
    expect((await loadRubricHistory(fixture.project.id, rubricId))!.seriesKeys).toEqual(["factual_accuracy", "factual_accuracy_2"]);

    const renamed = await saveRubric({ projectId: fixture.project.id, rubricId, name: "Facts", criteria: [{ key: "accuracy", name: "Factual accuracy", kind: "BINARY" }] });
    expect(renamed).toMatchObject({ ok: true, data: { version: 2, newVersion: true } });
    const history = (await loadRubricHistory(fixture.project.id, rubricId))!;
    expect(history.versions.map((v) => [v.version, v.criteria.map((c) => c.key)])).toEqual([
      [2, ["accuracy"]],
      [1, ["factual_accuracy", "factual_accuracy_2"]],
    ]);
    expect(history.seriesKeys).toEqual(["factual_accuracy", "factual_accuracy_2"]);
    expect(await loadRubricHistory(fixture.project.id, "not-a-rubric")).toBeNull();
  });
});
