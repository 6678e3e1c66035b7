import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_MODEL_ID } from "../demo-model";
import { startFakeOpenAI, type FakeOpenAIServer } from "./fake-openai-server";

// The local server is what every judge-runner test and the judge bench talk
// to, so it is checked with the official SDK the app itself uses.

let server: FakeOpenAIServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ apiKey: "sk-test", models: [DEMO_MODEL_ID, "other-model"] });
  client = new OpenAI({ apiKey: "sk-test", baseURL: server.baseURL, maxRetries: 0, timeout: 2000 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setFaults([]);
  server.setLatency(0);
  server.resetStats();
});

const prompt = (output: string) => [
  { role: "system" as const, content: "Rate the output from 1 to 5 for correctness against the reference." },
  { role: "user" as const, content: `Reference: The refund window is 30 days from delivery.\n\nOutput:\n${output}` },
];

async function statusOf(call: Promise<unknown>) {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error.status ?? error.constructor.name;
    return (error as Error).constructor.name;
  }
}

describe("the local OpenAI-compatible server", () => {
  it("answers chat completions as OpenAI does, with usage counts, deterministically", async () => {
    const messages = prompt("Refunds are accepted within 30 days from delivery.");
    const first = await client.chat.completions.create({ model: DEMO_MODEL_ID, messages, temperature: 0 });
    const second = await client.chat.completions.create({ model: DEMO_MODEL_ID, messages, temperature: 0 });
    expect(first.object).toBe("chat.completion");
    expect(first.model).toBe(DEMO_MODEL_ID);
    expect(first.choices[0]!.finish_reason).toBe("stop");
    expect(first.choices[0]!.message.content).toMatch(/Score: [1-5]$/);
    expect(second.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(first.usage!.prompt_tokens).toBeGreaterThan(10);
    expect(first.usage!.completion_tokens).toBeGreaterThan(0);
    expect(first.usage!.total_tokens).toBe(first.usage!.prompt_tokens + first.usage!.completion_tokens);
    expect(server.stats).toMatchObject({ chatRequests: 2, completed: 2, byStatus: { 200: 2 } });
  });

  it("honours response_format json_schema and json_object", async () => {
    const schema = {
      type: "object",
      properties: { reasoning: { type: "string" }, score: { type: "integer", minimum: 1, maximum: 7 } },
      required: ["reasoning", "score"],
      additionalProperties: false,
    };
    const structured = await client.chat.completions.create({
      model: DEMO_MODEL_ID,
      messages: prompt("Refunds are accepted within 30 days."),
      response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
    });
    const answer = JSON.parse(structured.choices[0]!.message.content!);
    expect(Object.keys(answer).sort()).toEqual(["reasoning", "score"]);
    expect(Number.isInteger(answer.score) && answer.score >= 1 && answer.score <= 7).toBe(true);

    const jsonMode = await client.chat.completions.create({
      model: DEMO_MODEL_ID,
      messages: prompt("No idea."),
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(jsonMode.choices[0]!.message.content!)).toMatchObject({ score: expect.any(Number), reasoning: expect.any(String) });
  });

  it("lists its models, refuses a bad key (401) and an unknown model (404)", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([DEMO_MODEL_ID, "other-model"]);
    const wrongKey = new OpenAI({ apiKey: "sk-wrong", baseURL: server.baseURL, maxRetries: 0 });
    expect(await statusOf(wrongKey.chat.completions.create({ model: DEMO_MODEL_ID, messages: prompt("x") }))).toBe(401);
    expect(await statusOf(client.chat.completions.create({ model: "gpt-nope", messages: prompt("x") }))).toBe(404);
  });

  it("injects faults by request number: 429 with Retry-After, 500, bad key, unknown model, then answers", async () => {
    server.setFaults([
      { kind: "rate-limit", requests: [1], retryAfterSeconds: 3, retryAfterMs: 2500 },
      { kind: "server-error", requests: [2], status: 503 },
      { kind: "bad-key", requests: [3] },
      { kind: "unknown-model", requests: [4] },
    ]);
    const call = () => client.chat.completions.create({ model: DEMO_MODEL_ID, messages: prompt("x") });
    try {
      await call();
      expect.unreachable("the first request is rate limited");
    } catch (error) {
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after")).toBe("3");
      expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after-ms")).toBe("2500");
    }
    expect([await statusOf(call()), await statusOf(call()), await statusOf(call()), await statusOf(call())]).toEqual([503, 401, 404, 200]);
    expect(server.stats.faults).toEqual({ "rate-limit": 1, "server-error": 1, "bad-key": 1, "unknown-model": 1 });
  });

  it("a timeout fault never answers; malformed JSON breaks the client's parse; slow answers come late", async () => {
    server.setFaults([
      { kind: "timeout", requests: [1] },
      { kind: "malformed-json", requests: [2] },
      { kind: "slow", requests: [3], delayMs: 150 },
    ]);
    const call = (timeout?: number) => client.chat.completions.create({ model: DEMO_MODEL_ID, messages: prompt("x") }, timeout ? { timeout } : {});
    expect(await statusOf(call(200))).toBe("APIConnectionTimeoutError");
    expect(await statusOf(call())).toBe("SyntaxError");
    const started = performance.now();
    expect(await statusOf(call())).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("probabilistic faults are seeded: the same seed hits the same requests", async () => {
    const run = async () => {
      server.setFaults({ seed: 42, rules: [{ kind: "server-error", probability: 0.5 }] });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push(await statusOf(client.chat.completions.create({ model: DEMO_MODEL_ID, messages: prompt(`x${i}`) })));
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it("a fault can target one prompt, whatever order concurrent requests arrive in", async () => {
    server.setFaults([{ kind: "server-error", promptContains: "POISON" }]);
    const statuses = await Promise.all(["a", "POISON", "b"].map((text) => statusOf(client.chat.completions.create({ model: DEMO_MODEL_ID, messages: prompt(text) }))));
    expect(statuses).toEqual([200, 500, 200]);
  });

  it("applies its latency to every answer and counts concurrency", async () => {
    server.setLatency(100);
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map((i) => client.chat.completions.create({ model: DEMO_MODEL_ID, messages: prompt(`y${i}`) })));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1000);
    expect(server.stats.maxInFlight).toBe(4);
  });
});
