import { describe, expect, it } from "vitest";
import { checkTrafficRows, fastTrafficLine, fastTrafficTime } from "./fast-rows";
import { compileMaskingRules, maskRow, textMasker } from "./masking";
import { rowFromInput, trafficRowSchema } from "./schemas";
import { encodeTrafficRow, UnstorableText } from "./store";

// The fast path must never change what is stored or what is refused: random
// rows (valid, invalid and borderline) go through both paths, and whenever
// the fast path accepts one, zod accepts it too and the COPY lines hold the
// same values (JSON columns compared as parsed: key order is jsonb's business).

const ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const RULES = compileMaskingRules([
  { pattern: "[\\w.+-]+@[\\w-]+\\.[\\w.]+", flags: "", replacement: "[email]" },
  { pattern: "x*", flags: "", replacement: "." },
]);
const JSON_COLUMNS = new Set([4, 6, 7, 15]);

function columns(line: string) {
  expect(line.endsWith("\n")).toBe(true);
  return line
    .slice(0, -1)
    .split("\t")
    .map((field, index) => {
      if (field === "\\N") return null;
      const text = field.replace(/\\([\\nrt])/g, (_, ch: string) => (ch === "n" ? "\n" : ch === "r" ? "\r" : ch === "t" ? "\t" : "\\"));
      return JSON_COLUMNS.has(index) ? JSON.parse(text) : text;
    });
}

function outcome(encode: () => string) {
  try {
    return { columns: columns(encode()) };
  } catch (error) {
    if (!(error instanceof UnstorableText)) throw error;
    return { unstorable: error.message };
  }
}

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rowMaker(next: () => number) {
  const pick = <T,>(...options: T[]) => options[Math.floor(next() * options.length)]!;
  const sometimes = <T,>(value: () => T, p = 0.5) => (next() < p ? value() : undefined);
  // Mostly valid values, so that many whole rows are valid; now and then one zod refuses.
  const mostly = (valid: unknown[], invalid: unknown[]) => (next() < 0.93 ? pick(...valid) : pick(...invalid));
  const text = () =>
    pick("plain", "", "mail me at ann.lee@example.com", "tab\there", 'quote " and \\ slash', "line\nbreak", "emoji 😀", "nul \0 char", "lone \ud800 half", "xx", " padded ", "a".repeat(201));
  const message = () =>
    mostly(
      [
        { role: pick("system", "developer", "user", "assistant", "tool"), content: pick<unknown>(text(), null, undefined) },
        { role: "user", content: text(), name: "ann" },
        { role: "tool", content: text(), tool_call_id: "call-1" },
      ],
      [
        { role: "user", content: [{ type: "text", text: "part" }] },
        { role: "assistant", content: null, tool_calls: [{ function: { name: "lookup", arguments: "{}" } }] },
        { role: "robot", content: "hi" },
        { role: "tool", content: 3, tool_call_id: null },
        "not a message",
      ],
    );
  const doc = () => mostly([text(), { content: text() }, { id: "kb-1", title: sometimes(text), content: text(), extra: true }], [{ id: 7, content: "x" }, { title: "no content" }, null]);
  const metadata = () =>
    mostly(
      [undefined, {}, { segment: pick<unknown>("pro", 3, null, text()), locale: text(), n: pick(1, 2.5, -0), ok: pick(true, false) }],
      [{ nested: { a: 1 } }, { ["k".repeat(201)]: 1 }, [], null],
    );
  return () => ({
    id: mostly(["req-1", 42, "  spaced  ", 1.5], ["", "   ", "i".repeat(201), null, undefined]),
    timestamp: mostly(["2026-12-04T10:00:00.000Z", "2026-12-04"], ["yesterday", 5, undefined]),
    messages: mostly([undefined, [], Array.from({ length: 1 + Math.floor(next() * 3) }, message)], ["hi", null]),
    answer: mostly([undefined, null, text()], [[{ type: "image_url" }], 9]),
    context: mostly([undefined, [], Array.from({ length: 1 + Math.floor(next() * 2) }, doc)], ["doc"]),
    toolCalls: sometimes(() => [{ name: "search", arguments: { q: text() }, result: text() }], 0.1),
    model: mostly([undefined, "gpt-4o-mini"], [4, "m".repeat(201)]),
    appVersion: mostly([undefined, "1.2.0"], [null]),
    segment: mostly([undefined, "enterprise", text()], [7]),
    latencyMs: mostly([undefined, 0, 12.5], [-1, "12"]),
    inputTokens: mostly([undefined, 0, 180], [1.5, -3, 2 ** 31]),
    outputTokens: mostly([undefined, 40], ["40"]),
    costUsd: mostly([undefined, 0.0002], [-0.1]),
    metadata: metadata(),
  });
}

const BENCH_ROW = {
  id: "req-7",
  timestamp: "2026-12-04T10:00:00.000Z",
  messages: [
    { role: "system", content: "You are the support assistant of an online shop." },
    { role: "user", content: "Hello, this is customer7@example.com. Where is my order #100007?" },
  ],
  answer: "Your order #100007 left the warehouse this morning.",
  context: [{ id: "kb-12", content: "Orders ship within 24 hours on working days." }],
  model: "gpt-4o-mini",
  appVersion: "1.2.0",
  latencyMs: 307,
  inputTokens: 187,
  outputTokens: 47,
  costUsd: 0.0002,
  metadata: { segment: "pro", locale: "en-GB" },
};

describe("traffic rows' fast path", () => {
  it("takes the common row shape", () => {
    expect(fastTrafficTime(BENCH_ROW)).toBe(Date.parse(BENCH_ROW.timestamp));
  });

  it("stores exactly what zod's path stores, masked or not, and accepts nothing zod refuses", () => {
    const makeRow = rowMaker(random(17));
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const raw = i === 0 ? BENCH_ROW : makeRow();
      const time = fastTrafficTime(raw);
      if (time === undefined) continue;
      fast++;
      const parsed = trafficRowSchema.safeParse(raw);
      expect(parsed.success, JSON.stringify(raw)).toBe(true);
      const row = rowFromInput(parsed.data!);
      expect(time).toBe(row.occurredAt.getTime());
      for (const rules of [[], RULES]) {
        const viaZod = outcome(() => encodeTrafficRow(maskRow(row, rules), ID));
        const viaFast = outcome(() => fastTrafficLine(raw as Record<string, unknown>, row.occurredAt, ID, textMasker(rules)));
        expect(viaFast, JSON.stringify(raw)).toEqual(viaZod);
      }
    }
    // The random rows must exercise the fast path, not only the fallback.
    expect(fast).toBeGreaterThan(30);
  });

  it("leaves unusual and invalid rows to zod, whose row and field messages are reported", () => {
    const rows = [
      BENCH_ROW,
      { ...BENCH_ROW, timestamp: "yesterday" },
      { ...BENCH_ROW, id: "  " },
      { ...BENCH_ROW, messages: [{ role: "robot", content: "hi" }] },
      { ...BENCH_ROW, inputTokens: 1.5, metadata: { nested: { a: 1 } } },
      { ...BENCH_ROW, messages: [{ role: "user", content: [{ type: "text", text: "parts" }] }] },
    ];
    for (const raw of rows.slice(1)) expect(fastTrafficTime(raw)).toBeUndefined();
    const { rows: accepted, issues } = checkTrafficRows({ rows });
    expect(issues).toEqual([
      { row: 2, field: "timestamp", message: "timestamp must be a date and time (ISO 8601)." },
      { row: 3, field: "id", message: "id cannot be empty." },
      { row: 4, field: "messages.0.role", message: "role must be system, developer, user, assistant or tool." },
      { row: 5, field: "inputTokens", message: "inputTokens must be a whole number ≥ 0." },
      { row: 5, field: "metadata.nested", message: "Metadata values are text, numbers, true/false or null." },
    ]);
    // Row 1 by the fast path (kept as parsed), row 6 (content parts) by zod.
    expect(accepted).toHaveLength(2);
    expect("body" in accepted[0]!).toBe(true);
    expect(accepted[1]).toMatchObject({ callerId: "req-7", messages: [{ role: "user", content: "parts" }] });
  });

  it("refuses a body that is not { rows: [...] } with zod's message", () => {
    expect(() => checkTrafficRows({ rows: [] })).toThrow(/rows is empty/);
    expect(() => checkTrafficRows({ row: [BENCH_ROW] })).toThrow(/Body must be \{ rows: \[\.\.\.\] \}/);
  });
});
