import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/session";
import { generateApiToken } from "@/lib/auth/tokens";
import { closeImportPools } from "@/lib/imports/pg";
import { createImportFixture, databaseFingerprint, jsonl } from "@/lib/imports/test-helpers";

// The REST import endpoints, called as Next calls them: a Request and a
// params promise. Only the session lookup is replaced (there is no cookie).

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const items = await import("@/app/api/v1/projects/[projectId]/items/route");
const outputs = await import("@/app/api/v1/projects/[projectId]/outputs/route");
const datasets = await import("@/app/api/v1/projects/[projectId]/datasets/route");
const openapi = await import("@/app/api/v1/openapi.json/route");

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let other: Awaited<ReturnType<typeof createImportFixture>>;
const tokens: Record<string, string> = {};

async function makeToken(projectId: string, scope: "READ" | "WRITE", createdById: string) {
  const { secret, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { projectId, name: scope, scope, tokenHash: hash, prefix, createdById } });
  return secret;
}

function call(handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, projectId: string, init: { query?: string; token?: string; body?: BodyInit; type?: string; headers?: Record<string, string> }) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type) headers["content-type"] = init.type;
  const request = new Request(`http://localhost/api/v1/projects/${projectId}/x?${init.query ?? ""}`, { method: init.body === undefined ? "GET" : "POST", headers, body: init.body });
  return handler(request, { params: Promise.resolve({ projectId }) });
}

beforeAll(async () => {
  fixture = await createImportFixture();
  other = await createImportFixture();
  tokens.write = await makeToken(fixture.project.id, "WRITE", fixture.members.ADMIN.id);
  tokens.read = await makeToken(fixture.project.id, "READ", fixture.members.ADMIN.id);
  tokens.otherWrite = await makeToken(other.project.id, "WRITE", other.members.ADMIN.id);
});

afterAll(async () => {
  await closeImportPools();
});

const CSV = "id,prompt,reference\r\nq1,Reset password?,Use the link.\r\nq2,\"Refund, please\",Within 30 days.\r\n";

describe("POST /items", () => {
  it("imports a raw CSV body with a write token", async () => {
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=golden&fileName=golden.csv", body: CSV, type: "text/csv" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "committed", rows: 2, summary: { dataset: "golden", version: 1, added: 2 } });
    const again = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=golden&fileName=golden.csv", body: CSV, type: "text/csv" });
    expect(await again.json()).toMatchObject({ status: "unchanged" });
  });

  it("imports a JSON batch; outputs follow by externalId", async () => {
    const response = await call(outputs.POST, fixture.project.id, {
      token: tokens.write,
      type: "application/json",
      body: JSON.stringify({ options: { dataset: "golden", run: "v1", model: "gpt" }, rows: [{ externalId: "q1", content: "Click the link." }, { externalId: "q2", content: "Sure." }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "committed", summary: { outputs: 2, inserted: 2 } });
  });

  it("a read-only token may list but not import, and nothing changes", async () => {
    expect((await call(datasets.GET, fixture.project.id, { token: tokens.read })).status).toBe(200);
    const before = await databaseFingerprint();
    const response = await call(items.POST, fixture.project.id, { token: tokens.read, query: "dataset=x", body: CSV, type: "text/csv" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("read-only") });
    expect(await databaseFingerprint()).toBe(before);
  });

  it("another project's token is refused, and nothing changes", async () => {
    const before = await databaseFingerprint();
    const response = await call(items.POST, fixture.project.id, { token: tokens.otherWrite, query: "dataset=x", body: CSV, type: "text/csv" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("another project") });
    expect(await databaseFingerprint()).toBe(before);
  });

  it("validation errors list every failing row and field, and nothing changes", async () => {
    const before = await databaseFingerprint();
    const body = jsonl([{ id: "a", prompt: "ok" }, { id: "b" }, { id: "a", prompt: "dup" }]) + "{broken\n";
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=bad", body, type: "application/x-ndjson" });
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.code).toBe("VALIDATION");
    expect(json.issues).toEqual([
      expect.objectContaining({ row: 2, field: "input" }),
      expect.objectContaining({ row: 3, field: "externalId" }),
      expect.objectContaining({ row: 4, field: "(row)" }),
    ]);
    expect(await databaseFingerprint()).toBe(before);
  });

  it("a body over the project's size limit is refused with 413", async () => {
    await db.project.update({ where: { id: fixture.project.id }, data: { maxUploadBytes: 40 } });
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=big", body: CSV, type: "text/csv" });
    expect(response.status).toBe(413);
    await db.project.update({ where: { id: fixture.project.id }, data: { maxUploadBytes: 104857600 } });
  });

  it("no token and no session is 401", async () => {
    session.user = null;
    expect((await call(items.POST, fixture.project.id, { query: "dataset=x", body: CSV, type: "text/csv" })).status).toBe(401);
  });

  it("a reviewer's session may not import", async () => {
    session.user = { ...fixture.members.REVIEWER, isInstanceAdmin: false };
    expect((await call(items.POST, fixture.project.id, { query: "dataset=x", body: CSV, type: "text/csv" })).status).toBe(403);
    session.user = null;
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("documents the four import endpoints from the zod schemas", async () => {
    const doc = await openapi.GET().json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const segment of ["items", "outputs", "judge-scores", "labels"]) {
      const op = doc.paths[`/api/v1/projects/{projectId}/${segment}`].post;
      expect(op.requestBody.content["application/json"].schema.properties.rows.type).toBe("array");
      expect(op.responses["400"]).toBeDefined();
    }
    const itemRow = doc.paths["/api/v1/projects/{projectId}/items"].post.requestBody.content["application/json"].schema.properties.rows.items;
    expect(itemRow.required).toEqual(expect.arrayContaining(["externalId", "input"]));
  });
});
