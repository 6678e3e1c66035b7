import type { ValidationIssue } from "@/lib/errors";
import { jsonText } from "@/lib/imports/pg";
import { rowIssuesFromZod } from "@/lib/imports/row-issues";
import { MAX_INT4 } from "@/lib/imports/schemas";
import { MAX_TEXT, MAX_TRAFFIC_BATCH, rowFromInput, trafficBatchSchema, trafficRowSchema, type TrafficRow } from "./schemas";
import { copyJson, copyNumber, copyText, jsonStringLiteral } from "./store";

// The fast path for the REST row shape nearly all traffic has: plain-text
// messages, answer and context documents, labels, numbers and a flat
// metadata object, no tool calls. Measured on the bench's rows, zod's parse,
// rowFromInput, maskRow's copies and JSON.stringify cost more than half of
// the app server's CPU per batch and most of its garbage. Here a row is
// checked by reading its fields (no copy), then encoded as its COPY line
// straight from the parsed body.
//
// Deliberately narrow: anything it is not sure of (tool calls, content
// parts, a wrong type, a text near a limit) returns undefined and the row
// goes through trafficRowSchema, which stays the source of truth and the
// only producer of error messages. fast-rows.test.ts checks that whenever
// this path accepts a row, zod accepts it too and the stored line is the same.

export type Masker = ((text: string) => string) | null;

/** A REST row this path vouched for, kept as parsed: encoded straight from the body, with no TrafficRow in between. */
export type FastTrafficRow = { occurredAt: Date; body: Record<string, unknown> };

const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);
const MAX_LABEL = 200;
const MAX_TITLE = 1000;
const MAX_METADATA_TEXT = 10_000;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;
const optionalText = (value: unknown, max: number) => value === undefined || isText(value, max);
const optionalAmount = (value: unknown) => value === undefined || (typeof value === "number" && Number.isFinite(value) && value >= 0);
const optionalCount = (value: unknown) => value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_INT4);

function callerIdOf(value: unknown): string | undefined {
  const id = typeof value === "string" ? value.trim() : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  return id !== undefined && id.length >= 1 && id.length <= MAX_LABEL ? id : undefined;
}

function plainMessages(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > 1000) return false;
  for (const message of value) {
    if (!isObject(message) || typeof message.role !== "string" || !ROLES.has(message.role)) return false;
    if (message.tool_calls !== undefined || !optionalText(message.name, MAX_LABEL) || !optionalText(message.tool_call_id, MAX_LABEL)) return false;
    if (message.content !== null && !optionalText(message.content, MAX_TEXT)) return false;
  }
  return true;
}

function plainContext(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > 1000) return false;
  for (const doc of value) {
    if (typeof doc === "string") {
      if (doc.length > MAX_TEXT) return false;
    } else if (!isObject(doc) || !isText(doc.content, MAX_TEXT) || !optionalText(doc.id, MAX_LABEL) || !optionalText(doc.title, MAX_TITLE)) return false;
  }
  return true;
}

function plainMetadata(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // zod copies records key by key; an own "__proto__" key would not survive that copy.
  if (Object.prototype.hasOwnProperty.call(value, "__proto__")) return false;
  for (const key in value) {
    if (key.length > MAX_LABEL) return false;
    const item = value[key];
    if (item !== null && typeof item !== "number" && typeof item !== "boolean" && !isText(item, MAX_METADATA_TEXT)) return false;
  }
  return true;
}

/**
 * The row's timestamp in milliseconds when it has the common shape and
 * trafficRowSchema would accept it, or undefined when zod must decide.
 */
export function fastTrafficTime(row: unknown): number | undefined {
  if (!isObject(row) || callerIdOf(row.id) === undefined || typeof row.timestamp !== "string") return undefined;
  const time = Date.parse(row.timestamp);
  if (!Number.isFinite(time)) return undefined;
  if (row.toolCalls !== undefined || !plainMessages(row.messages) || !plainContext(row.context)) return undefined;
  if (row.answer !== undefined && row.answer !== null && !isText(row.answer, MAX_TEXT)) return undefined;
  if (!optionalText(row.model, MAX_LABEL) || !optionalText(row.appVersion, MAX_LABEL) || !optionalText(row.segment, MAX_LABEL)) return undefined;
  if (!optionalAmount(row.latencyMs) || !optionalAmount(row.costUsd) || !optionalCount(row.inputTokens) || !optionalCount(row.outputTokens)) return undefined;
  return plainMetadata(row.metadata) ? time : undefined;
}

/**
 * A parsed `{ rows: [...] }` body's rows, each by the fast path or else by
 * trafficRowSchema, with zod's problems for every bad row (by row and field).
 * A body that is not `{ rows }` with 1 to MAX_TRAFFIC_BATCH rows is refused by
 * trafficBatchSchema (throws its ZodError).
 */
export function checkTrafficRows(body: unknown): { rows: (TrafficRow | FastTrafficRow)[]; issues: ValidationIssue[] } {
  let raws = isObject(body) ? body.rows : undefined;
  if (!Array.isArray(raws) || raws.length < 1 || raws.length > MAX_TRAFFIC_BATCH) raws = trafficBatchSchema.parse(body).rows;
  const rows: (TrafficRow | FastTrafficRow)[] = [];
  const issues: ValidationIssue[] = [];
  for (let index = 0; index < (raws as unknown[]).length; index++) {
    const raw = (raws as unknown[])[index];
    const time = fastTrafficTime(raw);
    if (time !== undefined) {
      rows.push({ occurredAt: new Date(time), body: raw as Fields });
      continue;
    }
    const parsed = trafficRowSchema.safeParse(raw);
    if (parsed.success) rows.push(rowFromInput(parsed.data));
    else issues.push(...rowIssuesFromZod(index + 1, parsed.error));
  }
  return { rows, issues };
}

const masked = (text: string, mask: Masker) => (mask ? mask(text) : text);

function messagesJson(messages: unknown, mask: Masker): string {
  if (messages === undefined) return "[]";
  let json = "";
  for (const message of messages as Fields[]) {
    const role = message.role === "developer" ? "system" : (message.role as string);
    json += `${json ? "," : "["}{"role":${jsonText(role)},"content":${jsonStringLiteral(masked((message.content as string | null | undefined) ?? "", mask))}}`;
  }
  return json ? `${json}]` : "[]";
}

function contextJson(context: unknown, mask: Masker): string {
  let json = "";
  for (const doc of context as (string | Fields)[]) {
    let fields: string;
    if (typeof doc === "string") fields = `"content":${jsonStringLiteral(masked(doc, mask))}`;
    else {
      // zod's key order (id, title, content): the first unstorable text named is the same one.
      fields = doc.id === undefined ? "" : `"id":${jsonStringLiteral(doc.id as string)},`;
      if (doc.title !== undefined) fields += `"title":${jsonStringLiteral(masked(doc.title as string, mask))},`;
      fields += `"content":${jsonStringLiteral(masked(doc.content as string, mask))}`;
    }
    json += `${json ? "," : "["}{${fields}}`;
  }
  return json ? `${json}]` : "[]";
}

function metadataJson(metadata: unknown, mask: Masker): string {
  if (metadata === undefined) return "{}";
  let json = "";
  for (const key in metadata as Fields) {
    const value = (metadata as Fields)[key];
    const encoded = typeof value === "string" ? jsonStringLiteral(masked(value, mask)) : String(value);
    json += `${json ? "," : "{"}${jsonStringLiteral(key)}:${encoded}`;
  }
  return json ? `${json}}` : "{}";
}

const nullable = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * The COPY line (store.ts's column order) of a row fastTrafficTime accepted,
 * masked as maskRow masks: message, answer, context and metadata texts; ids,
 * model, app version and segment are kept as sent. Throws UnstorableText.
 */
export function fastTrafficLine(row: Fields, occurredAt: Date, id: string, mask: Masker): string {
  const metadata = row.metadata as Fields | undefined;
  const segment = row.segment ?? (typeof metadata?.segment === "string" ? metadata.segment : null);
  const answer = row.answer === undefined ? null : masked((row.answer as string | null) ?? "", mask);
  return `${occurredAt.toISOString()}\t${id}\t${copyText(callerIdOf(row.id)!)}\t\\N\t${copyJson(messagesJson(row.messages, mask))}\t${copyText(answer)}\t${
    row.context === undefined ? "\\N" : copyJson(contextJson(row.context, mask))
  }\t\\N\t${copyText(nullable(row.model as string | undefined))}\t${copyText(nullable(row.appVersion as string | undefined))}\t${copyText(segment as string | null)}\t${copyNumber(
    nullable(row.latencyMs as number | undefined),
  )}\t${copyNumber(nullable(row.inputTokens as number | undefined))}\t${copyNumber(nullable(row.outputTokens as number | undefined))}\t${copyNumber(
    nullable(row.costUsd as number | undefined),
  )}\t${copyJson(metadataJson(metadata, mask))}\n`;
}
