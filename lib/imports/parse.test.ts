import { describe, expect, it } from "vitest";
import { decodeUtf8, FileFormatError, jsonDepthExceeds, MAX_JSON_DEPTH, readRecords, type ParsedRecord } from "./parse";

async function read(text: string | Uint8Array, format?: "jsonl" | "json" | "csv", chunk = 5) {
  const data = typeof text === "string" ? new TextEncoder().encode(text) : text;
  async function* chunks() {
    for (let i = 0; i < data.length; i += chunk) yield data.slice(i, i + chunk);
  }
  const out: ParsedRecord[] = [];
  for await (const record of readRecords(decodeUtf8(chunks()), format)) out.push(record);
  return out;
}

describe("streaming parsers", () => {
  it("reads JSONL with CRLF, a BOM and blank lines, numbering rows by line", async () => {
    const rows = await read('\uFEFF{"a":1}\r\n\r\n{"a":"é"}\r\n');
    expect(rows).toEqual([{ row: 1, value: { a: 1 } }, { row: 3, value: { a: "é" } }]);
  });

  it("reports a malformed JSONL line with its line number and keeps going", async () => {
    const rows = await read('{"a":1}\n{"a":\n{"a":3}\n');
    expect(rows[1]).toMatchObject({ row: 2, error: expect.stringContaining("Malformed JSON") });
    expect(rows[2]).toEqual({ row: 3, value: { a: 3 } });
  });

  it("splits a JSON array streamed in tiny chunks, strings with brackets and escapes included", async () => {
    const rows = await read('[{"a":"x,]}\\"y"}, {"b":[1,{"c":2}]}]', undefined, 3);
    expect(rows).toEqual([{ row: 1, value: { a: 'x,]}"y' } }, { row: 2, value: { b: [1, { c: 2 }] } }]);
  });

  it("rejects an unclosed JSON array", async () => {
    await expect(read('[{"a":1},{"a":2')).rejects.toThrow(FileFormatError);
  });

  it("reads CSV with quotes, embedded newlines and CRLF; header is line 1", async () => {
    const rows = await read('id,text\r\n1,"hello, ""world"""\r\n2,"two\nlines"\r\n');
    expect(rows).toEqual([
      { row: 2, value: { id: "1", text: 'hello, "world"' } },
      { row: 3, value: { id: "2", text: "two\nlines" } },
    ]);
  });

  it("flags a ragged CSV row", async () => {
    const rows = await read("id,text\n1,a\n2,b,extra\n");
    expect(rows[1]).toMatchObject({ row: 3, field: "(row)", error: expect.stringContaining("Ragged row") });
  });

  it("refuses Latin-1 and UTF-16 with a clear message", async () => {
    await expect(read(new Uint8Array([0x69, 0x64, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]))).rejects.toThrow(/not valid UTF-8/);
    await expect(read(new Uint8Array([0xff, 0xfe, 0x69, 0x00]))).rejects.toThrow(/UTF-16/);
  });

  it("calls an empty file empty", async () => {
    await expect(read("")).rejects.toThrow(/empty/);
    await expect(read("id,text\n", "csv")).rejects.toThrow(/empty/);
  });

  it("decodes characters split across chunks of every size, and keeps a U+FEFF that is data", async () => {
    const text = '\uFEFF{"a":"é€😀"}\n{"a":"\uFEFFx"}\n';
    for (let chunk = 1; chunk <= 9; chunk++) {
      expect(await read(text, "jsonl", chunk)).toEqual([{ row: 1, value: { a: "é€😀" } }, { row: 2, value: { a: "\uFEFFx" } }]);
    }
  });

  it("refuses a file cut inside a character", async () => {
    await expect(read(new Uint8Array([0x7b, 0x7d, 0x0a, 0xe2, 0x82]))).rejects.toThrow(/middle of a UTF-8 character/);
  });

  it("keeps parsing lines with Unicode spaces around the object", async () => {
    expect(await read('\u00a0{"a":1}\u00a0\n', "jsonl")).toEqual([{ row: 1, value: { a: 1 } }]);
  });
});

describe("jsonDepthExceeds", () => {
  it("counts nesting, not brackets inside strings", () => {
    const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ text: "[".repeat(5000) + '\\"{' }))).toBe(false);
    expect(jsonDepthExceeds(`{"a":"\\"", "b":${nested(5000)}}`)).toBe(true);
    // An even run of backslashes before a quote ends the string; an odd one escapes it.
    expect(jsonDepthExceeds(JSON.stringify({ a: "x\\", b: JSON.parse(nested(MAX_JSON_DEPTH + 1)) }))).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'x\\"' + "[".repeat(500), b: 1 }))).toBe(false);
  });
});
