import type { User } from "next-auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";

// Inviting by email before the person has an account: the admin's side
// (invite, list, cancel) and the join at the first password sign-in.
// (lib/auth/oidc.db.test.ts covers the join at the first SSO sign-in.)

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { addMember, cancelInvitation } = await import("./actions");
const { listInvitations } = await import("./queries");
const { authOptions } = await import("@/lib/auth/options");
const { hashPassword } = await import("@/lib/auth/password");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
const asAdmin = () => (session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false });

beforeAll(async () => {
  fixture = await createProjectWithMembers();
});

describe("inviting by email", () => {
  it("an email without an account and no initial password becomes an invitation, audited; twice is a conflict", async () => {
    asAdmin();
    const email = `inv-${crypto.randomUUID()}@test.local`;
    expect(await addMember({ projectId: fixture.project.id, email: email.toUpperCase(), role: "LEAD" })).toEqual({ ok: true, data: { userId: null, invited: email } });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await listInvitations(fixture.project.id)).toContainEqual(expect.objectContaining({ email, role: "LEAD" }));
    expect(await db.auditEvent.count({ where: { projectId: fixture.project.id, action: "member.invite", targetId: email } })).toBe(1);
    expect(await addMember({ projectId: fixture.project.id, email, role: "REVIEWER" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("only admins invite; an admin cancels an invitation", async () => {
    session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
    const email = `inv-${crypto.randomUUID()}@test.local`;
    expect(await addMember({ projectId: fixture.project.id, email, role: "LEAD" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    asAdmin();
    await addMember({ projectId: fixture.project.id, email, role: "REVIEWER" });
    expect(await cancelInvitation({ projectId: fixture.project.id, email })).toEqual({ ok: true, data: { email } });
    expect(await db.invitation.count({ where: { email } })).toBe(0);
    expect(await cancelInvitation({ projectId: fixture.project.id, email })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("the first password sign-in of an invited email joins the project; an existing membership keeps its role", async () => {
    asAdmin();
    const email = `inv-${crypto.randomUUID()}@test.local`;
    await addMember({ projectId: fixture.project.id, email, role: "REVIEWER" });
    const other = await createProjectWithMembers(["ADMIN"]);
    const user = await db.user.create({ data: { email, name: "Ines", passwordHash: await hashPassword("ines password") } });
    await db.membership.create({ data: { projectId: other.project.id, userId: user.id, role: "LEAD" } });
    await db.invitation.create({ data: { projectId: other.project.id, email, role: "REVIEWER" } });

    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, r: { headers: Record<string, string> }) => Promise<User | null> } };
    expect(await provider.options.authorize({ email, password: "ines password" }, { headers: {} })).toMatchObject({ id: user.id });
    const memberships = await db.membership.findMany({ where: { userId: user.id }, select: { projectId: true, role: true } });
    expect(memberships).toHaveLength(2);
    expect(memberships).toContainEqual({ projectId: fixture.project.id, role: "REVIEWER" });
    expect(memberships).toContainEqual({ projectId: other.project.id, role: "LEAD" });
    expect(await db.invitation.count({ where: { email } })).toBe(0);
  });
});
