import { describe, expect, it } from "vitest";
import { otlpTracesSchema, trafficFromOtlp } from "./otlp";

// The forms the SDK test (otlp.db.test.ts) does not produce: the oldest
// content events, protobuf-style base64 ids, { low, high } times.

const kv = (key: string, value: string | number) => ({ key, value: typeof value === "string" ? { stringValue: value } : { intValue: String(value) } });

describe("OTLP GenAI spans → traffic rows", () => {
  it("reads gen_ai.content.prompt / completion events, base64 ids and split nanosecond times", () => {
    const start = 1_796_000_000_000n * 1_000_000n;
    const end = start + 250_000_000n;
    const half = (n: bigint) => ({ low: Number(n & 0xffffffffn), high: Number(n >> 32n) });
    const body = otlpTracesSchema.parse({
      resourceSpans: [
        {
          resource: { attributes: [kv("service.name", "bot"), kv("touchstone.segment", "pro")] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from("0af7651916cd43dd8448eb211c80319c", "hex").toString("base64"),
                  spanId: Buffer.from("b7ad6b7169203331", "hex").toString("base64"),
                  name: "openai.chat",
                  startTimeUnixNano: half(start),
                  endTimeUnixNano: half(end),
                  attributes: [kv("gen_ai.system", "openai"), kv("gen_ai.request.model", "gpt-4o"), kv("gen_ai.usage.input_tokens", 5)],
                  events: [
                    { name: "gen_ai.content.prompt", attributes: [kv("gen_ai.prompt", JSON.stringify([{ role: "user", content: [{ type: "text", text: "Hi" }] }]))] },
                    { name: "gen_ai.content.completion", attributes: [kv("gen_ai.completion", JSON.stringify([{ role: "assistant", content: "Hello!" }]))] },
                  ],
                },
                { traceId: "aa", spanId: "bb", name: "db.query", attributes: [kv("db.system", "postgresql")] },
              ],
            },
          ],
        },
      ],
    });
    const { rows, issues, ignoredSpans } = trafficFromOtlp(body);
    expect(issues).toEqual([]);
    expect(ignoredSpans).toBe(1);
    expect(rows).toEqual([
      expect.objectContaining({
        callerId: "0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331",
        traceId: "0af7651916cd43dd8448eb211c80319c",
        occurredAt: new Date(1_796_000_000_000),
        latencyMs: 250,
        messages: [{ role: "user", content: "Hi" }],
        answer: "Hello!",
        model: "gpt-4o",
        segment: "pro",
        inputTokens: 5,
        metadata: { service: "bot", system: "openai", span: "openai.chat" },
      }),
    ]);
  });

  it("refuses a GenAI span without ids, naming it", () => {
    const body = otlpTracesSchema.parse({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: "chat", startTimeUnixNano: "1796000000000000000", attributes: [kv("gen_ai.request.model", "m")] }] }] }] });
    expect(trafficFromOtlp(body).issues).toEqual([{ row: 1, field: "id", message: "span 1 (chat): id cannot be empty." }]);
  });
});
