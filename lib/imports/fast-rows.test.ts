import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fastItemRow, fastOutputRow } from "./fast-rows";
import { itemRowSchema, outputRowSchema } from "./schemas";

// The fast paths must never accept what zod rejects, nor return anything but
// what zod returns: random candidate rows, values drawn from the shapes files
// really contain plus the awkward ones.

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.constantFrom("", " ", " a", "a ", "\ta", "a\u00a0", "\u2003x", "ok", "item-1", "x".repeat(201), "é", "1", "12.5", "-3", "1e3"),
);
const anyValue = fc.oneof(
  text,
  fc.constantFrom(undefined, null, true, false, 0, -0, 1, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e20),
  fc.integer(),
  fc.double(),
  fc.array(text, { maxLength: 4 }),
  fc.array(fc.oneof(text, fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.oneof(text, fc.constantFrom("__proto__", "constructor")), fc.oneof(text, fc.integer()), { maxKeys: 3 }),
  fc.constant(Object.create(null) as object),
  fc.constant([{ role: "user", content: "hi" }]),
);
/** Absent half the time. */
const maybe = (arb: fc.Arbitrary<unknown>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Mostly values of the field's usual shape, so both paths are exercised often. */
const usually = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: anyValue, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 2 });
const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,20}$/), fc.integer({ min: 0 }));
const count = fc.oneof(fc.nat(), fc.constantFrom(null, ""));

function withoutUndefined(record: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/**
 * Whatever the fast path accepts, zod accepts with the same result; and the
 * generator makes it accept often enough (300+ of 4000) for that to mean something.
 * Seeded, so the acceptance count is the same on every run.
 */
function expectFastPathAgrees(candidate: fc.Arbitrary<Record<string, unknown>>, fastParse: (row: Record<string, unknown>) => unknown, schema: z.ZodType) {
  let accepted = 0;
  fc.assert(
    fc.property(candidate, (raw) => {
      const row = withoutUndefined(raw);
      const fast = fastParse(row);
      if (fast === undefined) return;
      accepted++;
      const parsed = schema.safeParse(row);
      expect(parsed.success).toBe(true);
      expect(fast).toEqual(parsed.data);
    }),
    { numRuns: 4000, seed: 20261204 },
  );
  expect(accepted).toBeGreaterThan(300);
}

describe("fast row paths agree with the zod row schemas", () => {
  it("items: whatever the fast path accepts, zod accepts with the same result", () => {
    const candidate = fc.record({
      externalId: usually(id),
      input: usually(fc.string({ minLength: 1 })),
      context: maybe(anyValue),
      reference: usually(fc.string()),
      tags: usually(fc.array(fc.stringMatching(/^[a-z][a-z -]{0,8}[a-z]$/), { maxLength: 3 })),
      group: usually(fc.string()),
      metadata: usually(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })),
      extra: maybe(anyValue),
    });
    expectFastPathAgrees(candidate, fastItemRow, itemRowSchema);
  });

  it("outputs: whatever the fast path accepts, zod accepts with the same result", () => {
    const candidate = fc.record({
      externalId: usually(id),
      content: usually(fc.string()),
      turn: usually(fc.nat(5)),
      run: maybe(fc.oneof(fc.string(), anyValue)),
      turns: maybe(anyValue),
      trace: maybe(anyValue),
      latencyMs: usually(count),
      promptTokens: usually(count),
      completionTokens: usually(count),
      costUsd: usually(fc.double({ min: 0, noNaN: true })),
    });
    expectFastPathAgrees(candidate, fastOutputRow, outputRowSchema);
  });

  it("takes the fast path for the common shapes (so the speed-up is real)", () => {
    const item = { externalId: "q-1", input: "What is the refund policy?", reference: "30 days.", tags: ["billing"], metadata: { source: "faq" } };
    expect(fastItemRow(item)).toEqual(itemRowSchema.parse(item));
    const output = { externalId: 7, content: "Within 30 days.", latencyMs: 420, promptTokens: 150, completionTokens: 12, costUsd: 0.0004 };
    expect(fastOutputRow(output)).toEqual(outputRowSchema.parse(output));
    expect(fastOutputRow({ externalId: "q-1", content: "" })).toEqual({ externalId: "q-1", content: "" });
    expect(fastOutputRow({ externalId: "q-1", content: "x", run: "gpt-4", turn: 1 })).toEqual({ externalId: "q-1", content: "x", run: "gpt-4", turn: 1 });
  });

  it("leaves what needs zod to zod", () => {
    expect(fastItemRow({ externalId: " padded ", input: "x" })).toBeUndefined();
    expect(fastItemRow({ externalId: "a", input: [{ role: "user", content: "hi" }] })).toBeUndefined();
    expect(fastItemRow({ externalId: "a", input: "" })).toBeUndefined();
    expect(fastOutputRow({ externalId: "a", content: "x", latencyMs: "12" })).toBeUndefined();
    expect(fastOutputRow({ externalId: "a", content: "x", costUsd: -1 })).toBeUndefined();
  });

  it("stays within the schemas' text limits", () => {
    // The fast paths accept text up to 100,000 characters; the schemas must too.
    const long = "x".repeat(100_000);
    expect(itemRowSchema.safeParse({ externalId: "a", input: long, reference: long, group: long }).success).toBe(true);
    expect(outputRowSchema.safeParse({ externalId: "a", content: long }).success).toBe(true);
    expect(itemRowSchema.safeParse({ externalId: "a".repeat(200), input: "x", tags: Array.from({ length: 100 }, () => "t".repeat(100)) }).success).toBe(true);
    expect(fastItemRow({ externalId: "a", input: long + "x" })).toBeUndefined();
  });
});
