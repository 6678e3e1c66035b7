import { z } from "zod";
import type { ParsedJudgeAnswer } from "@/lib/judge-runner/contracts";
import type { AnswerSchema } from "@/lib/llm/types";
import { criterionKind, type CategoricalConfig, type CriterionKindName, type LikertConfig, type ScoreConfig } from "@/lib/rubrics/kinds";
import type { JudgedCriterion, JudgeModeName, ShownOrderName } from "./criterion";

// What a judge must answer and how its text is read back. The answer is JSON
// with the reasoning first (so the model reasons before it commits) and one
// answer field typed by the criterion kind. Models do not always follow the
// format, so reading is strict JSON first, then a tolerant pass over JSON in
// code fences or prose, "Score: 4" lines and MT-Bench's "[[A]]" verdicts.
// Model output is untrusted text: it is only ever matched against the
// criterion's declared values, never evaluated.

/** Pairwise verdicts in terms of the positions shown in the prompt. */
export const SHOWN_VERDICTS = ["first", "second", "tie", "both_bad"] as const;
type ShownVerdict = (typeof SHOWN_VERDICTS)[number];

/** One answer shape per kind: the field the model fills in, its zod type, and how a loose value is read. */
type AnswerKind = {
  field: "score" | "verdict" | "category";
  /** What the field means, in the words the prompt uses. */
  describe: string;
  schema: z.ZodType;
  /** The value read from a JSON field or a "Field: value" line, or why it is not acceptable. */
  read: (raw: unknown) => Read;
};
type Read = { value: number } | { category: string } | { shown: ShownVerdict } | { error: string };

const REASONING = z.string().describe("Step-by-step reasoning about the criterion, written before the answer.");

// A worker reads thousands of answers to one criterion: its answer kind (a
// zod schema and the criterion's config checked by zod) is built once per
// criterion object and mode, not once per answer.
const answerKinds = new WeakMap<JudgedCriterion, Partial<Record<JudgeModeName, AnswerKind>>>();

function answerKind(criterion: JudgedCriterion, mode: JudgeModeName): AnswerKind {
  let byMode = answerKinds.get(criterion);
  if (!byMode) answerKinds.set(criterion, (byMode = {}));
  return (byMode[mode] ??= buildAnswerKind(criterion, mode));
}

function buildAnswerKind(criterion: JudgedCriterion, mode: JudgeModeName): AnswerKind {
  const kind = criterion.kind;
  if (mode === "PAIRWISE") {
    if (kind !== "PREFERENCE") throw new Error(`A pairwise judge scores a preference criterion, not ${kind} (${criterion.key}).`);
    return {
      field: "verdict",
      describe: `"first" if the output shown first (Output A) is better, "second" if the one shown second (Output B) is, "tie" if they are equally good, "both_bad" if neither is acceptable`,
      schema: z.enum(SHOWN_VERDICTS),
      read: readShownVerdict,
    };
  }
  const config = criterionKind(kind, criterion.config).config;
  const reader = POINTWISE_ANSWERS[kind];
  if (!reader) throw new Error(`${kind} criteria cannot be scored by a pointwise judge (${criterion.key}).`);
  return reader(config);
}

const POINTWISE_ANSWERS: Partial<Record<CriterionKindName, (config: Record<string, unknown>) => AnswerKind>> = {
  LIKERT(config) {
    const { min, max } = config as LikertConfig;
    return {
      field: "score",
      describe: `a whole number from ${min} to ${max}`,
      schema: z.int().min(min).max(max),
      read(raw) {
        const n = numberIn(raw);
        if (n === null) return { error: `no score from ${min} to ${max}` };
        if (!Number.isInteger(n) || n < min || n > max) return { error: `score ${n} is not a whole number from ${min} to ${max}` };
        return { value: n };
      },
    };
  },
  SCORE(config) {
    const { min, max } = config as ScoreConfig;
    return {
      field: "score",
      describe: `a number from ${min} to ${max}`,
      schema: z.number().min(min).max(max),
      read(raw) {
        const n = numberIn(raw);
        if (n === null) return { error: `no score from ${min} to ${max}` };
        return n < min || n > max ? { error: `score ${n} is outside ${min}–${max}` } : { value: n };
      },
    };
  },
  BINARY: () => ({
    field: "verdict",
    describe: `"pass" or "fail"`,
    // Worst first: the demo model reads an enum as a scale from worst to best.
    schema: z.enum(["fail", "pass"]),
    read(raw) {
      if (raw === true || raw === 1) return { value: 1 };
      if (raw === false || raw === 0) return { value: 0 };
      const word = typeof raw === "string" ? normalise(raw) : "";
      if (PASS_WORDS.has(word)) return { value: 1 };
      if (FAIL_WORDS.has(word)) return { value: 0 };
      return { error: `no pass/fail verdict${word ? ` ("${clip(word)}")` : ""}` };
    },
  }),
  CATEGORICAL: (config) => categoryAnswer((config as CategoricalConfig).options),
  // Worst first, as for pass/fail; the stored category is the same whatever the order.
  FACTUALITY: () => categoryAnswer(["incorrect", "not_attempted", "correct"]),
};

const PASS_WORDS = new Set(["pass", "passed", "passes", "yes", "true", "1", "acceptable", "ok"]);
const FAIL_WORDS = new Set(["fail", "failed", "fails", "no", "false", "0", "unacceptable"]);

function categoryAnswer(options: readonly string[]): AnswerKind {
  return {
    field: "category",
    describe: `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`,
    schema: z.enum(options as [string, ...string[]]),
    read(raw) {
      const word = typeof raw === "string" ? normalise(raw) : "";
      const match = options.find((option) => normalise(option) === word);
      return match ? { category: match } : { error: `no category among ${options.join(", ")}${word ? ` ("${clip(word)}")` : ""}` };
    },
  };
}

const SHOWN_WORDS: Record<string, ShownVerdict> = {
  first: "first", a: "first", "1": "first", "response a": "first", "response 1": "first", "output a": "first", "output 1": "first", "assistant a": "first", "first response": "first",
  second: "second", b: "second", "2": "second", "response b": "second", "response 2": "second", "output b": "second", "output 2": "second", "assistant b": "second", "second response": "second",
  // MT-Bench writes a tie as [[C]].
  tie: "tie", c: "tie", equal: "tie", draw: "tie", same: "tie",
  "both bad": "both_bad", neither: "both_bad", none: "both_bad", "both are bad": "both_bad",
};

function readShownVerdict(raw: unknown): Read {
  const word = typeof raw === "string" || typeof raw === "number" ? normalise(String(raw)) : "";
  const shown = SHOWN_WORDS[word] ?? SHOWN_WORDS[word.replace(/ is (?:better|the better one)$/, "")];
  return shown ? { shown } : { error: `no verdict (first, second, tie or both_bad)${word ? ` ("${clip(word)}")` : ""}` };
}

/** Lower case, without surrounding quotes, brackets, bold markers or final punctuation; _ - and spaces as one space. */
function normalise(text: string) {
  return text
    .trim()
    .replace(/^[\s"'`*[\](){}]+|[\s"'`*[\](){}.!,;:]+$/g, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A number from a JSON number or from text such as "4", "4/5", "**4** out of 5", "[[8.5]]". */
function numberIn(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== "string") return null;
  const match = /^[\s"'`*[(]*(-?\d+(?:\.\d+)?)/.exec(raw);
  return match ? Number(match[1]) : null;
}

function answerObjectSchema(kind: AnswerKind) {
  return z.object({ reasoning: REASONING, [kind.field]: kind.schema.describe(`The answer: ${kind.describe}.`) }).strict();
}

/** The JSON schema a judge's answer must follow: reasoning first, then the answer field typed by the criterion kind. */
export function answerSchemaFor(criterion: JudgedCriterion, mode: JudgeModeName): AnswerSchema {
  const kind = answerKind(criterion, mode);
  const { $schema: _ignored, ...schema } = z.toJSONSchema(answerObjectSchema(kind)) as Record<string, unknown>;
  // OpenAI's json_schema names allow letters, digits, _ and - only.
  return { name: `judge_${criterion.key}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64), schema };
}

/** The answer format in words, for prompts (the default templates' {{answer_format}}). */
export function describeAnswerFormat(criterion: JudgedCriterion, mode: JudgeModeName): string {
  const kind = answerKind(criterion, mode);
  return `Answer with a single JSON object and nothing else: {"reasoning": "<your reasoning>", "${kind.field}": <${kind.describe}>}. Write the reasoning first.`;
}

// Aliases models use for the two fields, in order of trust.
const FIELD_ALIASES: Record<AnswerKind["field"], string[]> = {
  score: ["score", "rating", "grade", "value", "final_score", "overall_score", "answer", "result"],
  verdict: ["verdict", "winner", "preference", "choice", "better", "decision", "pass", "result", "answer", "label", "final_verdict"],
  category: ["category", "label", "verdict", "classification", "class", "answer", "result", "grade"],
};
const REASONING_ALIASES = ["reasoning", "reason", "rationale", "explanation", "justification", "analysis", "thoughts", "thinking", "feedback"];

/** Reads a judge's answer: value / category / verdict in canonical A/B, with the reasoning, or why it cannot be read. */
export function parseJudgeAnswer(criterion: JudgedCriterion, mode: JudgeModeName, shownOrder: ShownOrderName, text: string): ParsedJudgeAnswer {
  const kind = answerKind(criterion, mode);
  const fail = (error: string): ParsedJudgeAnswer => ({ ok: false, error, raw: text });
  if (text.trim() === "") return fail("The judge's answer is empty.");

  let firstProblem: string | null = null;
  for (const candidate of jsonCandidates(text)) {
    const found = fieldOf(candidate, FIELD_ALIASES[kind.field]);
    if (found === undefined) continue;
    const read = kind.read(found);
    if ("error" in read) {
      firstProblem ??= read.error;
      continue;
    }
    const reasoning = fieldOf(candidate, REASONING_ALIASES);
    return finish(read, typeof reasoning === "string" ? reasoning.trim() : text.trim(), shownOrder);
  }
  const fromLines = readLines(text, kind);
  if (fromLines && !("error" in fromLines)) return finish(fromLines, text.trim(), shownOrder);
  const problem = firstProblem ?? (fromLines && "error" in fromLines ? fromLines.error : null);
  return fail(`Could not read the judge's answer: ${problem ?? `no "${kind.field}" (${kind.describe})`}.`);
}

function finish(read: Exclude<Read, { error: string }>, reasoning: string, shownOrder: ShownOrderName): ParsedJudgeAnswer {
  if ("value" in read) return { ok: true, value: read.value, reasoning };
  if ("category" in read) return { ok: true, category: read.category, reasoning };
  return { ok: true, verdict: canonicalVerdict(read.shown, shownOrder), reasoning };
}

/** first/second (positions shown) → A/B (the pair's canonical outputs). */
export function canonicalVerdict(shown: ShownVerdict, shownOrder: ShownOrderName): "A" | "B" | "TIE" | "BOTH_BAD" {
  if (shown === "tie") return "TIE";
  if (shown === "both_bad") return "BOTH_BAD";
  const firstIsA = shownOrder === "AB";
  return (shown === "first") === firstIsA ? "A" : "B";
}

function fieldOf(candidate: Record<string, unknown>, aliases: string[]): unknown {
  const byLowerKey = new Map(Object.entries(candidate).map(([key, value]) => [key.trim().toLowerCase().replace(/[\s-]+/g, "_"), value]));
  for (const alias of aliases) if (byLowerKey.has(alias)) return byLowerKey.get(alias);
  return undefined;
}

/** JSON objects in the text: the whole text, then each fenced block, then each balanced {...} in prose. */
function* jsonCandidates(text: string): Generator<Record<string, unknown>> {
  const tried = new Set<string>();
  const attempt = (source: string) => {
    const trimmed = source.trim();
    if (tried.has(trimmed)) return null;
    tried.add(trimmed);
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const whole = attempt(text);
  if (whole) yield whole;
  for (const match of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) {
    const fenced = attempt(match[1]!);
    if (fenced) yield fenced;
  }
  for (const span of balancedObjects(text)) {
    const inProse = attempt(span);
    if (inProse) yield inProse;
  }
}

/** Every top-level {...} span, braces inside JSON strings ignored. */
function balancedObjects(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && depth > 0 && --depth === 0) spans.push(text.slice(start, i + 1));
  }
  return spans;
}

const LINE_LABELS = "score|rating|grade|verdict|final verdict|category|label|classification|answer|final answer|result|decision|winner|preference|judgement|judgment";

/**
 * "Score: 4", "**Rating:** 4/5", "Verdict - pass", MT-Bench's "[[A]]" / "Rating: [[5]]":
 * the last such answer in the text counts (models conclude at the end).
 */
function readLines(text: string, kind: AnswerKind): Read | null {
  const answers: { answer: string; at: number }[] = [];
  const labelled = new RegExp(`(?:^|\\n)[^\\n]*?\\b(?:${LINE_LABELS})[\\s*_]*[:=\\-–][\\s*_]*([^\\n]+)`, "gi");
  for (const match of text.matchAll(labelled)) answers.push({ answer: match[1]!, at: match.index + match[0].length });
  for (const match of text.matchAll(/\[\[([^\]\n]{1,40})\]\]/g)) answers.push({ answer: match[1]!, at: match.index + match[0].length });
  if (answers.length === 0) return null;
  const ordered = answers.sort((a, b) => b.at - a.at).map(({ answer }) => answer.replace(/\[\[|\]\]/g, ""));
  let problem: Read | null = null;
  for (const answer of ordered) {
    // "correct, because …", "pass - the reply …": the answer is what comes before the explanation.
    for (const part of [answer, answer.split(/[,;(—–]| - |\. /)[0]!]) {
      const read = kind.read(part);
      if (!("error" in read)) return read;
      problem ??= read;
    }
  }
  return problem;
}
