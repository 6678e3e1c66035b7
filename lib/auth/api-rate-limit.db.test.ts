import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "./session";

// API rate limits against the real table and the real route wrapper: a small
// limit set through the environment, as an operator would.

process.env.TOUCHSTONE_API_TOKEN_LIMIT = "3";
process.env.TOUCHSTONE_API_USER_LIMIT = "4";
process.env.TOUCHSTONE_API_ANALYTIC_COST = "2";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("./session", () => ({ getCurrentUser: async () => session.user }));

const { projectRoute } = await import("./route");
const { generateApiToken } = await import("./tokens");
const { API_RATE_WINDOW_MS, RateLimitedError, requestCost, spendApiBudget } = await import("./api-rate-limit");
const { parseEnv } = await import("@/lib/env");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
const read = projectRoute({ permission: "datasets.read" }, async () => ({ ok: true }));
const params = (projectId: string) => ({ params: Promise.resolve({ projectId }) });

async function newToken() {
  const token = generateApiToken();
  await db.apiToken.create({ data: { projectId: fixture.project.id, name: "t", tokenHash: token.hash, prefix: token.prefix, scope: "READ", createdById: fixture.members.ADMIN.id } });
  return token.secret;
}
const withBearer = (secret: string, path = "/api/v1/projects/p/runs") => new Request(`http://test${path}`, { headers: { authorization: `Bearer ${secret}` } });
const asLead = (path = "/api/v1/projects/p/runs") => {
  session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
  return new Request(`http://test${path}`);
};

beforeAll(async () => {
  fixture = await createProjectWithMembers();
});

beforeEach(() => {
  session.user = null;
});

describe("the route wrapper limits each API token", () => {
  it("answers 429 with Retry-After in seconds and the API's JSON error past the limit", async () => {
    const secret = await newToken();
    for (let i = 0; i < 3; i++) expect((await read(withBearer(secret), params(fixture.project.id))).status).toBe(200);
    const refused = await read(withBearer(secret), params(fixture.project.id));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await refused.json()).toEqual({ code: "RATE_LIMITED", message: `Too many requests for this API token: try again in ${retryAfter} s.`, retryAfterSeconds: retryAfter });
  });

  it("keeps separate buckets: another token and a signed-in user are not held up by a spent token", async () => {
    const spent = await newToken();
    for (let i = 0; i < 4; i++) await read(withBearer(spent), params(fixture.project.id));
    expect((await read(withBearer(spent), params(fixture.project.id))).status).toBe(429);
    expect((await read(withBearer(await newToken()), params(fixture.project.id))).status).toBe(200);
    // The user has a budget of their own (4), separate from tokens, including the one the admin made.
    for (let i = 0; i < 4; i++) expect((await read(asLead(), params(fixture.project.id))).status).toBe(200);
    const refused = await read(asLead(), params(fixture.project.id));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "RATE_LIMITED", message: expect.stringContaining("for this user") });
    session.user = { ...fixture.members.REVIEWER, isInstanceAdmin: false };
    expect((await read(new Request("http://test/api/v1/projects/p/runs"), params(fixture.project.id))).status).not.toBe(429);
  });

  it("a forged cross-site request is refused before it spends its victim's budget", async () => {
    session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
    const forged = new Request("http://test/api/v1/projects/p/runs", { method: "POST", headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
    expect((await read(forged, params(fixture.project.id))).status).toBe(403);
    expect(await db.apiRateWindow.count({ where: { bucket: `user:${fixture.members.ADMIN.id}` } })).toBe(0);
  });

  it("charges analytic reads (routes declared analytic) more: two of them spend a budget of 3", async () => {
    const analyticRead = projectRoute({ permission: "datasets.read", analytic: true }, async () => ({ ok: true }));
    const secret = await newToken();
    expect((await analyticRead(withBearer(secret), params(fixture.project.id))).status).toBe(200);
    expect((await analyticRead(withBearer(secret), params(fixture.project.id))).status).toBe(429);
  });
});

describe("spendApiBudget", () => {
  const minute = (n: number) => Math.floor(Date.now() / API_RATE_WINDOW_MS + 100 + n) * API_RATE_WINDOW_MS;

  it("refuses past the limit until the window ends, then resets and forgets old windows", async () => {
    const bucket = { key: `token:reset-${crypto.randomUUID()}`, limit: 2 };
    const start = minute(0);
    await spendApiBudget(bucket, 1, start + 1_000);
    await spendApiBudget(bucket, 1, start + 2_000);
    const refusal = await spendApiBudget(bucket, 1, start + 15_000).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as InstanceType<typeof RateLimitedError>).retryAfterSeconds).toBe(45);
    await expect(spendApiBudget(bucket, 1, start + 59_500)).rejects.toMatchObject({ retryAfterSeconds: 1 });

    expect(await spendApiBudget(bucket, 1, start + API_RATE_WINDOW_MS)).toEqual({ spent: 1, limit: 2 });
    const rows = await db.apiRateWindow.findMany({ where: { bucket: bucket.key } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.windowStart.getTime()).toBe(start + API_RATE_WINDOW_MS);
  });

  it("counts concurrent requests exactly (one atomic upsert each)", async () => {
    const bucket = { key: `user:concurrent-${crypto.randomUUID()}`, limit: 10 };
    const at = minute(5);
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => spendApiBudget(bucket, 1, at)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(5);
  });

  it("with the default limits, a reviewer opening and submitting once a second all minute is never refused", async () => {
    const { TOUCHSTONE_API_USER_LIMIT } = parseEnv({ DATABASE_URL: "postgresql://localhost/x" });
    const bucket = { key: `user:reviewer-${crypto.randomUUID()}`, limit: TOUCHSTONE_API_USER_LIMIT };
    const start = minute(7);
    for (let second = 0; second < 60; second++) {
      await spendApiBudget(bucket, requestCost(false, { analyticCost: 10 }), start + second * 1000);
      await spendApiBudget(bucket, requestCost(false, { analyticCost: 10 }), start + second * 1000 + 500);
    }
    expect((await db.apiRateWindow.findFirstOrThrow({ where: { bucket: bucket.key } })).cost).toBe(120);
  });

  it("a limit of 0 is off", async () => {
    const bucket = { key: `token:off-${crypto.randomUUID()}`, limit: 0 };
    for (let i = 0; i < 5; i++) await spendApiBudget(bucket, 100, minute(9));
    expect(await db.apiRateWindow.count({ where: { bucket: bucket.key } })).toBe(0);
  });
});
