import http from "node:http";
import type { AddressInfo } from "node:net";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/session";
import { generateApiToken } from "@/lib/auth/tokens";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { closeTrafficPools, trafficPool } from "./pool";

// The OTLP endpoint fed by the official OpenTelemetry JS SDK and OTLP/HTTP
// exporter, over real HTTP: a small server hands each request to the route
// handler as Next would. Spans carry GenAI attributes in the three forms
// instrumentations emit (events, indexed attributes, JSON message attributes).

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));

const otlp = await import("@/app/api/v1/projects/[projectId]/otlp/v1/traces/route");

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
let token: string;
let server: http.Server;
let baseUrl: string;
const seen: { status: number; body: unknown }[] = [];

beforeAll(async () => {
  fixture = await createProjectWithMembers(["ADMIN"]);
  const { secret, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { projectId: fixture.project.id, name: "otel", scope: "WRITE", tokenHash: hash, prefix, createdById: fixture.members.ADMIN.id } });
  token = secret;
  await db.trafficSettings.create({ data: { projectId: fixture.project.id, maskingRules: [{ pattern: "\\+?\\d[\\d -]{7,}\\d", flags: "", replacement: "[phone]" }] } });

  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const projectId = /\/projects\/([^/]+)\//.exec(req.url ?? "")?.[1] ?? "";
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    const response = await otlp.POST(request, { params: Promise.resolve({ projectId }) });
    const text = await response.text();
    seen.push({ status: response.status, body: JSON.parse(text) });
    res.writeHead(response.status, { "content-type": "application/json" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeTrafficPools();
});

function exporter() {
  return new OTLPTraceExporter({ url: `${baseUrl}/api/v1/projects/${fixture.project.id}/otlp/v1/traces`, headers: { Authorization: `Bearer ${token}` } });
}

/** Spans as an instrumented app would produce them, captured so they can be exported (and re-exported). */
function recordSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "support-bot", "service.version": "2.3.0" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("test-instrumentation");

  // Events form (semantic conventions 1.28–1.36).
  const events = tracer.startSpan("chat gpt-4o", {
    attributes: {
      "gen_ai.system": "openai",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.usage.input_tokens": 42,
      "gen_ai.usage.output_tokens": 7,
      "touchstone.segment": "enterprise",
      "touchstone.metadata.locale": "fr-FR",
    },
  });
  events.addEvent("gen_ai.system.message", { content: "You are a support bot." });
  events.addEvent("gen_ai.user.message", { content: "Call me on +33 6 12 34 56 78 about my refund" });
  events.addEvent("gen_ai.choice", { index: 0, finish_reason: "stop", message: JSON.stringify({ role: "assistant", content: "We will call +33 6 12 34 56 78 today." }) });
  events.end();

  // Indexed attributes (OpenLLMetry and older instrumentations).
  const indexed = tracer.startSpan("anthropic.chat", {
    attributes: {
      "gen_ai.system": "anthropic",
      "gen_ai.request.model": "claude-sonnet",
      "gen_ai.usage.prompt_tokens": 11,
      "gen_ai.usage.completion_tokens": 3,
      "gen_ai.prompt.0.role": "user",
      "gen_ai.prompt.0.content": "Is the shop open on Sunday?",
      "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.content": "No, Monday to Saturday.",
    },
  });
  indexed.end();

  // JSON message attributes (semantic conventions 1.37+).
  const messages = tracer.startSpan("chat mistral", {
    attributes: {
      "gen_ai.provider.name": "mistral_ai",
      "gen_ai.request.model": "mistral-large",
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Translate 'bonjour'" }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "hello" }], finish_reason: "stop" }]),
    },
  });
  messages.end();

  // Not an LLM call: ignored.
  tracer.startSpan("GET /orders").end();
  return memory.getFinishedSpans();
}

function exportSpans(spans: ReadableSpan[]) {
  const target = exporter();
  return new Promise<{ code: number; error?: Error }>((resolve) => target.export(spans, resolve)).finally(() => target.shutdown());
}

type Stored = { callerId: string; traceId: string; messages: { role: string; content: string }[]; answer: string; model: string; appVersion: string; segment: string | null; inputTokens: number; outputTokens: number; latencyMs: number; metadata: Record<string, unknown>; source: string };

async function stored() {
  const { rows } = await trafficPool().query<Stored>(`SELECT * FROM "TrafficEvent" WHERE "projectId" = $1 ORDER BY model`, [fixture.project.id]);
  return rows;
}

describe("POST /otlp/v1/traces", () => {
  it("stores the GenAI spans the official exporter sends, masked, once", async () => {
    const spans = recordSpans();
    const result = await exportSpans(spans);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    expect(seen.at(-1)).toEqual({ status: 200, body: { partialSuccess: {}, traffic: { received: 3, inserted: 3, alreadyStored: 0, ignoredSpans: 1 } } });

    const rows = await stored();
    expect(rows.map((r) => r.model)).toEqual(["claude-sonnet", "gpt-4o-2024-08-06", "mistral-large"]);
    const [indexed, events, messages] = rows;
    const span = spans.find((s) => s.name === "chat gpt-4o")!;
    expect(events).toMatchObject({
      source: "otlp",
      callerId: `${span.spanContext().traceId}:${span.spanContext().spanId}`,
      traceId: span.spanContext().traceId,
      messages: [
        { role: "system", content: "You are a support bot." },
        { role: "user", content: "Call me on [phone] about my refund" },
      ],
      answer: "We will call [phone] today.",
      appVersion: "2.3.0",
      segment: "enterprise",
      inputTokens: 42,
      outputTokens: 7,
      metadata: { service: "support-bot", system: "openai", operation: "chat", span: "chat gpt-4o", locale: "fr-FR" },
    });
    expect(events!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(indexed).toMatchObject({ messages: [{ role: "user", content: "Is the shop open on Sunday?" }], answer: "No, Monday to Saturday.", inputTokens: 11, outputTokens: 3 });
    expect(messages).toMatchObject({ messages: [{ role: "user", content: "Translate 'bonjour'" }], answer: "hello", metadata: { system: "mistral_ai" } });

    // An exporter retry sends the same spans again: nothing new is stored.
    expect((await exportSpans(spans)).code).toBe(0);
    expect(seen.at(-1)!.body).toMatchObject({ traffic: { received: 3, inserted: 0, alreadyStored: 3 } });
    expect(await stored()).toHaveLength(3);
  });

  it("answers protobuf with 415 and a plain message; refuses a missing token", async () => {
    const url = `http://localhost/api/v1/projects/${fixture.project.id}/otlp/v1/traces`;
    const params = { params: Promise.resolve({ projectId: fixture.project.id }) };
    const proto = await otlp.POST(new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-protobuf" }, body: new Uint8Array([10, 0]) }), params);
    expect(proto.status).toBe(415);
    expect((await proto.json()).message).toContain("http/json");
    const anonymous = await otlp.POST(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), params);
    expect(anonymous.status).toBe(401);
  });

  it("names the span when one cannot be stored, and stores none of the request", async () => {
    const before = (await stored()).length;
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", name: "ok", startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n), attributes: [{ key: "gen_ai.request.model", value: { stringValue: "m" } }] },
                { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203332", name: "no time", attributes: [{ key: "gen_ai.request.model", value: { stringValue: "m" } }] },
              ],
            },
          ],
        },
      ],
    };
    const response = await otlp.POST(
      new Request(`http://localhost/x`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
      { params: Promise.resolve({ projectId: fixture.project.id }) },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).issues).toEqual([{ row: 2, field: "timestamp", message: "span 2 (no time): timestamp must be a date and time (ISO 8601)." }]);
    expect(await stored()).toHaveLength(before);
  });
});
