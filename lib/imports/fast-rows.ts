import { MAX_INT4, type ItemRow, type OutputRow } from "./schemas";

// Fast paths for the row shape nearly every item and output file has: plain
// strings, integers, a list of tags, a flat metadata object. A zod safeParse
// costs ≈20 µs per row (a third of an import's Node time at 100,000 rows);
// these checks cost well under 1 µs. They are deliberately narrow: any value
// they are not sure about (numeric text from a CSV, chat turns, context
// documents, traces, text with surrounding spaces, very long text) returns
// `undefined` and the row goes through the zod schema, which stays the source
// of truth and the only producer of error messages. fast-rows.test.ts checks
// with random rows that whenever a fast path accepts a row, zod accepts it
// too and returns the same value.

/** Below the schemas' text limit (200,000), so anything accepted here is accepted there. */
const FAST_MAX_TEXT = 100_000;
const MAX_ID = 200;
const MAX_TAG = 100;
const MAX_TAGS = 100;

/** Printable ASCII other than space: the ends of a string that trim() would not touch. */
function solidEnd(code: number) {
  return code > 0x20 && code < 0x7f;
}

function trimmedText(value: string, max: number) {
  return value.length >= 1 && value.length <= max && solidEnd(value.charCodeAt(0)) && solidEnd(value.charCodeAt(value.length - 1));
}

const NOT_FAST = Symbol("not fast");

function externalId(value: unknown): string | typeof NOT_FAST {
  if (typeof value === "string") return trimmedText(value, MAX_ID) ? value : NOT_FAST;
  if (typeof value === "number" && Number.isFinite(value)) {
    const text = String(value);
    return text.length <= MAX_ID ? text : NOT_FAST;
  }
  return NOT_FAST;
}

/** The schemas' optionalText: absent, null and "" are absent. */
function optionalText(value: unknown): string | undefined | typeof NOT_FAST {
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" && value.length <= FAST_MAX_TEXT ? value : NOT_FAST;
}

/** optionalInt: a whole number ≥ 0, or absent (null and "" too). */
function optionalCount(value: unknown): number | undefined | typeof NOT_FAST {
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_INT4 ? value : NOT_FAST;
}

function tags(value: unknown): string[] | typeof NOT_FAST {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_TAGS) return NOT_FAST;
  for (const tag of value) if (typeof tag !== "string" || !trimmedText(tag, MAX_TAG)) return NOT_FAST;
  return value as string[];
}

function metadata(value: unknown): Record<string, unknown> | typeof NOT_FAST {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return NOT_FAST;
  // zod copies records key by key; an own "__proto__" key would not survive that copy.
  if (Object.prototype.hasOwnProperty.call(value, "__proto__")) return NOT_FAST;
  return value as Record<string, unknown>;
}

/** itemRowSchema's result for a common-shape row, or undefined when zod must decide. */
export function fastItemRow(candidate: Record<string, unknown>): ItemRow | undefined {
  const id = externalId(candidate.externalId);
  if (id === NOT_FAST) return undefined;
  const input = candidate.input;
  if (typeof input !== "string" || input.length < 1 || input.length > FAST_MAX_TEXT) return undefined;
  if (candidate.context !== undefined) return undefined;
  const reference = optionalText(candidate.reference);
  if (reference === NOT_FAST) return undefined;
  const group = optionalText(candidate.group);
  if (group === NOT_FAST) return undefined;
  const rowTags = tags(candidate.tags);
  if (rowTags === NOT_FAST) return undefined;
  const rowMetadata = metadata(candidate.metadata);
  if (rowMetadata === NOT_FAST) return undefined;
  const row: ItemRow = { externalId: id, input, tags: rowTags, metadata: rowMetadata };
  if (reference !== undefined) row.reference = reference;
  if (group !== undefined) row.group = group;
  return row;
}

/** outputRowSchema's result for a common-shape row, or undefined when zod must decide. */
export function fastOutputRow(candidate: Record<string, unknown>): OutputRow | undefined {
  const id = externalId(candidate.externalId);
  if (id === NOT_FAST) return undefined;
  const content = candidate.content;
  if (typeof content !== "string" || content.length > FAST_MAX_TEXT) return undefined;
  if (candidate.turns !== undefined || candidate.trace !== undefined) return undefined;
  let turn = candidate.turn;
  if (turn === undefined || turn === null || turn === "") turn = undefined;
  else if (!(typeof turn === "number" && Number.isSafeInteger(turn) && turn >= 0 && turn <= MAX_INT4)) return undefined;
  const run = optionalText(candidate.run);
  if (run === NOT_FAST) return undefined;
  const latencyMs = optionalCount(candidate.latencyMs);
  const promptTokens = optionalCount(candidate.promptTokens);
  const completionTokens = optionalCount(candidate.completionTokens);
  if (latencyMs === NOT_FAST || promptTokens === NOT_FAST || completionTokens === NOT_FAST) return undefined;
  let costUsd = candidate.costUsd;
  if (costUsd === undefined || costUsd === null || costUsd === "") costUsd = undefined;
  else if (!(typeof costUsd === "number" && Number.isFinite(costUsd) && costUsd >= 0)) return undefined;
  const row: OutputRow = { externalId: id, content };
  if (turn !== undefined) row.turn = turn as number;
  if (run !== undefined) row.run = run;
  if (latencyMs !== undefined) row.latencyMs = latencyMs;
  if (promptTokens !== undefined) row.promptTokens = promptTokens;
  if (completionTokens !== undefined) row.completionTokens = completionTokens;
  if (costUsd !== undefined) row.costUsd = costUsd as number;
  return row;
}
