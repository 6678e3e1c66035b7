import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const { saveRubric } = await import("./actions");

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

  it("is for admins only and names invalid fields", async () => {
    session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
    expect(await saveRubric({ projectId: fixture.project.id, name: "X", criteria })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
    const bad = await saveRubric({ projectId: fixture.project.id, name: "X", criteria: [{ key: "tone", name: "Tone", kind: "CATEGORICAL", config: { options: [] } }] });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION", issues: [{ field: "criteria.0.config.options" }] } });
  });
});
