import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import type { Role } from "@/lib/generated/prisma/enums";
import type { CurrentUser } from "./session";

// Server-side authorisation for every permission × role pair, through the
// real action and route wrappers against a real database. Only the session
// lookup is replaced: there is no browser cookie in a unit of test.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("./session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { projectAction } = await import("./action");
const { projectRoute } = await import("./route");
const { ALL_PERMISSIONS, PERMISSIONS, ROLES } = await import("./permissions");
const { generateApiToken } = await import("./tokens");
const { addMember, removeMember, setMemberRole } = await import("@/lib/members/actions");
const { updateProjectSettings, createProject } = await import("@/lib/projects/actions");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;

function actAs(role: Role | "outsider" | "anonymous", outsider?: CurrentUser) {
  if (role === "anonymous") session.user = null;
  else if (role === "outsider") session.user = outsider!;
  else session.user = { ...fixture.members[role], isInstanceAdmin: false };
}

beforeAll(async () => {
  fixture = await createProjectWithMembers();
});

beforeEach(() => {
  session.user = null;
});

describe("the action wrapper enforces the matrix for every permission × role", () => {
  for (const permission of ALL_PERMISSIONS) {
    for (const role of ROLES) {
      const allowed = (PERMISSIONS[permission] as readonly Role[]).includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, async () => {
        const probe = projectAction({ permission, schema: z.object({ projectId: z.string() }) }, async () => "ran");
        actAs(role);
        const result = await probe({ projectId: fixture.project.id });
        if (allowed) expect(result).toEqual({ ok: true, data: "ran" });
        else expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: expect.stringContaining("Forbidden") } });
      });
    }
  }
});

describe("real actions answer clearly", () => {
  it("a reviewer adding a member is forbidden, and nothing changes", async () => {
    actAs("REVIEWER");
    const before = await db.membership.count();
    const result = await addMember({ projectId: fixture.project.id, email: "x@test.local", role: "ADMIN", name: "X", initialPassword: "password123" });
    expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await db.membership.count()).toBe(before);
    expect(await db.user.count({ where: { email: "x@test.local" } })).toBe(0);
  });

  it("a lead cannot change project settings", async () => {
    actAs("LEAD");
    const result = await updateProjectSettings({
      projectId: fixture.project.id, name: "Hijacked", description: "", overlap: 3, blindReview: false,
      randomizeOrder: false, showReference: true, defaultMode: "SINGLE", leaseSeconds: 600, maxUploadBytes: 1024 * 1024,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect((await db.project.findUniqueOrThrow({ where: { id: fixture.project.id } })).name).not.toBe("Hijacked");
  });

  it("someone outside the project gets not-found, so project ids do not leak", async () => {
    actAs("outsider", { ...(await createUser()), isInstanceAdmin: false });
    const result = await setMemberRole({ projectId: fixture.project.id, userId: fixture.members.REVIEWER.id, role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("an anonymous caller must sign in", async () => {
    actAs("anonymous");
    const result = await removeMember({ projectId: fixture.project.id, userId: fixture.members.REVIEWER.id });
    expect(result).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("only instance admins create projects", async () => {
    actAs("ADMIN");
    expect(await createProject({ name: "Another" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    session.user = { ...(await createUser({ isInstanceAdmin: true })) };
    const created = await createProject({ name: "Another" });
    expect(created.ok).toBe(true);
  });

  it("an admin adds, promotes and removes a member, with an audit trail", async () => {
    actAs("ADMIN");
    const added = await addMember({ projectId: fixture.project.id, email: "New.Person@Test.local ", role: "REVIEWER", name: "New Person", initialPassword: "long-enough" });
    expect(added.ok).toBe(true);
    const userId = (added.ok && added.data.userId) || "";
    expect(await db.user.findUnique({ where: { email: "new.person@test.local" } })).not.toBeNull();
    expect(await setMemberRole({ projectId: fixture.project.id, userId, role: "LEAD" })).toMatchObject({ ok: true });
    expect(await removeMember({ projectId: fixture.project.id, userId })).toMatchObject({ ok: true });
    const actions = (await db.auditEvent.findMany({ where: { projectId: fixture.project.id, targetId: userId }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["member.add", "member.role", "member.remove"]);
  });

  it("the last admin cannot be demoted", async () => {
    actAs("ADMIN");
    const result = await setMemberRole({ projectId: fixture.project.id, userId: fixture.members.ADMIN.id, role: "REVIEWER" });
    expect(result).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("bad input names the field", async () => {
    actAs("ADMIN");
    const result = await addMember({ projectId: fixture.project.id, email: "not-an-email", role: "REVIEWER" });
    expect(result).toMatchObject({ ok: false, error: { code: "VALIDATION", issues: [{ field: "email" }] } });
  });
});

describe("the route wrapper", () => {
  const handler = projectRoute({ permission: "datasets.write" }, async ({ projectId }) => ({ projectId }));
  const readHandler = projectRoute({ permission: "datasets.read" }, async () => ({ ok: true }));
  const params = (projectId: string) => ({ params: Promise.resolve({ projectId }) });

  async function tokenFor(projectId: string, scope: "READ" | "WRITE") {
    const token = generateApiToken();
    await db.apiToken.create({ data: { projectId, name: scope, tokenHash: token.hash, prefix: token.prefix, scope, createdById: fixture.members.ADMIN.id } });
    return token.secret;
  }
  const withBearer = (secret: string) => new Request("http://test/api", { method: "POST", headers: { authorization: `Bearer ${secret}` } });

  it("lets a write token write", async () => {
    const response = await handler(withBearer(await tokenFor(fixture.project.id, "WRITE")), params(fixture.project.id));
    expect(response.status).toBe(200);
  });

  it("refuses a read token writing, with a JSON error", async () => {
    const response = await handler(withBearer(await tokenFor(fixture.project.id, "READ")), params(fixture.project.id));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("read-only") });
  });

  it("refuses a token of another project", async () => {
    const other = await createProjectWithMembers(["ADMIN"]);
    const response = await readHandler(withBearer(await tokenFor(other.project.id, "READ")), params(fixture.project.id));
    expect(response.status).toBe(403);
  });

  it("refuses revoked and unknown tokens", async () => {
    const secret = await tokenFor(fixture.project.id, "WRITE");
    await db.apiToken.updateMany({ where: { projectId: fixture.project.id }, data: { revokedAt: new Date() } });
    expect((await handler(withBearer(secret), params(fixture.project.id))).status).toBe(401);
    expect((await handler(withBearer("ts_" + "x".repeat(43)), params(fixture.project.id))).status).toBe(401);
    expect((await handler(new Request("http://test/api", { headers: { authorization: "Basic abc" } }), params(fixture.project.id))).status).toBe(401);
  });

  it("uses the session when no token is sent, with the same matrix", async () => {
    actAs("REVIEWER");
    expect((await readHandler(new Request("http://test/api"), params(fixture.project.id))).status).toBe(403);
    actAs("LEAD");
    expect((await readHandler(new Request("http://test/api"), params(fixture.project.id))).status).toBe(200);
  });
});
