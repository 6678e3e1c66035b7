import type { User } from "next-auth";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import type { Role } from "@/lib/generated/prisma/enums";

// The real session path, with only the request's cookies supplied: the
// session cookie is decrypted, the user and their membership come from one
// query, and the action and route wrappers decide from that membership.
// (authorization.db.test.ts covers the same matrix with the session mocked.)

const SECRET = "session-test-secret-session-test-secret-01";
process.env.NEXTAUTH_SECRET = SECRET;
const jar = vi.hoisted(() => ({ token: null as string | null }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === "next-auth.session-token" && jar.token ? { value: jar.token } : undefined) }),
}));

const { getCurrentUser, sessionUser } = await import("./session");
const { authOptions } = await import("./options");
const { hashPassword } = await import("./password");
const { projectAction } = await import("./action");
const { projectRoute } = await import("./route");
const { ALL_PERMISSIONS, PERMISSIONS, ROLES } = await import("./permissions");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
const signInAs = async (userId: string | null) => {
  jar.token = userId ? await encode({ token: { uid: userId, sub: userId }, secret: SECRET }) : null;
};

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  fixture = await createProjectWithMembers();
});

describe("getCurrentUser", () => {
  it("reads the user and, asked for a project, their role there in the same lookup", async () => {
    const reviewer = fixture.members.REVIEWER;
    await signInAs(reviewer.id);
    expect(await getCurrentUser()).toEqual({ id: reviewer.id, name: reviewer.name, email: reviewer.email, isInstanceAdmin: false });
    expect(await getCurrentUser({ projectId: fixture.project.id })).toMatchObject({ id: reviewer.id, membership: { projectId: fixture.project.id, role: "REVIEWER" } });
  });

  it("an outsider has no role; a deleted user and a missing cookie are nobody", async () => {
    const outsider = await createUser();
    expect(await sessionUser({ userId: outsider.id, sessionVersion: 0 }, fixture.project.id)).toMatchObject({ membership: { role: null } });
    await signInAs(outsider.id);
    await db.user.delete({ where: { id: outsider.id } });
    expect(await getCurrentUser({ projectId: fixture.project.id })).toBeNull();
    await signInAs(null);
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("sessions end", () => {
  type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<User | null>;
  const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };

  /** Signs in as NextAuth does: authorize() with the password, the jwt callback, the encrypted cookie. */
  async function signInWithPassword(email: string, password: string) {
    const user = await provider.options.authorize({ email, password }, { headers: {} });
    if (!user) throw new Error("sign-in refused");
    const token = await authOptions.callbacks!.jwt!({ token: { sub: user.id }, user, account: null, trigger: "signIn" });
    jar.token = await encode({ token, secret: SECRET });
    return jar.token;
  }

  async function accountWithPassword(password: string) {
    const email = `s-${crypto.randomUUID()}@test.local`;
    const user = await db.user.create({ data: { email, name: "Sam", passwordHash: await hashPassword(password) }, select: { id: true } });
    return { id: user.id, email };
  }

  it("signing out ends every session of the user: a cookie minted before is refused, a new sign-in works", async () => {
    const sam = await accountWithPassword("sam's password");
    const otherBrowser = await signInWithPassword(sam.email, "sam's password");
    const thisBrowser = await signInWithPassword(sam.email, "sam's password");
    expect(await getCurrentUser()).toMatchObject({ id: sam.id });

    await authOptions.events!.signOut!({ token: { uid: sam.id }, session: null as never });
    for (const cookie of [thisBrowser, otherBrowser]) {
      jar.token = cookie;
      expect(await getCurrentUser()).toBeNull();
    }
    await signInWithPassword(sam.email, "sam's password");
    expect(await getCurrentUser()).toMatchObject({ id: sam.id });
  });

  it("a new password ends every session, whoever sets it", async () => {
    const kim = await accountWithPassword("old password");
    await signInWithPassword(kim.email, "old password");
    expect(await getCurrentUser()).toMatchObject({ id: kim.id });
    await db.user.update({ where: { id: kim.id }, data: { passwordHash: await hashPassword("new password") } });
    expect(await getCurrentUser()).toBeNull();
    await signInWithPassword(kim.email, "new password");
    expect(await getCurrentUser()).toMatchObject({ id: kim.id });
    // Other updates of the user leave sessions alone.
    await db.user.update({ where: { id: kim.id }, data: { name: "Kim" } });
    expect(await getCurrentUser()).toMatchObject({ id: kim.id, name: "Kim" });
  });
});

describe("the wrappers decide from the membership read with the session", () => {
  for (const permission of ALL_PERMISSIONS) {
    for (const role of ROLES) {
      const allowed = (PERMISSIONS[permission] as readonly Role[]).includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, async () => {
        await signInAs(fixture.members[role].id);
        const action = projectAction({ permission, schema: z.object({ projectId: z.string() }) }, async () => "ran");
        const route = projectRoute({ permission }, async () => ({ ran: true }));
        const result = await action({ projectId: fixture.project.id });
        const response = await route(new Request("http://test/api"), { params: Promise.resolve({ projectId: fixture.project.id }) });
        if (allowed) {
          expect(result).toEqual({ ok: true, data: "ran" });
          expect(response.status).toBe(200);
        } else {
          expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
          expect(response.status).toBe(403);
        }
      });
    }
  }

  it("outsiders get not-found, instance admins act as admins, anonymous callers must sign in", async () => {
    const probe = projectAction({ permission: "settings.write", schema: z.object({ projectId: z.string() }) }, async () => "ran");
    await signInAs((await createUser()).id);
    expect(await probe({ projectId: fixture.project.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    await signInAs((await createUser({ isInstanceAdmin: true })).id);
    expect(await probe({ projectId: fixture.project.id })).toEqual({ ok: true, data: "ran" });
    await signInAs(null);
    expect(await probe({ projectId: fixture.project.id })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    expect(await probe({} as { projectId: string })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });
});
