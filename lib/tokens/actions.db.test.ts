import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";
import { actorFromApiToken } from "@/lib/auth/authorize";
import { hashApiToken } from "@/lib/auth/tokens";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createApiToken, revokeApiToken } = await import("./actions");
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
