import { describe, expect, it } from "vitest";
import { isDeterministic, responseCacheKey } from "./cache";

const model = { baseUrl: "http://localhost:11434/v1", model: "llama3" };
const spec = {
  messages: [{ role: "user" as const, content: "Rate this." }],
  params: { temperature: 0, maxTokens: 100 },
  answerSchema: { name: "a", schema: { type: "object", properties: { score: { type: "integer" }, reasoning: { type: "string" } } } },
};

describe("response cache key", () => {
  it("is the same for the same call, whatever the key order of params and schema", () => {
    const reordered = {
      ...spec,
      params: { maxTokens: 100, temperature: 0 },
      answerSchema: { name: "a", schema: { properties: { reasoning: { type: "string" }, score: { type: "integer" } }, type: "object" } },
    };
    expect(responseCacheKey(model, reordered)).toBe(responseCacheKey(model, spec));
    expect(responseCacheKey(model, spec)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("differs when the endpoint, model, messages, params or schema differ", () => {
    const base = responseCacheKey(model, spec);
    expect(responseCacheKey({ ...model, baseUrl: "http://vllm:8000/v1" }, spec)).not.toBe(base);
    expect(responseCacheKey({ ...model, model: "llama3.1" }, spec)).not.toBe(base);
    expect(responseCacheKey(model, { ...spec, messages: [{ role: "user", content: "Rate that." }] })).not.toBe(base);
    expect(responseCacheKey(model, { ...spec, params: { temperature: 0, maxTokens: 101 } })).not.toBe(base);
    expect(responseCacheKey(model, { ...spec, answerSchema: undefined })).not.toBe(base);
  });

  it("is used only for calls that answer the same twice: temperature 0 or a seed", () => {
    expect(isDeterministic({ temperature: 0 })).toBe(true);
    expect(isDeterministic({ temperature: 0.7, seed: 1 })).toBe(true);
    expect(isDeterministic({ temperature: 0.7 })).toBe(false);
    expect(isDeterministic({})).toBe(false);
  });
});
