import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemContentHash } from "./items";
import { jsonText } from "./pg";

// Stored item hashes are compared across versions imported months apart, so
// the faster way of writing the hashed text must give exactly the old bytes.

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.constantFrom("", 'say "hi"', "back\\slash", "tab\there", "line\nbreak", "\u0000", "\u001f", "\u007f", "\ud83d", "\ude00", "😀", "é", "\u2028"),
);

function definition(row: Parameters<typeof itemContentHash>[0]) {
  return crypto.createHash("sha256").update(JSON.stringify([row.input, row.context ?? null, row.reference ?? null, row.tags, row.group ?? null, row.metadata])).digest("hex");
}

describe("jsonText", () => {
  it("is JSON.stringify for any string and any value", () => {
    fc.assert(fc.property(fc.oneof(text, fc.jsonValue()), (value) => {
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }));
  });
});

describe("itemContentHash", () => {
  it("is the SHA-256 of JSON.stringify([input, context, reference, tags, group, metadata])", () => {
    const row = fc.record({
      input: fc.oneof(text, fc.array(fc.record({ role: fc.constantFrom("user", "assistant"), content: text }), { minLength: 1, maxLength: 3 })),
      context: fc.option(fc.array(fc.record({ content: text }), { maxLength: 2 }), { nil: undefined }),
      reference: fc.option(text, { nil: undefined }),
      tags: fc.array(text, { maxLength: 3 }),
      group: fc.option(text, { nil: undefined }),
      metadata: fc.dictionary(text, fc.oneof(text, fc.integer())),
    });
    fc.assert(fc.property(row, (r) => {
          expect(itemContentHash(r)).toBe(definition(r));
        }), { numRuns: 500 });
  });
});
