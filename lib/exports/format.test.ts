import { describe, expect, it } from "vitest";
import { csvField, encodeStream } from "./format";

describe("export encoders", () => {
  it("quotes CSV fields that need it and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", twice\nok')).toBe('"say ""hi"", twice\nok"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(null)).toBe("");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("streams JSONL lines and CSV with a header", async () => {
    async function* records() {
      yield { a: 1, b: "x" };
      yield { a: 2, b: "y,z" };
    }
    const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
    expect(await read(encodeStream("jsonl", ["a", "b"], records()))).toBe('{"a":1,"b":"x"}\n{"a":2,"b":"y,z"}\n');
    expect(await read(encodeStream("csv", ["a", "b"], records()))).toBe('a,b\r\n1,x\r\n2,"y,z"\r\n');
  });
});
