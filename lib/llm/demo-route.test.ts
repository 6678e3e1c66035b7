import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/demo-model/v1/chat/completions/route";
import { GET } from "@/app/api/demo-model/v1/models/route";
import { resolveBaseUrl } from "./base-url";
import { DEMO_CONNECTION } from "./demo-connection";
import { DEMO_MODEL_ID } from "./demo-model";

// The app's own demo-model endpoint answers exactly as the test server does
// (same wire code), so here only the route's own parts: body limits, errors, shape.

const post = (body: string, headers: Record<string, string> = {}) =>
  POST(new Request("http://localhost/api/demo-model/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));

describe("the demo model's OpenAI-compatible route", () => {
  it("answers a chat completion in OpenAI's shape", async () => {
    const response = await post(JSON.stringify({ model: DEMO_MODEL_ID, messages: [{ role: "user", content: "Output: a helpful answer\nRate it 1-5." }] }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ object: "chat.completion", model: DEMO_MODEL_ID, choices: [{ message: { role: "assistant" } }], usage: { prompt_tokens: expect.any(Number) } });
    expect(body.choices[0].message.content).toMatch(/Score: [1-5]$/);
  });

  it("answers bad JSON, unknown models and oversized bodies as OpenAI would", async () => {
    expect((await post("{not json")).status).toBe(400);
    const unknown = await post(JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("model_not_found");
    expect((await post(JSON.stringify({ model: DEMO_MODEL_ID, messages: [] }))).status).toBe(400);
    expect((await post("x".repeat(1024 * 1024 + 10))).status).toBe(413);
  });

  it("lists the demo model", async () => {
    expect(await GET().json()).toEqual({ object: "list", data: [expect.objectContaining({ id: DEMO_MODEL_ID, object: "model" })] });
  });

  it("the demo connection's path base URL resolves against the app's own origin", () => {
    expect(resolveBaseUrl(DEMO_CONNECTION.baseUrl, "http://127.0.0.1:3103")).toBe("http://127.0.0.1:3103/api/demo-model/v1");
    expect(resolveBaseUrl("http://localhost:11434/v1/", "http://127.0.0.1:3103")).toBe("http://localhost:11434/v1");
  });
});
