import type { Account, User } from "next-auth";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";

// What a single sign-on opens, against the real tables: NextAuth's signIn and
// jwt callbacks as it calls them after the issuer's ID token was checked.
// (e2e/sso.spec.ts runs the whole flow against a real OIDC provider.)

const ISSUER = "http://127.0.0.1:9/oidc-test";
process.env.OIDC_ISSUER = ISSUER;
process.env.OIDC_CLIENT_ID = "touchstone";
process.env.OIDC_CLIENT_SECRET = "test-secret";

const { authOptions } = await import("./options");
const { emailIsVerified, resolveOidcSignIn } = await import("./oidc");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
const email = () => `sso-${crypto.randomUUID()}@test.local`;

beforeAll(async () => {
  fixture = await createProjectWithMembers(["ADMIN"]);
});

/** NextAuth's steps after the callback: signIn(user = profile()), then jwt with that same user object. */
async function signInThroughCallbacks(claims: Record<string, unknown>) {
  const provider = authOptions.providers.find((p) => p.id === "oidc") as unknown as { profile: (c: unknown) => User };
  const user = provider.profile(claims);
  const account = { provider: "oidc", type: "oauth", providerAccountId: String(claims.sub) } as Account;
  const allowed = await authOptions.callbacks!.signIn!({ user, account, profile: claims });
  if (allowed !== true) return { allowed };
  const token = await authOptions.callbacks!.jwt!({ token: { sub: user.id }, user, account, trigger: "signIn" });
  return { allowed, token };
}

describe("first sign-in through SSO", () => {
  it("with a verified new email: an account with no project, linked to issuer + subject", async () => {
    const address = email();
    const { allowed, token } = await signInThroughCallbacks({ sub: "sub-new", email: address, email_verified: true, name: "Nia Okafor" });
    expect(allowed).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email: address }, select: { id: true, name: true, passwordHash: true, sessionVersion: true, memberships: true } });
    expect(user).toMatchObject({ name: "Nia Okafor", passwordHash: "", memberships: [] });
    // The session is ours: our user id and session version, not the issuer's subject.
    expect(token).toMatchObject({ uid: user.id, sv: user.sessionVersion });
    expect(await db.oidcIdentity.findMany({ where: { userId: user.id }, select: { issuer: true, subject: true } })).toEqual([{ issuer: ISSUER, subject: "sub-new" }]);
  });

  it("an unverified or missing email opens nothing", async () => {
    const address = email();
    expect((await signInThroughCallbacks({ sub: "sub-unverified", email: address, email_verified: false })).allowed).toBe("/sign-in?error=SsoEmailNotVerified");
    expect((await signInThroughCallbacks({ sub: "sub-unverified-2", email: address })).allowed).toBe("/sign-in?error=SsoEmailNotVerified");
    expect((await signInThroughCallbacks({ sub: "sub-no-email" })).allowed).toBe("/sign-in?error=SsoNoEmail");
    expect(await db.user.count({ where: { email: address } })).toBe(0);
    expect(await db.oidcIdentity.count({ where: { subject: { startsWith: "sub-unverified" } } })).toBe(0);
  });

  it("an existing account is matched by verified email only, and keeps its memberships and password", async () => {
    const existing = await createUser();
    await db.membership.create({ data: { projectId: fixture.project.id, userId: existing.id, role: "LEAD" } });
    expect((await resolveOidcSignIn(ISSUER, { sub: "sub-existing", email: existing.email, email_verified: "false" })).ok).toBe(false);
    const result = await resolveOidcSignIn(ISSUER, { sub: "sub-existing", email: existing.email.toUpperCase(), email_verified: "true" });
    expect(result).toMatchObject({ ok: true, created: false, user: { id: existing.id } });
    expect(await db.user.findUniqueOrThrow({ where: { id: existing.id }, select: { passwordHash: true } })).toEqual({ passwordHash: "x" });
  });

  it("a linked subject signs in to its account even when the issuer's email changed", async () => {
    const first = await resolveOidcSignIn(ISSUER, { sub: "sub-moving", email: email(), email_verified: true });
    const later = await resolveOidcSignIn(ISSUER, { sub: "sub-moving", email: email(), email_verified: false });
    expect(later).toMatchObject({ ok: true, created: false, user: { id: first.ok ? first.user.id : "" } });
    // The same subject at another issuer is another person.
    const elsewhere = await resolveOidcSignIn("https://other.example", { sub: "sub-moving", email: email(), email_verified: true });
    expect(elsewhere).toMatchObject({ ok: true, created: true });
    expect(elsewhere.ok && elsewhere.user.id).not.toBe(first.ok && first.user.id);
  });

  it("an invited email joins with the invited role; the invitation is used up and audited", async () => {
    const address = email();
    const other = await createProjectWithMembers(["ADMIN"]);
    await db.invitation.createMany({ data: [{ projectId: fixture.project.id, email: address, role: "REVIEWER" }, { projectId: other.project.id, email: address, role: "LEAD" }] });
    const { allowed, token } = await signInThroughCallbacks({ sub: "sub-invited", email: address, email_verified: true });
    expect(allowed).toBe(true);
    const memberships = await db.membership.findMany({ where: { userId: token!.uid }, select: { projectId: true, role: true }, orderBy: { role: "asc" } });
    expect(memberships).toEqual([{ projectId: other.project.id, role: "LEAD" }, { projectId: fixture.project.id, role: "REVIEWER" }]);
    expect(await db.invitation.count({ where: { email: address } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "invitation.accept", actorId: token!.uid } })).toBe(2);
  });
});

describe("email_verified", () => {
  it("is true only when the issuer says so (a boolean, the string true, or Entra ID's xms_edov)", () => {
    expect(emailIsVerified({ email_verified: true })).toBe(true);
    expect(emailIsVerified({ email_verified: "true" })).toBe(true);
    expect(emailIsVerified({ xms_edov: true })).toBe(true);
    expect(emailIsVerified({})).toBe(false);
    expect(emailIsVerified({ email_verified: false, xms_edov: "false" })).toBe(false);
    expect(emailIsVerified({ email_verified: "yes" })).toBe(false);
  });
});
