import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";
import { actorFromApiToken, requireProjectPermission } from "@/lib/auth/authorize";
import { hashApiToken } from "@/lib/auth/tokens";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createApiToken, revokeApiToken } = await import("./actions");
const { removeMember, setMemberRole } = await import("@/lib/members/actions");
const { projectRoute } = await import("@/lib/auth/route");
const { listApiTokens } = await import("./queries");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
beforeAll(async () => {
  fixture = await createProjectWithMembers();
});

describe("API token actions", () => {
  it("an admin creates a token: the secret is returned once and only its hash is stored", async () => {
    session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
    const result = await createApiToken({ projectId: fixture.project.id, name: "CI", scope: "WRITE" });
    if (!result.ok) throw new Error(result.error.message);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(stored.tokenHash).toBe(hashApiToken(result.data.secret));
    expect(JSON.stringify(await listApiTokens(fixture.project.id))).not.toContain(result.data.secret);
    expect(await actorFromApiToken(result.data.secret)).toMatchObject({ kind: "token", scope: "WRITE" });

    const revoked = await revokeApiToken({ projectId: fixture.project.id, tokenId: result.data.id });
    expect(revoked.ok).toBe(true);
    expect(await actorFromApiToken(result.data.secret)).toBeNull();
  });

  it("a lead may not create tokens", async () => {
    session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
    const result = await createApiToken({ projectId: fixture.project.id, name: "x", scope: "READ" });
    expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });
});

describe("a token never outlives its creator's role", () => {
  async function tokenMadeBy(user: { id: string; name: string; email: string }, projectId: string, isInstanceAdmin = false) {
    session.user = { ...user, isInstanceAdmin };
    const result = await createApiToken({ projectId, name: "nightly import", scope: "WRITE" });
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  }
  /** May the token import data (datasets.write) and read dashboards? Errors come back as their code and message. */
  async function whatTokenMay(secret: string, projectId: string) {
    const check = async (permission: "datasets.write" | "dashboards.view") => {
      try {
        const actor = await actorFromApiToken(secret);
        if (!actor) return "UNAUTHENTICATED";
        await requireProjectPermission(actor, projectId, permission);
        return "ok";
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    };
    return { write: await check("datasets.write"), read: await check("dashboards.view") };
  }

  it("removing the creator revokes their tokens in that project", async () => {
    const { project, members } = await createProjectWithMembers(["ADMIN"]);
    const leaver = await createUser();
    await db.membership.create({ data: { projectId: project.id, userId: leaver.id, role: "ADMIN" } });
    const token = await tokenMadeBy(leaver, project.id);
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "ok", read: "ok" });

    session.user = { ...members.ADMIN, isInstanceAdmin: false };
    expect(await removeMember({ projectId: project.id, userId: leaver.id })).toMatchObject({ ok: true });
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "UNAUTHENTICATED", read: "UNAUTHENTICATED" });
    const importRoute = projectRoute({ permission: "datasets.write" }, async () => ({ imported: true }));
    const response = await importRoute(new Request("http://test/api", { headers: { authorization: `Bearer ${token.secret}` } }), { params: Promise.resolve({ projectId: project.id }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: "Unknown or revoked API token." });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { revokedAt: true } })).toMatchObject({ revokedAt: expect.any(Date) });
  });

  it("a creator demoted to lead: the write token acts as a read token; demoted to reviewer: it is refused in plain words", async () => {
    const { project, members } = await createProjectWithMembers(["ADMIN", "LEAD"]);
    const creator = await createUser();
    await db.membership.create({ data: { projectId: project.id, userId: creator.id, role: "ADMIN" } });
    const token = await tokenMadeBy(creator, project.id);
    session.user = { ...members.ADMIN, isInstanceAdmin: false };

    expect(await setMemberRole({ projectId: project.id, userId: creator.id, role: "LEAD" })).toMatchObject({ ok: true });
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "FORBIDDEN", read: "ok" });
    expect(await actorFromApiToken(token.secret)).toMatchObject({ scope: "READ" });

    expect(await setMemberRole({ projectId: project.id, userId: creator.id, role: "REVIEWER" })).toMatchObject({ ok: true });
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "FORBIDDEN", read: "FORBIDDEN" });
    await expect(actorFromApiToken(token.secret)).rejects.toThrow("no longer an admin or lead of this project");
    const readRoute = projectRoute({ permission: "dashboards.view" }, async () => ({ read: true }));
    const refused = await readRoute(new Request("http://test/api", { headers: { authorization: `Bearer ${token.secret}` } }), { params: Promise.resolve({ projectId: project.id }) });
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toMatch(/^This API token no longer works/);

    // Made admin again, the creator's token writes again (the scope is re-read on every use).
    expect(await setMemberRole({ projectId: project.id, userId: creator.id, role: "ADMIN" })).toMatchObject({ ok: true });
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "ok", read: "ok" });
  });

  it("an instance admin's token works without a membership, and stops when the instance-admin flag goes", async () => {
    const { project } = await createProjectWithMembers(["ADMIN"]);
    const operator = await createUser({ isInstanceAdmin: true });
    const token = await tokenMadeBy(operator, project.id, true);
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "ok", read: "ok" });
    await db.user.update({ where: { id: operator.id }, data: { isInstanceAdmin: false } });
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "FORBIDDEN", read: "FORBIDDEN" });
    // A membership of their own counts as for anyone.
    await db.membership.create({ data: { projectId: project.id, userId: operator.id, role: "LEAD" } });
    expect(await whatTokenMay(token.secret, project.id)).toEqual({ write: "FORBIDDEN", read: "ok" });
  });
});
