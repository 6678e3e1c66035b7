import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/session";
import { generateApiToken } from "@/lib/auth/tokens";
import { closeImportPools } from "@/lib/imports/pg";
import { createImportFixture, databaseFingerprint } from "@/lib/imports/test-helpers";

// Cross-site request forgery against every route handler that changes
// something: the signed-in admin's cookie rides along with a form another
// page posts (another site, or another port of ours). The routes are found by
// walking app/api, so a new mutating route is covered without editing this.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const APP = "http://localhost:3000";
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const root = path.resolve(import.meta.dirname, "../..");
// NextAuth's own endpoint has its own CSRF token; the demo model's
// OpenAI-compatible endpoint reads no cookie and changes nothing (the server
// itself calls it, without an Origin); everything else is ours.
const files = routeFiles(path.join(root, "app/api")).filter((file) => !file.includes("[...nextauth]") && !file.includes(`${path.sep}demo-model${path.sep}`));
const mutating: { name: string; method: string; handler: Handler }[] = [];
for (const file of files) {
  const exported = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  for (const method of MUTATING) {
    if (typeof exported[method] === "function") mutating.push({ name: `${method} ${path.relative(root, file)}`, method, handler: exported[method] as Handler });
  }
}

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let writeToken: string;

function call(route: (typeof mutating)[number], headers: Record<string, string>, body = '{"externalId":"forged","input":"x"}\n') {
  const request = new Request(`${APP}/api/v1/projects/${fixture.project.id}/items?dataset=forged&format=jsonl`, {
    method: route.method,
    headers: { host: "localhost:3000", "content-type": "text/plain", ...headers },
    body,
  });
  return route.handler(request, { params: Promise.resolve({ projectId: fixture.project.id, setupId: "no-such-setup", kind: "labels" }) });
}

beforeAll(async () => {
  fixture = await createImportFixture();
  const { secret, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { projectId: fixture.project.id, name: "w", scope: "WRITE", tokenHash: hash, prefix, createdById: fixture.members.ADMIN.id } });
  writeToken = secret;
});

afterAll(async () => {
  session.user = null;
  await closeImportPools();
});

describe("cookie-authenticated mutating routes", () => {
  it("are found in app/api (the four imports and the review calls at least)", () => {
    expect(mutating.map((route) => route.name)).toEqual(
      expect.arrayContaining([expect.stringContaining("items/route.ts"), expect.stringContaining("labels/route.ts"), expect.stringContaining("submit/route.ts"), expect.stringContaining("queue/route.ts")]),
    );
  });

  const forgeries: [string, Record<string, string>][] = [
    ["a form on another site", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["a form on another port of the same host", { origin: "http://localhost:4000", "sec-fetch-site": "same-site" }],
    ["another port, from a browser without Sec-Fetch-Site", { origin: "http://localhost:4000" }],
    ["a subdomain, without Sec-Fetch-Site", { origin: "http://evil.localhost:3000" }],
    ["no Origin and no Sec-Fetch-Site", {}],
    ["an opaque origin (sandboxed frame)", { origin: "null" }],
  ];
  for (const [what, headers] of forgeries) {
    it(`refuse ${what} with 403 for every route, and nothing changes`, async () => {
      session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
      const before = await databaseFingerprint();
      for (const route of mutating) {
        const response = await call(route, headers);
        expect(response.status, route.name).toBe(403);
        expect((await response.json()).message, route.name).toMatch(/not from Touchstone's own pages/);
      }
      expect(await databaseFingerprint()).toBe(before);
    });
  }

  it("accept the app's own pages (Sec-Fetch-Site same-origin, or a matching Origin)", async () => {
    session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false };
    const own: Record<string, string>[] = [{ "sec-fetch-site": "same-origin", origin: APP }, { origin: APP }];
    for (const headers of own) {
      for (const route of mutating) {
        const response = await call(route, headers);
        // Past the origin check: whatever the route answers next, it is not the CSRF refusal.
        if (response.status === 403) expect((await response.json()).message, route.name).not.toMatch(/own pages/);
      }
    }
    const items = mutating.find((route) => route.name.startsWith("POST") && route.name.includes("/items/"))!;
    const imported = await call(items, { origin: APP });
    expect(imported.status).toBe(200);
    expect(await db.datasetItem.count({ where: { externalId: "forged", datasetVersion: { dataset: { projectId: fixture.project.id } } } })).toBe(1);
  });

  it("do not apply to bearer-token requests (a browser never attaches those by itself)", async () => {
    session.user = null;
    const items = mutating.find((route) => route.name.startsWith("POST") && route.name.includes("/items/"))!;
    const response = await call(items, { authorization: `Bearer ${writeToken}`, origin: "https://ci.example" }, '{"externalId":"by-token","input":"x"}\n');
    expect(response.status).toBe(200);
  });
});
