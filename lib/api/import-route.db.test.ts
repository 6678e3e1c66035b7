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
const submit = await import("@/app/api/v1/projects/[projectId]/review/[setupId]/submit/route");

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
    const response = await call(items.POST, fixture.project.id, { query: "dataset=x", body: CSV, type: "text/csv", headers: { origin: "http://localhost" } });
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/role \(reviewer\)/);
    session.user = null;
  });
});

/** A body that arrives in chunks with no Content-Length; counts how much of it was pulled. */
function chunkedBody(chunk: string, count: number) {
  const bytes = new TextEncoder().encode(chunk);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= count) return controller.close();
      state.pulled++;
      controller.enqueue(bytes);
    },
  });
  return { stream, state };
}

function streamed(handler: typeof items.POST, query: string, type: string, stream: ReadableStream<Uint8Array>) {
  const request = new Request(`http://localhost/api/v1/projects/${fixture.project.id}/x?${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.write}`, "content-type": type },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return handler(request, { params: Promise.resolve({ projectId: fixture.project.id }) });
}

describe("limits hold and bad input is a 400 naming the row or parameter", () => {
  it("a chunked application/json body over the limit is cut early with 413, and nothing is committed", async () => {
    await db.project.update({ where: { id: fixture.project.id }, data: { maxUploadBytes: 64 * 1024 } });
    try {
      const before = await databaseFingerprint();
      const row = JSON.stringify({ externalId: "x", input: "y".repeat(1000) }) + ",";
      // ≈ 100 MB offered; the route must stop after the first ≈ 64 KB.
      const { stream, state } = chunkedBody(row, 100_000);
      const head = new TextEncoder().encode('{"rows":[');
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(head);
        },
        async pull(controller) {
          const reader = stream.getReader();
          const next = await reader.read();
          reader.releaseLock();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      });
      const response = await streamed(items.POST, "dataset=chunked", "application/json", body);
      expect(response.status).toBe(413);
      expect((await response.json()).message).toContain("this project's upload limit of 64 KB");
      expect(state.pulled).toBeLessThan(200);
      expect(await databaseFingerprint()).toBe(before);
    } finally {
      await db.project.update({ where: { id: fixture.project.id }, data: { maxUploadBytes: 104857600 } });
    }
  });

  it("a chunked raw JSONL body over the limit is 413 too", async () => {
    await db.project.update({ where: { id: fixture.project.id }, data: { maxUploadBytes: 64 * 1024 } });
    try {
      const { stream, state } = chunkedBody(JSON.stringify({ id: "a", prompt: "b".repeat(1000) }) + "\n", 100_000);
      const response = await streamed(items.POST, "dataset=chunked&format=jsonl", "application/x-ndjson", stream);
      expect(response.status).toBe(413);
      expect(state.pulled).toBeLessThan(200);
    } finally {
      await db.project.update({ where: { id: fixture.project.id }, data: { maxUploadBytes: 104857600 } });
    }
  });

  const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

  it("JSON nested 5,000 levels deep in a batch body is a 400, not a stack overflow", async () => {
    const body = `{"rows":[{"externalId":"a","input":"ok"},{"externalId":"d","input":"x","metadata":{"a":${deep(5000)}}}]}`;
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=deep", body, type: "application/json" });
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.message).toMatch(/^Row 2: nested deeper than 100 levels/i);
    expect(json.issues).toEqual([expect.objectContaining({ row: 2 })]);
    const bare = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=deep", body: `[${deep(5000)}]`, type: "application/json" });
    expect(bare.status).toBe(400);
    expect((await bare.json()).issues).toEqual([expect.objectContaining({ row: 1 })]);
  });

  it("a JSONL row nested 5,000 levels deep is a 400 naming its row", async () => {
    const body = jsonl([{ id: "a", prompt: "ok" }]) + `{"id":"d","prompt":"x","metadata":{"a":${deep(5000)}}}\n`;
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=deep", body, type: "application/x-ndjson" });
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.issues).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/nested deeper than 100 levels/i) })]);
  });

  it("a JSON-array row nested 5,000 levels deep is a 400 naming its row", async () => {
    const body = `[{"id":"a","prompt":"ok"},{"id":"d","prompt":"x","metadata":{"a":${deep(5000)}}}]`;
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=deep&format=json", body, type: "application/octet-stream" });
    expect(response.status).toBe(400);
    expect((await response.json()).issues).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/nested deeper than 100 levels/i) })]);
  });

  it("a CSV cell or an option holding JSON nested 5,000 levels deep is a 400 naming its row or parameter", async () => {
    const csv = `id,prompt,turns\r\nq1,ok,\r\nq2,x,"${deep(5000)}"\r\n`;
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=deep", body: csv, type: "text/csv" });
    expect(response.status).toBe(400);
    expect((await response.json()).issues).toEqual([expect.objectContaining({ row: 3, field: "turns" })]);
    const option = await call(outputs.POST, fixture.project.id, { token: tokens.write, query: `dataset=deep&run=r&model=m&config=${deep(5000)}`, body: jsonl([{ externalId: "q1", content: "x" }]), type: "application/x-ndjson" });
    expect(option.status).toBe(400);
    expect((await option.json()).message).toMatch(/^config: nested deeper/i);
  });

  it("a NUL (%00) in a query parameter is a 400 naming the parameter", async () => {
    for (const query of ["dataset=a%00b", "dataset=x&fileName=up%00load.csv"]) {
      const response = await call(items.POST, fixture.project.id, { token: tokens.write, query, body: CSV, type: "text/csv" });
      expect(response.status, query).toBe(400);
      const json = await response.json();
      expect(json.message).toMatch(/Query parameter "(dataset|fileName)" contains a NUL/);
    }
    const gate = await call(datasets.GET, fixture.project.id, { token: tokens.read, query: "x%00=1" });
    expect(gate.status).toBe(400);
  });

  it("an integer beyond the column's range is a 400 naming the row and field", async () => {
    await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=ints", body: jsonl([{ id: "q1", prompt: "p" }]), type: "application/x-ndjson" });
    const before = await databaseFingerprint();
    const body = jsonl([
      { externalId: "q1", content: "fine", latencyMs: 12 },
      { externalId: "q1", content: "huge", latencyMs: 3_000_000_000 },
    ]);
    const response = await call(outputs.POST, fixture.project.id, { token: tokens.write, query: "dataset=ints&run=r-ints&model=m", body, type: "application/x-ndjson" });
    expect(response.status).toBe(400);
    expect((await response.json()).issues).toEqual([expect.objectContaining({ row: 2, field: "latencyMs" })]);
    const turn = await call(outputs.POST, fixture.project.id, { token: tokens.write, query: "dataset=ints&run=r-ints&model=m", body: jsonl([{ externalId: "q1", content: "x", turn: 2 ** 40 }]), type: "application/x-ndjson" });
    expect(turn.status).toBe(400);
    expect((await turn.json()).issues).toEqual([expect.objectContaining({ row: 1, field: "turn" })]);
    expect(await databaseFingerprint()).toBe(before);
  });

  it("invalid UTF-8 is a 400 naming the row", async () => {
    const good = new TextEncoder().encode(jsonl([{ id: "a", prompt: "one" }, { id: "b", prompt: "two" }]));
    const bad = new Uint8Array([...good, ...new TextEncoder().encode('{"id":"c","prompt":"caf'), 0xe9, ...new TextEncoder().encode('"}\n')]);
    const response = await call(items.POST, fixture.project.id, { token: tokens.write, query: "dataset=utf", body: bad, type: "application/x-ndjson" });
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.issues).toEqual([expect.objectContaining({ row: 3, field: "(encoding)" })]);
    expect(json.message).toMatch(/line 3/i);
  });
});

describe("POST /review/{setupId}/submit, a plain JSON route", () => {
  function submitAs(body: BodyInit) {
    session.user = { ...fixture.members.REVIEWER, isInstanceAdmin: false };
    const request = new Request(`http://localhost/api/v1/projects/${fixture.project.id}/review/s/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body,
      duplex: "half",
    } as RequestInit);
    return submit.POST(request, { params: Promise.resolve({ projectId: fixture.project.id, setupId: "s" }) });
  }

  it("cuts a chunked body over the JSON limit early with 413", async () => {
    const { stream, state } = chunkedBody('"' + "x".repeat(64 * 1024), 1000);
    const response = await submitAs(stream);
    session.user = null;
    expect(response.status).toBe(413);
    expect(state.pulled).toBeLessThan(40);
  });

  it("answers a body nested 5,000 levels deep with 400", async () => {
    const response = await submitAs(`{"values":${"[".repeat(5000)}${"]".repeat(5000)}}`);
    session.user = null;
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/nested deeper than 100 levels/);
  });
});

describe("POST /review/{setupId}/submit with an API token", () => {
  it("a write token is told that submitting labels needs a signed-in reviewer, not that it is read-only", async () => {
    const response = await call(submit.POST, fixture.project.id, { token: tokens.write, body: "{}", type: "application/json" });
    expect(response.status).toBe(403);
    const { message } = await response.json();
    expect(message).not.toMatch(/read-only/);
    expect(message).toMatch(/signed-in reviewer session/);
    expect(message).toMatch(/tokens .*cannot submit labels/);
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
