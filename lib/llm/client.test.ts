import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openAIChatModel, retryAfterMs, type CallableConnection } from "./client";
import { DEMO_MODEL_ID } from "./demo-model";
import { startFakeOpenAI, type FakeOpenAIServer } from "./test/fake-openai-server";
import { LlmCallError, type ChatRequest, type WireGate } from "./types";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAI({ apiKey: "sk-good" });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setFaults([]);
  server.resetStats();
});

const connection = (overrides: Partial<CallableConnection> = {}): CallableConnection => ({
  baseUrl: server.baseURL,
  apiKey: "sk-good",
  model: DEMO_MODEL_ID,
  defaultParams: { temperature: 0, maxTokens: 300 },
  timeoutMs: 2000,
  structuredOutput: true,
  ...overrides,
});
const request: ChatRequest = {
  messages: [
    { role: "system", content: "Rate the output from 1 to 5." },
    { role: "user", content: "Reference: Paris is the capital of France.\nOutput:\nThe capital of France is Paris." },
  ],
  params: { seed: 7 },
};
const answerSchema = {
  name: "likert answer",
  schema: { type: "object", properties: { reasoning: { type: "string" }, value: { type: "integer", minimum: 1, maximum: 5 } }, required: ["reasoning", "value"], additionalProperties: false },
};

async function failure(call: Promise<unknown>): Promise<LlmCallError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(LlmCallError);
    return error as LlmCallError;
  }
  throw new Error("the call was expected to fail");
}

describe("openAIChatModel against the local OpenAI-compatible server", () => {
  it("returns the answer, the usage and the model; sends the connection's defaults under the request's params", async () => {
    const result = await openAIChatModel(connection()).complete(request);
    expect(result.text).toMatch(/Score: [1-5]$/);
    expect(result.model).toBe(DEMO_MODEL_ID);
    expect(result.usage.inputTokens).toBe(server.stats.promptTokens);
    expect(result.usage.outputTokens).toBe(server.stats.completionTokens);
    expect(server.stats.lastBody).toMatchObject({ model: DEMO_MODEL_ID, temperature: 0, max_tokens: 300, seed: 7, messages: request.messages });
    expect(server.stats.lastBody).not.toHaveProperty("response_format");
    expect(server.stats.lastHeaders?.authorization).toBe("Bearer sk-good");
  });

  it("asks for structured output with the answer schema when the connection allows it, and not otherwise", async () => {
    const result = await openAIChatModel(connection()).complete({ ...request, answerSchema });
    expect(server.stats.lastBody).toMatchObject({
      response_format: { type: "json_schema", json_schema: { name: "likert_answer", schema: answerSchema.schema, strict: true } },
    });
    expect(JSON.parse(result.text)).toMatchObject({ value: expect.any(Number), reasoning: expect.any(String) });

    await openAIChatModel(connection({ structuredOutput: false })).complete({ ...request, answerSchema });
    expect(server.stats.lastBody).not.toHaveProperty("response_format");
  });

  it("classifies 429 as retryable with the provider's wait, from retry-after-ms or Retry-After", async () => {
    server.setFaults([
      { kind: "rate-limit", requests: [1], retryAfterSeconds: 4 },
      { kind: "rate-limit", requests: [2], retryAfterSeconds: 4, retryAfterMs: 1500 },
    ]);
    const model = openAIChatModel(connection());
    expect(await failure(model.complete(request))).toMatchObject({ kind: "retryable", status: 429, retryAfterMs: 4000 });
    const second = await failure(model.complete(request));
    expect(second).toMatchObject({ kind: "retryable", status: 429, retryAfterMs: 1500 });
    expect(second.message).toMatch(/rate limiting.*\(429\)/);
  });

  it("classifies 5xx, timeouts, malformed JSON and unreachable servers as retryable", async () => {
    server.setFaults([
      { kind: "server-error", requests: [1], status: 502 },
      { kind: "timeout", requests: [2] },
      { kind: "malformed-json", requests: [3] },
    ]);
    const model = openAIChatModel(connection());
    expect(await failure(model.complete(request))).toMatchObject({ kind: "retryable", status: 502 });
    const timedOut = await failure(model.complete({ ...request, timeoutMs: 150 }));
    expect(timedOut.kind).toBe("retryable");
    expect(timedOut.message).toContain("did not answer within 150 ms");
    expect(await failure(model.complete(request))).toMatchObject({ kind: "retryable", message: expect.stringContaining("not valid JSON") });

    const closed = await startFakeOpenAI();
    const url = closed.baseURL;
    await closed.close();
    const unreachable = await failure(openAIChatModel(connection({ baseUrl: url })).complete(request));
    expect(unreachable).toMatchObject({ kind: "retryable", message: expect.stringContaining("could not be reached") });
  });

  it("classifies a refused key and an unknown model as fatal, with the provider's message in plain words", async () => {
    const badKey = await failure(openAIChatModel(connection({ apiKey: "sk-bad" })).complete(request));
    expect(badKey).toMatchObject({ kind: "fatal", status: 401 });
    expect(badKey.message).toBe("The API key was refused (401): Incorrect API key provided.");

    const unknown = await failure(openAIChatModel(connection({ model: "gpt-9" })).complete(request));
    expect(unknown).toMatchObject({ kind: "fatal", status: 404 });
    expect(unknown.message).toMatch(/^The model or endpoint was not found .*\(404\): The model `gpt-9` does not exist/);

    server.setFaults([{ kind: "bad-key", requests: [1] }]);
    expect(await failure(openAIChatModel(connection()).complete(request))).toMatchObject({ kind: "fatal", status: 401 });
  });

  it("stops when the caller aborts", async () => {
    server.setFaults([{ kind: "timeout" }]);
    const controller = new AbortController();
    const call = openAIChatModel(connection()).complete({ ...request, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(call)).toMatchObject({ kind: "retryable", message: "The call was cancelled." });
  });

  it("sends a gated request only when its gate lets it go, and times it from then", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const events: string[] = [];
    // A wait at the gate longer than the whole timeout: it must not count.
    const gate: WireGate = async (send) => {
      await sleep(150);
      events.push(`sent after ${server.stats.chatRequests} requests`);
      const answer = await send();
      events.push("answer in");
      return answer;
    };
    server.setLatency(60);
    try {
      const result = await openAIChatModel(connection({ timeoutMs: 100 })).complete({ ...request, gate });
      expect(result.text).toMatch(/Score: [1-5]$/);
      expect(events).toEqual(["sent after 0 requests", "answer in"]);
      expect(server.stats.lastHeaders?.["x-stainless-timeout"]).toBe("0");

      server.setLatency(300);
      const slow = await failure(openAIChatModel(connection({ timeoutMs: 100 })).complete({ ...request, gate }));
      expect(slow).toMatchObject({ kind: "retryable", message: "The provider did not answer within 100 ms." });
    } finally {
      server.setLatency(0);
    }
  });
});

describe("retryAfterMs", () => {
  it("reads milliseconds, seconds and HTTP dates, and ignores nonsense", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250.4" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2026-12-04T15:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Fri, 04 Dec 2026 15:00:10 GMT" }), now)).toBe(10_000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});
