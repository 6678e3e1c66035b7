import { SafeError } from "@/lib/errors";
import { unsafeRegexReason } from "./regex-safety";
import type { MaskingRule, TrafficRow } from "./schemas";

// Per-project masking: every rule (regex → replacement) runs over every text
// a traffic row carries — messages, answer, context, tool calls' inputs and
// outputs, metadata values — before the row is stored, so what is masked
// never reaches the database. Ids, model, app version and segment are labels
// the app chooses, not user content, and are kept as sent.

export type CompiledRule = { regex: RegExp; replacement: string };

/** Checks every rule (see regex-safety.ts); the first bad one is refused naming its number. */
export function checkMaskingRules(rules: MaskingRule[]): void {
  const issues = rules.flatMap((rule, index) => {
    const reason = unsafeRegexReason(rule.pattern, rule.flags);
    return reason ? [{ field: `maskingRules.${index}.pattern`, message: `Rule ${index + 1} (${rule.pattern}) is refused: ${reason}.` }] : [];
  });
  if (issues.length) throw new SafeError("VALIDATION", issues[0]!.message, issues);
}

/** Rules as stored were checked when saved; compiled once per batch. */
export function compileMaskingRules(rules: MaskingRule[]): CompiledRule[] {
  return rules.map((rule) => ({ regex: new RegExp(rule.pattern, rule.flags + "g"), replacement: rule.replacement }));
}

export function maskText(text: string, rules: CompiledRule[]): string {
  let masked = text;
  for (const rule of rules) {
    rule.regex.lastIndex = 0;
    masked = masked.replace(rule.regex, rule.replacement);
  }
  return masked;
}

/** Every string inside a JSON value, masked (tool-call arguments and results are free JSON). */
function maskJson(value: unknown, rules: CompiledRule[]): unknown {
  if (typeof value === "string") return maskText(value, rules);
  if (Array.isArray(value)) return value.map((item) => maskJson(item, rules));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskJson(item, rules)]));
  return value;
}

/**
 * Masks a text with every rule, or null when there is no rule (a project
 * without rules stores its rows as sent). `memo`: texts already masked in
 * this batch. Production traffic repeats its long texts (the system prompt, retrieved documents) in nearly every row, so
 * each distinct text is scanned once per batch instead of once per row.
 */
export function textMasker(rules: CompiledRule[], memo = new Map<string, string>()): ((text: string) => string) | null {
  if (rules.length === 0) return null;
  return (value: string) => {
    let masked = memo.get(value);
    if (masked === undefined) memo.set(value, (masked = maskText(value, rules)));
    return masked;
  };
}

/** `memo`: see textMasker. */
export function maskRow(row: TrafficRow, rules: CompiledRule[], memo = new Map<string, string>()): TrafficRow {
  const text = textMasker(rules, memo);
  if (!text) return row;
  return {
    ...row,
    messages: row.messages.map((message) => ({ ...message, content: text(message.content) })),
    answer: row.answer === null ? null : text(row.answer),
    context: row.context?.map((doc) => ({ ...doc, content: text(doc.content), ...(doc.title === undefined ? {} : { title: text(doc.title) }) })) ?? null,
    toolCalls: row.toolCalls?.map((call) => ({ ...call, input: maskJson(call.input, rules), output: maskJson(call.output, rules) })) ?? null,
    metadata: Object.fromEntries(Object.entries(row.metadata).map(([key, value]) => [key, typeof value === "string" ? text(value) : value])),
  };
}
