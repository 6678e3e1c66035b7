import { z } from "zod";
import type { ValidationIssue } from "@/lib/errors";
import { rowIssuesFromZod } from "@/lib/imports/row-issues";
import { rowFromInput, trafficRowSchema, type TrafficRow, type TrafficRowInput } from "./schemas";

// OTLP/HTTP JSON traces → traffic rows, following the OpenTelemetry GenAI
// semantic conventions. A span is an LLM call when it carries any `gen_ai.*`
// attribute; other spans (HTTP, database…) are counted and ignored. What is
// read, newest convention first:
//   - model: gen_ai.response.model, else gen_ai.request.model
//   - tokens: gen_ai.usage.input_tokens / output_tokens (older: prompt_tokens / completion_tokens)
//   - conversation and answer, from the first of these a span has:
//       1. attributes gen_ai.input.messages / gen_ai.output.messages (JSON,
//          messages of { role, parts: [{ type: "text", content }] }) and
//          gen_ai.system_instructions;
//       2. span events gen_ai.system.message, gen_ai.user.message,
//          gen_ai.assistant.message, gen_ai.tool.message (attribute `content`
//          or a JSON body in gen_ai.event.content / event.body) and
//          gen_ai.choice (attribute `message`, or the same body);
//       3. attributes gen_ai.prompt.N.role/content and
//          gen_ai.completion.N.role/content (OpenLLMetry and other older
//          instrumentations);
//       4. events gen_ai.content.prompt / gen_ai.content.completion with a
//          JSON list of messages in gen_ai.prompt / gen_ai.completion.
//   - app version: the resource's service.version; segment: touchstone.segment
//     (span, else resource); metadata: service.name, gen_ai.system (or
//     gen_ai.provider.name), gen_ai.operation.name, the span name, and every
//     touchstone.metadata.<key> attribute.
// The row's caller id is "<traceId>:<spanId>" and its timestamp the span's
// start, so an exporter's retry stores nothing twice.

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };

const keyValues = z.array(z.object({ key: z.string(), value: z.unknown().optional() }).loose()).optional();
// Times are decimal strings in OTLP JSON; some encoders send numbers or { low, high } halves.
const nanos = z.union([z.string(), z.number(), z.object({ low: z.number(), high: z.number() }).loose()]).optional();

const spanSchema = z
  .object({
    traceId: z.string().optional(),
    spanId: z.string().optional(),
    name: z.string().optional(),
    startTimeUnixNano: nanos,
    endTimeUnixNano: nanos,
    attributes: keyValues,
    events: z.array(z.object({ name: z.string().optional(), timeUnixNano: nanos, attributes: keyValues }).loose()).optional(),
  })
  .loose();

export const otlpTracesSchema = z
  .object({
    resourceSpans: z
      .array(
        z
          .object({
            resource: z.object({ attributes: keyValues }).loose().optional(),
            scopeSpans: z.array(z.object({ spans: z.array(spanSchema).optional() }).loose()).optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();
type OtlpSpan = z.output<typeof spanSchema>;

function value(any: AnyValue | undefined): unknown {
  if (!any || typeof any !== "object") return undefined;
  if (any.stringValue !== undefined) return any.stringValue;
  if (any.boolValue !== undefined) return any.boolValue;
  if (any.intValue !== undefined) return Number(any.intValue);
  if (any.doubleValue !== undefined) return any.doubleValue;
  if (any.arrayValue) return (any.arrayValue.values ?? []).map(value);
  if (any.kvlistValue) return attributes(any.kvlistValue.values);
  return undefined;
}

function attributes(list: unknown[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of (list ?? []) as KeyValue[]) out[entry.key] = value(entry.value);
  return out;
}

function nanosToBigInt(time: z.output<typeof nanos>): bigint | null {
  if (time === undefined) return null;
  if (typeof time === "object") return (BigInt(time.high >>> 0) << 32n) + BigInt(time.low >>> 0);
  try {
    return BigInt(time);
  } catch {
    return null;
  }
}

/** Ids are hex in OTLP JSON; some encoders send protobuf's base64. */
function hexId(id: string | undefined): string {
  if (!id) return "";
  if (/^[0-9a-f]+$/i.test(id)) return id.toLowerCase();
  return Buffer.from(id, "base64").toString("hex");
}

function parseMaybeJson(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const trimmed = raw.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return raw;
  try {
    return JSON.parse(trimmed);
  } catch {
    return raw;
  }
}

/** Text of a message's content: a string, OpenAI parts ({ type, text }) or GenAI parts ({ type, content }). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map(textOf).filter(Boolean).join("\n");
  if (content && typeof content === "object") {
    const part = content as Record<string, unknown>;
    if (typeof part.text === "string") return part.text;
    if (part.content !== undefined) return textOf(part.content);
    if (part.parts !== undefined) return textOf(part.parts);
    if (part.message !== undefined) return textOf(part.message);
    if (typeof part.type === "string" && part.type !== "text") return `[${part.type}]`;
  }
  return "";
}

type Message = { role: string; content: string };

const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);
const role = (raw: unknown, fallback: string) => (typeof raw === "string" && ROLES.has(raw) ? raw : fallback);

function messagesFromJson(raw: unknown, fallbackRole: string): Message[] {
  const parsed = parseMaybeJson(raw);
  const list = Array.isArray(parsed) ? parsed : parsed === undefined ? [] : [parsed];
  return list.map((message) => {
    const m = (message && typeof message === "object" ? message : { content: message }) as Record<string, unknown>;
    return { role: role(m.role, fallbackRole), content: textOf(m.parts ?? m.content ?? m.message ?? m) };
  });
}

function fromIndexedAttributes(attrs: Record<string, unknown>, prefix: string, fallbackRole: string): Message[] {
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const [key, raw] of Object.entries(attrs)) {
    const match = new RegExp(`^${prefix}\\.(\\d+)\\.(\\w+)$`).exec(key);
    if (!match) continue;
    const entry = byIndex.get(Number(match[1])) ?? {};
    entry[match[2]!] = raw;
    byIndex.set(Number(match[1]), entry);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, m]) => ({ role: role(m.role, fallbackRole), content: textOf(parseMaybeJson(m.content)) }));
}

const EVENT_ROLES: Record<string, string> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};

function eventBody(attrs: Record<string, unknown>): unknown {
  return attrs.content ?? parseMaybeJson(attrs["gen_ai.event.content"] ?? attrs["event.body"] ?? attrs.body);
}

function conversation(span: OtlpSpan, attrs: Record<string, unknown>): { messages: Message[]; answer: string | undefined } {
  if (attrs["gen_ai.input.messages"] !== undefined || attrs["gen_ai.output.messages"] !== undefined) {
    const system = attrs["gen_ai.system_instructions"];
    const messages = [...(system === undefined ? [] : [{ role: "system", content: textOf(parseMaybeJson(system)) }]), ...messagesFromJson(attrs["gen_ai.input.messages"], "user")];
    return { messages, answer: messagesFromJson(attrs["gen_ai.output.messages"], "assistant")[0]?.content };
  }
  const events = (span.events ?? []).map((event) => ({ name: event.name ?? "", attrs: attributes(event.attributes) }));
  const messageEvents = events.filter((event) => EVENT_ROLES[event.name]);
  const choice = events.find((event) => event.name === "gen_ai.choice");
  if (messageEvents.length || choice) {
    const messages = messageEvents.map((event) => ({ role: EVENT_ROLES[event.name]!, content: textOf(eventBody(event.attrs)) }));
    const body = choice ? (choice.attrs.message !== undefined ? parseMaybeJson(choice.attrs.message) : eventBody(choice.attrs)) : undefined;
    return { messages, answer: body === undefined ? undefined : textOf(body) };
  }
  const prompts = fromIndexedAttributes(attrs, "gen_ai\\.prompt", "user");
  const completions = fromIndexedAttributes(attrs, "gen_ai\\.completion", "assistant");
  if (prompts.length || completions.length) return { messages: prompts, answer: completions[0]?.content };
  const prompt = events.find((event) => event.name === "gen_ai.content.prompt");
  const completion = events.find((event) => event.name === "gen_ai.content.completion");
  return {
    messages: prompt ? messagesFromJson(prompt.attrs["gen_ai.prompt"], "user") : [],
    answer: completion ? messagesFromJson(completion.attrs["gen_ai.completion"], "assistant")[0]?.content : undefined,
  };
}

const num = (raw: unknown) => (typeof raw === "number" && Number.isFinite(raw) ? raw : undefined);
const str = (raw: unknown) => (typeof raw === "string" && raw !== "" ? raw : undefined);

function rowInput(span: OtlpSpan, resource: Record<string, unknown>): TrafficRowInput {
  const attrs = attributes(span.attributes);
  const start = nanosToBigInt(span.startTimeUnixNano);
  const end = nanosToBigInt(span.endTimeUnixNano);
  const { messages, answer } = conversation(span, attrs);
  const metadata: Record<string, string | number | boolean | null> = {};
  const put = (key: string, raw: unknown) => {
    if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") metadata[key] = raw;
  };
  put("service", resource["service.name"]);
  put("system", attrs["gen_ai.provider.name"] ?? attrs["gen_ai.system"]);
  put("operation", attrs["gen_ai.operation.name"]);
  put("span", span.name);
  for (const [key, raw] of Object.entries(attrs)) if (key.startsWith("touchstone.metadata.")) put(key.slice("touchstone.metadata.".length), raw);
  return {
    id: span.traceId && span.spanId ? `${hexId(span.traceId)}:${hexId(span.spanId)}` : "",
    timestamp: start === null ? "" : new Date(Number(start / 1_000_000n)).toISOString(),
    messages: messages as TrafficRowInput["messages"],
    answer,
    model: str(attrs["gen_ai.response.model"]) ?? str(attrs["gen_ai.request.model"]),
    appVersion: str(resource["service.version"]),
    segment: str(attrs["touchstone.segment"]) ?? str(resource["touchstone.segment"]),
    latencyMs: start !== null && end !== null && end >= start ? Number(end - start) / 1e6 : undefined,
    inputTokens: num(attrs["gen_ai.usage.input_tokens"]) ?? num(attrs["gen_ai.usage.prompt_tokens"]),
    outputTokens: num(attrs["gen_ai.usage.output_tokens"]) ?? num(attrs["gen_ai.usage.completion_tokens"]),
    costUsd: num(attrs["gen_ai.usage.cost"]),
    metadata,
  };
}

const isGenAi = (span: OtlpSpan) => (span.attributes ?? []).some((entry) => entry.key.startsWith("gen_ai."));

/**
 * The GenAI spans of an OTLP JSON request as traffic rows, with problems
 * named by span ("span 3 (chat gpt-4o)") in `issues`; `ignoredSpans` counts the others.
 */
export function trafficFromOtlp(body: z.output<typeof otlpTracesSchema>): { rows: TrafficRow[]; issues: ValidationIssue[]; ignoredSpans: number } {
  const rows: TrafficRow[] = [];
  const issues: ValidationIssue[] = [];
  let ignoredSpans = 0;
  let position = 0;
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = attributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        position++;
        if (!isGenAi(span)) {
          ignoredSpans++;
          continue;
        }
        const parsed = trafficRowSchema.safeParse(rowInput(span, resource));
        if (!parsed.success) {
          const where = `span ${position}${span.name ? ` (${span.name})` : ""}`;
          issues.push(...rowIssuesFromZod(position, parsed.error).map((issue) => ({ ...issue, message: `${where}: ${issue.message}` })));
          continue;
        }
        rows.push({ ...rowFromInput(parsed.data), traceId: hexId(span.traceId) || null });
      }
    }
  }
  return { rows, issues, ignoredSpans };
}
