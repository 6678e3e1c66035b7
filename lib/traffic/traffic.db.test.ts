import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/session";
import { generateApiToken } from "@/lib/auth/tokens";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { saveTrafficSettings } from "./actions";
import { ingestTraffic } from "./ingest";
import { DAY_MS, listTrafficPartitions, partitionName, startOfUtcDay } from "./partitions";
import { closeTrafficPools, trafficPool } from "./pool";
import { runTrafficRetention } from "./retention";
import { getTrafficEvent, listTraffic } from "./queries";
import { rowFromInput, trafficRowSchema } from "./schemas";

// POST …/traffic called as Next calls it, masking checked on the raw table,
// partitions and the retention job against real PostgreSQL. (The OTLP
// endpoint has its own file: otlp.db.test.ts.)

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const traffic = await import("@/app/api/v1/projects/[projectId]/traffic/route");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
const tokens = { write: "", read: "", lead: "" };

async function makeToken(projectId: string, scope: "READ" | "WRITE", createdById: string) {
  const { secret, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { projectId, name: scope, scope, tokenHash: hash, prefix, createdById } });
  return secret;
}

function post(projectId: string, token: string, body: unknown) {
  const request = new Request(`http://localhost/api/v1/projects/${projectId}/traffic`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return traffic.POST(request, { params: Promise.resolve({ projectId }) });
}

type Stored = { callerId: string; messages: { role: string; content: string }[]; answer: string | null; context: unknown; toolCalls: unknown; metadata: Record<string, unknown>; model: string | null; segment: string | null; inputTokens: number | null; source: string };

async function storedRows(projectId: string) {
  const { rows } = await trafficPool().query<Stored>(`SELECT * FROM "TrafficEvent" WHERE "projectId" = $1 ORDER BY "callerId"`, [projectId]);
  return rows;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function row(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    timestamp: minutesAgo(5),
    messages: [
      { role: "system", content: "You are a support bot." },
      { role: "user", content: [{ type: "text", text: "Where is my order?" }, { type: "image_url", image_url: { url: "data:," } }] },
    ],
    answer: "It ships tomorrow.",
    context: ["Orders ship in 2 days.", { id: "kb-7", title: "Shipping", content: "Express: 1 day." }],
    toolCalls: [{ id: "c1", type: "function", function: { name: "lookup_order", arguments: '{"order":"A1"}' }, result: { status: "packed" } }],
    model: "gpt-4o-mini",
    appVersion: "1.4.2",
    latencyMs: 812.5,
    inputTokens: 120,
    outputTokens: 14,
    costUsd: 0.00031,
    metadata: { segment: "enterprise", locale: "de-DE" },
    ...overrides,
  };
}

beforeAll(async () => {
  fixture = await createProjectWithMembers(["ADMIN", "LEAD"]);
  tokens.write = await makeToken(fixture.project.id, "WRITE", fixture.members.ADMIN.id);
  tokens.read = await makeToken(fixture.project.id, "READ", fixture.members.ADMIN.id);
  tokens.lead = await makeToken(fixture.project.id, "WRITE", fixture.members.LEAD.id);
});

afterAll(async () => {
  await closeTrafficPools();
});

describe("POST /traffic", () => {
  it("stores a batch in the traffic table, normalised, and a re-send changes nothing", async () => {
    const batch = { rows: [row("r-1"), row("r-2", { segment: "free", answer: [{ type: "text", text: "Tomorrow." }] })] };
    const first = await post(fixture.project.id, tokens.write, batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, inserted: 2, alreadyStored: 0 });

    const stored = await storedRows(fixture.project.id);
    expect(stored.map((r) => r.callerId)).toEqual(["r-1", "r-2"]);
    expect(stored[0]).toMatchObject({
      source: "api",
      messages: [
        { role: "system", content: "You are a support bot." },
        { role: "user", content: "Where is my order?\n[image_url]" },
      ],
      answer: "It ships tomorrow.",
      context: [{ content: "Orders ship in 2 days." }, { id: "kb-7", title: "Shipping", content: "Express: 1 day." }],
      toolCalls: [{ type: "tool", name: "lookup_order", input: '{"order":"A1"}', output: { status: "packed" } }],
      model: "gpt-4o-mini",
      segment: "enterprise",
      inputTokens: 120,
    });
    expect(stored[1]).toMatchObject({ segment: "free", answer: "Tomorrow." });

    const again = await post(fixture.project.id, tokens.write, { rows: [...batch.rows, row("r-3")] });
    expect(await again.json()).toEqual({ received: 3, inserted: 1, alreadyStored: 2 });
    expect(await storedRows(fixture.project.id)).toHaveLength(3);
    // The Prisma model reads the partitioned table too.
    expect(await db.trafficEvent.count({ where: { projectId: fixture.project.id } })).toBe(3);
  });

  it("refuses the whole batch naming every bad row and field, storing nothing", async () => {
    const before = (await storedRows(fixture.project.id)).length;
    const response = await post(fixture.project.id, tokens.write, {
      rows: [row("ok-1"), row("bad-1", { timestamp: "yesterday-ish" }), row("bad-2", { messages: [{ role: "robot", content: "hi" }], inputTokens: -1 })],
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.message).toMatch(/^Row 2, timestamp: timestamp must be a date and time/);
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { row: 2, field: "timestamp", message: "timestamp must be a date and time (ISO 8601)." },
        { row: 3, field: "messages.0.role", message: "role must be system, developer, user, assistant or tool." },
        { row: 3, field: "inputTokens", message: "inputTokens must be a whole number ≥ 0." },
      ]),
    );
    expect(await storedRows(fixture.project.id)).toHaveLength(before);
  });

  it("refuses timestamps past the retention period or far ahead, and NUL characters, by row", async () => {
    const old = await post(fixture.project.id, tokens.write, { rows: [row("old", { timestamp: new Date(Date.now() - 31 * DAY_MS).toISOString() })] });
    expect(old.status).toBe(400);
    expect((await old.json()).issues).toEqual([{ row: 1, field: "timestamp", message: "timestamp is older than this project's retention of 30 days: it would be deleted at once." }]);
    const ahead = await post(fixture.project.id, tokens.write, { rows: [row("ahead", { timestamp: new Date(Date.now() + 2 * DAY_MS).toISOString() })] });
    expect((await ahead.json()).issues[0].field).toBe("timestamp");
    const nul = await post(fixture.project.id, tokens.write, { rows: [row("n1"), row("n2", { answer: "a\u0000b" })] });
    expect(nul.status).toBe(400);
    expect((await nul.json()).issues).toEqual([{ row: 2, field: "(row)", message: "Contains a NUL character (\\u0000), which cannot be stored." }]);
    const surrogate = await post(fixture.project.id, tokens.write, { rows: [row("s1", { answer: "broken \ud83d end" })] });
    expect((await surrogate.json()).issues).toEqual([{ row: 1, field: "(row)", message: "Contains a broken Unicode character (half of a surrogate pair), which cannot be stored." }]);
    // Inside a JSON column (messages, tool calls, metadata) too, and named by row.
    const nested = await post(fixture.project.id, tokens.write, {
      rows: [row("j1"), row("j2", { messages: [{ role: "user", content: "x\u0000y" }] }), row("j3", { toolCalls: [{ name: "t", arguments: { q: "\udc00" } }] })],
    });
    expect((await nested.json()).issues).toEqual([
      { row: 2, field: "(row)", message: "Contains a NUL character (\\u0000), which cannot be stored." },
      { row: 3, field: "(row)", message: "Contains a broken Unicode character (half of a surrogate pair), which cannot be stored." },
    ]);
    // The six characters \u0000 typed as text, and a whole emoji, are stored as sent.
    const fine = await post(fixture.project.id, tokens.write, { rows: [row("text-escape", { answer: "literally \\u0000 and 🙂" })] });
    expect(await fine.json()).toEqual({ received: 1, inserted: 1, alreadyStored: 0 });
    expect((await storedRows(fixture.project.id)).find((r) => r.callerId === "text-escape")!.answer).toBe("literally \\u0000 and 🙂");
    // What COPY's text format escapes (tab, newline, carriage return, backslash, \N) comes back as sent.
    const tricky = "tab\there\nnew line\r\n\\N back\\slash \\\\";
    const copied = await post(fixture.project.id, tokens.write, {
      rows: [row("copy-escapes\t1", { answer: tricky, messages: [{ role: "user", content: tricky }], metadata: { note: tricky }, model: "m\\N" })],
    });
    expect(await copied.json()).toEqual({ received: 1, inserted: 1, alreadyStored: 0 });
    expect((await storedRows(fixture.project.id)).find((r) => r.callerId === "copy-escapes\t1")).toMatchObject({
      answer: tricky,
      messages: [{ role: "user", content: tricky }],
      metadata: { note: tricky },
      model: "m\\N",
    });
  });

  it("needs a write token whose creator may still ingest", async () => {
    const read = await post(fixture.project.id, tokens.read, { rows: [row("x")] });
    expect(read.status).toBe(403);
    // A lead's token acts as READ.
    expect((await post(fixture.project.id, tokens.lead, { rows: [row("x")] })).status).toBe(403);
    expect((await post(fixture.project.id, tokens.write, { rows: [] })).status).toBe(400);
    expect((await post(fixture.project.id, tokens.write, { rows: Array.from({ length: 1001 }, (_, i) => row(`b${i}`)) })).status).toBe(400);
  });
});

describe("masking", () => {
  it("masks every text before it is stored: the raw table never holds the secret", async () => {
    const project = await createProjectWithMembers(["ADMIN"]);
    const token = await makeToken(project.project.id, "WRITE", project.members.ADMIN.id);
    await db.trafficSettings.create({
      data: {
        projectId: project.project.id,
        maskingRules: [
          { pattern: "[\\w.+-]+@[\\w-]+\\.[\\w.]+", flags: "", replacement: "[email]" },
          { pattern: "card \\d{4}", flags: "i", replacement: "card ####" },
        ],
      },
    });
    const secretRow = row("m-1", {
      messages: [{ role: "user", content: "I am ann.lee@example.com, CARD 4242" }],
      answer: "Mail sent to ann.lee@example.com",
      context: [{ title: "ann.lee@example.com", content: "Customer ann.lee@example.com" }],
      toolCalls: [{ name: "email", arguments: { to: ["ann.lee@example.com"] }, result: "sent to ann.lee@example.com" }],
      metadata: { user: "ann.lee@example.com", tier: 3 },
    });
    const response = await post(project.project.id, token, { rows: [secretRow] });
    expect(response.status).toBe(200);
    const { rows } = await trafficPool().query<{ text: string }>(`SELECT t::text AS text FROM "TrafficEvent" t WHERE "projectId" = $1`, [project.project.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).not.toContain("ann.lee@example.com");
    expect(rows[0]!.text).not.toContain("4242");
    const [stored] = await storedRows(project.project.id);
    expect(stored!.messages[0]!.content).toBe("I am [email], card ####");
    expect(stored!.answer).toBe("Mail sent to [email]");
    expect(stored!.toolCalls).toEqual([{ type: "tool", name: "email", input: { to: ["[email]"] }, output: "sent to [email]" }]);
    expect(stored!.metadata).toEqual({ user: "[email]", tier: 3 });
  });
});

describe("partitions and retention", () => {
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS);

  async function storeAt(projectId: string, callerId: string, time: Date) {
    const parsed = trafficRowSchema.parse({ id: callerId, timestamp: time.toISOString(), answer: "x" });
    // `now` set to the row's own time: the row was fresh when it arrived.
    await ingestTraffic(projectId, [rowFromInput(parsed)], "api", { now: time });
  }

  it("creates a day's partition on demand at ingest", async () => {
    const day = startOfUtcDay(at(3));
    const before = (await listTrafficPartitions(trafficPool())).map((p) => p.name);
    expect(before).not.toContain(partitionName(day));
    await storeAt(fixture.project.id, "three-days-ago", at(3));
    expect((await listTrafficPartitions(trafficPool())).map((p) => p.name)).toContain(partitionName(day));
  });

  it("drops days past every project's retention, deletes a shorter retention's rows, creates days ahead", async () => {
    const short = await createProjectWithMembers(["ADMIN"]);
    const long = await createProjectWithMembers(["ADMIN"]);
    await db.trafficSettings.create({ data: { projectId: short.project.id, retentionDays: 5 } });
    await db.trafficSettings.create({ data: { projectId: long.project.id, retentionDays: 40 } });
    await storeAt(long.project.id, "long-45", at(45));
    await storeAt(long.project.id, "long-20", at(20));
    await storeAt(short.project.id, "short-20", at(20));
    await storeAt(short.project.id, "short-3", at(3));
    const oldDay = partitionName(startOfUtcDay(at(45)));
    expect((await listTrafficPartitions(trafficPool())).map((p) => p.name)).toContain(oldDay);

    const report = await runTrafficRetention(trafficPool());
    expect(report.ran).toBe(true);
    expect(report.droppedPartitions).toContain(oldDay);
    expect(report.deletedRows).toBe(1);

    const names = (await listTrafficPartitions(trafficPool())).map((p) => p.name);
    expect(names).not.toContain(oldDay);
    for (let ahead = 0; ahead <= 7; ahead++) expect(names).toContain(partitionName(startOfUtcDay(new Date(Date.now() + ahead * DAY_MS))));
    expect((await storedRows(long.project.id)).map((r) => r.callerId)).toEqual(["long-20"]);
    expect((await storedRows(short.project.id)).map((r) => r.callerId)).toEqual(["short-3"]);

    // Nothing left to do on a second run.
    expect(await runTrafficRetention(trafficPool())).toMatchObject({ ran: true, droppedPartitions: [], deletedRows: 0, created: 0 });
  });

  it("runs on one server at a time (advisory lock)", async () => {
    const holder = await trafficPool().connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('touchstone:traffic-retention', 0))`);
      expect((await runTrafficRetention(trafficPool())).ran).toBe(false);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      holder.release();
    }
  });
});

describe("settings and the browse queries", () => {
  it("saves masking rules and retention for admins, refusing an unsafe rule by number", async () => {
    const project = await createProjectWithMembers(["ADMIN", "LEAD"]);
    const projectId = project.project.id;
    session.user = { ...project.members.LEAD, isInstanceAdmin: false, membership: { projectId, role: "LEAD" } };
    const asLead = await saveTrafficSettings({ projectId, retentionDays: 7, maskingRules: [] });
    expect(asLead).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    session.user = { ...project.members.ADMIN, isInstanceAdmin: false, membership: { projectId, role: "ADMIN" } };
    const unsafe = await saveTrafficSettings({ projectId, retentionDays: 7, maskingRules: [{ pattern: "\\d+", flags: "", replacement: "#" }, { pattern: "(a+)+b", flags: "", replacement: "x" }] });
    expect(unsafe).toMatchObject({ ok: false, error: { code: "VALIDATION", message: expect.stringMatching(/^Rule 2 \(\(a\+\)\+b\) is refused/) } });
    expect(await db.trafficSettings.findUnique({ where: { projectId } })).toBeNull();
    expect(await saveTrafficSettings({ projectId, retentionDays: 0, maskingRules: [] })).toMatchObject({ ok: false, error: { code: "VALIDATION" } });

    expect(await saveTrafficSettings({ projectId, retentionDays: 7, maskingRules: [{ pattern: "\\d+", flags: "", replacement: "#" }] })).toMatchObject({ ok: true });
    expect(await db.trafficSettings.findUnique({ where: { projectId }, select: { retentionDays: true, maskingRules: true } })).toEqual({
      retentionDays: 7,
      maskingRules: [{ pattern: "\\d+", flags: "", replacement: "#" }],
    });
    session.user = null;
  });

  it("lists a project's traffic newest first with filters and pages, and finds a row by its id", async () => {
    const project = await createProjectWithMembers(["ADMIN"]);
    const projectId = project.project.id;
    const rows = [
      { id: "a", timestamp: minutesAgo(30), model: "m1", appVersion: "1.0", segment: "free", answer: "first" },
      { id: "b", timestamp: minutesAgo(20), model: "m2", appVersion: "1.0", segment: "pro", answer: "second" },
      { id: "c", timestamp: minutesAgo(10), model: "m1", appVersion: "2.0", segment: "pro", answer: "third", messages: [{ role: "user", content: "why?" }] },
      { id: "old", timestamp: new Date(Date.now() - 20 * DAY_MS).toISOString(), model: "m1", answer: "old" },
    ];
    await ingestTraffic(projectId, rows.map((r) => rowFromInput(trafficRowSchema.parse(r))), "api");

    const all = await listTraffic(projectId, {});
    expect(all.rows.map((r) => r.answer)).toEqual(["third", "second", "first"]);
    expect(all.rows[0]).toMatchObject({ question: "why?", model: "m1", appVersion: "2.0", segment: "pro" });
    expect((await listTraffic(projectId, { model: "m1" })).rows.map((r) => r.answer)).toEqual(["third", "first"]);
    expect((await listTraffic(projectId, { segment: "pro", appVersion: "1.0" })).rows.map((r) => r.answer)).toEqual(["second"]);
    expect((await listTraffic(projectId, { before: all.rows[0]!.id })).rows.map((r) => r.answer)).toEqual(["second", "first"]);
    const twentyDaysAgo = new Date(Date.now() - 20 * DAY_MS).toISOString().slice(0, 10);
    expect((await listTraffic(projectId, { from: twentyDaysAgo, to: twentyDaysAgo })).rows.map((r) => r.answer)).toEqual(["old"]);
    // Another project's rows never show.
    expect((await listTraffic(fixture.project.id, { model: "m2" })).rows).toEqual([]);

    const event = await getTrafficEvent(projectId, all.rows[0]!.id);
    expect(event).toMatchObject({ callerId: "c", answer: "third", messages: [{ role: "user", content: "why?" }] });
    expect(await getTrafficEvent(fixture.project.id, all.rows[0]!.id)).toBeNull();
    expect(await getTrafficEvent(projectId, "not-an-id")).toBeNull();
  });
});
