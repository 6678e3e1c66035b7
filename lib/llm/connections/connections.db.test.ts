import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import type { CurrentUser } from "@/lib/auth/session";
import { DEMO_MODEL_ID } from "../demo-model";
import { startFakeOpenAI, type FakeOpenAIServer } from "../test/fake-openai-server";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createConnection, updateConnection, deleteConnection, testConnection } = await import("./actions");
const { listConnections } = await import("./queries");
const { resolveConnection, chatModelFor } = await import("./resolve");

const SECRET = "sk-live-0123456789abcdefWXYZ";
let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
let server: FakeOpenAIServer;
beforeAll(async () => {
  fixture = await createProjectWithMembers();
  server = await startFakeOpenAI({ apiKey: SECRET });
});
afterAll(() => server.close());

const asAdmin = () => (session.user = { ...fixture.members.ADMIN, isInstanceAdmin: false });
const form = (overrides: Record<string, unknown> = {}) => ({
  projectId: fixture.project.id,
  name: "Local fake",
  baseUrl: server.baseURL,
  apiKey: SECRET,
  model: DEMO_MODEL_ID,
  temperature: "0",
  maxTokens: "256",
  seed: "",
  inputPricePerMTok: "0.15",
  outputPricePerMTok: "0.6",
  maxConcurrency: "4",
  requestsPerMinute: "",
  tokensPerMinute: "",
  timeoutSeconds: "5",
  structuredOutput: true,
  ...overrides,
});

async function created(overrides: Record<string, unknown> = {}) {
  asAdmin();
  const result = await createConnection(form(overrides));
  if (!result.ok) throw new Error(result.error.message);
  return result.data.id;
}

describe("LLM connections", () => {
  it("stores the key sealed, never returns it to the UI, and resolves it for the worker", async () => {
    const id = await created();
    const row = await db.llmConnection.findUniqueOrThrow({ where: { id } });
    expect(row.apiKeyCipher).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row).toMatchObject({ defaultParams: { temperature: 0, maxTokens: 256 }, inputPricePerMTok: 0.15, maxConcurrency: 4, timeoutMs: 5000, requestsPerMinute: null });

    const listed = await listConnections(fixture.project.id);
    const view = listed.find((c) => c.id === id)!;
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(JSON.stringify(listed)).not.toContain(row.apiKeyCipher!);
    expect(view.key).toEqual({ state: "set", last4: "WXYZ" });

    const resolved = await resolveConnection(fixture.project.id, id);
    expect(resolved).toMatchObject({ apiKey: SECRET, baseUrl: server.baseURL, model: DEMO_MODEL_ID, timeoutMs: 5000 });
    const answer = await (await chatModelFor(fixture.project.id, id)).complete({ messages: [{ role: "user", content: "Output: hello" }], params: {} });
    expect(answer.text).toMatch(/Score: \d$/);

    const other = await createProjectWithMembers();
    await expect(resolveConnection(other.project.id, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps the key when the form leaves it empty, replaces or removes it when asked, and audits each change without the key", async () => {
    const id = await created({ name: "Key handling" });
    const update = (overrides: Record<string, unknown>) => updateConnection({ ...form({ name: "Key handling", ...overrides }), connectionId: id });
    expect((await update({ apiKey: "", model: "other-model" })).ok).toBe(true);
    expect((await resolveConnection(fixture.project.id, id)).apiKey).toBe(SECRET);
    expect((await update({ apiKey: "sk-new-key-9876" })).ok).toBe(true);
    expect((await resolveConnection(fixture.project.id, id)).apiKey).toBe("sk-new-key-9876");
    expect((await update({ apiKey: "", clearKey: true })).ok).toBe(true);
    expect((await resolveConnection(fixture.project.id, id)).apiKey).toBeNull();

    const events = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["connection.create", "connection.update", "connection.update", "connection.update"]);
    expect(events[1]!.data).toMatchObject({ changed: ["model"] });
    expect(events[2]!.data).toMatchObject({ changed: ["model", "apiKey"] });
    expect(events[3]!.data).toMatchObject({ changed: ["apiKey removed"] });
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain("sk-new-key");
  });

  it("names the field of a bad form and refuses a duplicate name", async () => {
    asAdmin();
    const bad = await createConnection(form({ name: "Bad", baseUrl: "ftp://x", temperature: "3" }));
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const fields = (bad.ok ? [] : (bad.error.issues ?? [])).map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["baseUrl", "temperature"]));
    await created({ name: "Twice" });
    expect(await createConnection(form({ name: "Twice" }))).toMatchObject({ ok: false, error: { code: "CONFLICT", message: expect.stringContaining("“Twice” already exists") } });
  });

  it("is for admins only", async () => {
    session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
    expect(await createConnection(form({ name: "By a lead" }))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const id = await created({ name: "Admin's" });
    session.user = { ...fixture.members.LEAD, isInstanceAdmin: false };
    expect(await deleteConnection({ projectId: fixture.project.id, connectionId: id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await testConnection({ ...form(), connectionId: id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("refuses to delete a connection a judge version ran through, in plain words; deletes an unused one", async () => {
    const used = await created({ name: "Used" });
    await db.judge.create({ data: { projectId: fixture.project.id, name: "Helpfulness", model: DEMO_MODEL_ID, promptVersion: "v1", version: 1, connectionId: used } });
    const refused = await deleteConnection({ projectId: fixture.project.id, connectionId: used });
    expect(refused).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(refused.ok ? "" : refused.error.message).toMatch(/“Used” cannot be deleted: 1 judge version \(“Helpfulness v1”\)/);
    expect(await db.llmConnection.count({ where: { id: used } })).toBe(1);

    const unused = await created({ name: "Unused" });
    expect(await deleteConnection({ projectId: fixture.project.id, connectionId: unused })).toMatchObject({ ok: true });
    expect(await db.llmConnection.count({ where: { id: unused } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: unused, action: "connection.delete" } })).toBe(1);
  });

  it("Test connection answers with the model's words, or the provider's error, using the stored key when none is typed", async () => {
    const id = await created({ name: "Probe" });
    const ok = await testConnection({ ...form({ name: "Probe", apiKey: "" }), connectionId: id });
    expect(ok).toMatchObject({ ok: true, data: { ok: true, model: DEMO_MODEL_ID, answer: expect.any(String) } });
    if (ok.ok && ok.data.ok) expect(ok.data.latencyMs).toBeGreaterThanOrEqual(0);

    const badKey = await testConnection({ ...form({ name: "Probe", apiKey: "sk-typo" }), connectionId: id });
    expect(badKey).toMatchObject({ ok: true, data: { ok: false, status: 401, retryable: false, message: "The API key was refused (401): Incorrect API key provided." } });

    const unknownModel = await testConnection(form({ name: "New", model: "gpt-nope" }));
    expect(unknownModel).toMatchObject({ ok: true, data: { ok: false, status: 404, message: expect.stringContaining("gpt-nope") } });
  });
});
