import type { AnswerSchema, ChatMessage } from "./types";

// The demo model: a TOY, not a language model. It lets a newcomer run a judge
// and watch the workbench loop without any API key, and it is what the test
// suite's local OpenAI-compatible server answers with. It is a pure,
// deterministic function of the prompt, yet its judgements carry some signal:
// an output that shares words with the reference / context / input and has a
// sensible length scores higher, plus hash noise (so it disagrees with the
// experts sometimes) and a slight preference for the output shown first in a
// pairwise prompt (so position consistency has something to show).
//
// Pointwise answers follow the scale the prompt or the answer schema asks for;
// pairwise answers give a verdict A / B / TIE. With an answer schema the answer
// is JSON of that schema's shape (enums, min–max, booleans, reasoning strings);
// in JSON mode without a schema it is {"reasoning", "score"|"verdict"}; else a
// readable text that ends with "Score: n" or "Verdict: A".

export const DEMO_MODEL_ID = "touchstone-demo";
export const DEMO_MODEL_LABEL = "Demo model (deterministic, no API key)";

export type DemoAnswerOptions = { json?: boolean };

type Sections = Partial<Record<SectionName, string>>;
type SectionName = "input" | "output" | "outputA" | "outputB" | "reference" | "context" | "criterion";

// A line that opens a section: "## Output A", "Output A:", "<output_a>", "[Reference]", "Reference: text…";
// the label stands alone or is followed by a colon, so "Answer with a score…" opens nothing.
const SECTION_LINE =
  /^\s*(?:#{1,6}\s*|<\s*|\[\s*|\*\*)?(output[ _-]?a|output[ _-]?b|response[ _-]?a|response[ _-]?b|first response|second response|response to judge|output|response|answer|reference(?: answer)?|expected(?: answer| output)?|retrieved (?:context|documents)|context|input|question|conversation|criterion)\s*(?:\*\*|>|\])?\s*(?::\s*(?:\*\*)?\s*(.*))?$/i;

function sectionName(label: string): SectionName {
  const key = label.toLowerCase().replace(/[ _-]/g, "");
  if (key === "outputa" || key === "responsea" || key === "firstresponse") return "outputA";
  if (key === "outputb" || key === "responseb" || key === "secondresponse") return "outputB";
  if (key === "output" || key === "response" || key === "answer" || key === "responsetojudge") return "output";
  if (key.startsWith("reference") || key.startsWith("expected")) return "reference";
  if (key.endsWith("context") || key.endsWith("documents")) return "context";
  if (key === "criterion") return "criterion";
  return "input";
}

const OUTPUT_SECTIONS = new Set<SectionName>(["output", "outputA", "outputB"]);

/** Splits the prompt into labelled sections; text before the first label counts as input. */
export function readSections(text: string): Sections {
  const sections: Sections = {};
  let current: SectionName | null = null;
  for (const line of text.split("\n")) {
    const match = SECTION_LINE.exec(line);
    // Closing tags ("</output>") end a section without opening one.
    if (/^\s*<\//.test(line)) {
      current = null;
      continue;
    }
    if (match) {
      const next = sectionName(match[1]!);
      // "## First response" then "<response>": the tag wraps the section it is in, it does not start another.
      if (!(next === "output" && /^\s*</.test(line) && current && OUTPUT_SECTIONS.has(current))) current = next;
      sections[current!] = (sections[current!] ?? "") + (match[2] ? `${match[2]}\n` : "");
    } else if (current) {
      sections[current] += `${line}\n`;
    }
  }
  return sections;
}

function words(text: string | undefined): Set<string> {
  return new Set((text ?? "").toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
}

/** FNV-1a over the text, mapped to [0, 1): the model's deterministic "noise". */
export function hashUnit(text: string, salt = 0): number {
  let hash = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x100000000;
}

/** How good an output looks, in [0, 1]: word overlap with what it should match, a length sweet spot, noise. */
function quality(output: string | undefined, sections: Sections, noiseKey: string): number {
  const said = words(output);
  const target = words(sections.reference ?? sections.context ?? sections.input);
  let overlap = 0.5;
  if (said.size > 0 && target.size > 0) {
    let shared = 0;
    for (const word of target) if (said.has(word)) shared++;
    overlap = shared / target.size;
  }
  const length = (output ?? "").trim().length;
  const lengthFit = length === 0 ? 0 : length < 20 ? 0.4 : length > 2000 ? 0.6 : 1;
  const noise = hashUnit(noiseKey) - 0.5;
  return clamp(0.15 + 0.6 * overlap + 0.15 * lengthFit + 0.3 * noise, 0, 1);
}

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

type Judgement =
  | { kind: "pointwise"; quality: number; reasoning: string }
  | { kind: "pairwise"; verdict: "A" | "B" | "TIE"; margin: number; reasoning: string };

// What the first-shown output gains in a pairwise prompt: enough to flip close calls.
const FIRST_SHOWN_BONUS = 0.1;
const TIE_MARGIN = 0.04;

function judge(prompt: string, pairwiseHint: boolean): Judgement {
  const sections = readSections(prompt);
  if (sections.outputA !== undefined || sections.outputB !== undefined || pairwiseHint) {
    // Noise keyed on each output's own text, so swapping the shown order keeps
    // each output's quality and only the first-shown bonus moves.
    const a = quality(sections.outputA, sections, sections.outputA ?? "a") + FIRST_SHOWN_BONUS;
    const b = quality(sections.outputB, sections, sections.outputB ?? "b");
    const margin = a - b;
    const verdict = margin > TIE_MARGIN ? "A" : margin < -TIE_MARGIN ? "B" : "TIE";
    const reasoning =
      verdict === "TIE"
        ? "Both outputs cover the reference about equally well."
        : `Output ${verdict} covers more of the reference and context than output ${verdict === "A" ? "B" : "A"}.`;
    return { kind: "pairwise", verdict, margin, reasoning };
  }
  const q = quality(sections.output ?? prompt, sections, prompt);
  const reasoning =
    q >= 0.66
      ? "The output matches the reference closely and is of a sensible length."
      : q >= 0.33
        ? "The output matches part of the reference; some points are missing."
        : "The output shares little with the reference or context.";
  return { kind: "pointwise", quality: q, reasoning };
}

/** The scale a text prompt asks for ("1-5", "1 to 10", "0 or 1", "yes/no"); 1–5 when it says none. */
function scaleFromPrompt(prompt: string): { min: number; max: number } | "yes-no" {
  if (/\b(yes\s*\/\s*no|yes or no)\b/i.test(prompt)) return "yes-no";
  if (/\b0\s*(?:or|\/)\s*1\b/.test(prompt)) return { min: 0, max: 1 };
  // "from 1 to 5" is the surest sign; else the last "1-5" / "1 to 10" in the prompt.
  const range = /from (\d{1,3}) to (\d{1,3})\b/.exec(prompt) ?? [...prompt.matchAll(/\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b/g)].at(-1) ?? null;
  if (range && Number(range[1]) < Number(range[2])) return { min: Number(range[1]), max: Number(range[2]) };
  return { min: 1, max: 5 };
}

const onScale = (q: number, min: number, max: number, integer: boolean) =>
  integer ? Math.round(min + q * (max - min)) : Number((min + q * (max - min)).toFixed(2));

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
};

const POSITIVE_WORDS = new Set(["pass", "yes", "true", "correct", "good"]);
const NEGATIVE_WORDS = new Set(["fail", "no", "false", "incorrect", "bad"]);

/** The verdict in the words the schema or prompt offers: A/B/TIE, or first/second/tie (positions shown). */
function verdictWord(verdict: "A" | "B" | "TIE", options: readonly unknown[]): unknown {
  const words = { A: ["A", "first"], B: ["B", "second"], TIE: ["TIE", "tie"] }[verdict];
  return options.find((o) => typeof o === "string" && words.includes(o));
}

const isPairwiseEnum = (options: unknown[]) =>
  (options.includes("A") && options.includes("B")) || (options.includes("first") && options.includes("second"));

function schemaIsPairwise(schema: JsonSchema, depth = 0): boolean {
  if (depth > 4) return false;
  if (schema.enum && isPairwiseEnum(schema.enum)) return true;
  return Object.values(schema.properties ?? {}).some((child) => schemaIsPairwise(child, depth + 1));
}

/** Fills a JSON schema with the judgement: the answer's shape comes from the schema alone. */
function fillSchema(schema: JsonSchema, judgement: Judgement, name: string, depth = 0): unknown {
  if (depth > 4) return null;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return fillSchema(variant, judgement, name, depth + 1);
  if (schema.const !== undefined) return schema.const;
  const q = judgement.kind === "pointwise" ? judgement.quality : clamp(0.5 + judgement.margin, 0, 1);
  if (schema.enum && schema.enum.length > 0) {
    const options = schema.enum;
    if (judgement.kind === "pairwise") {
      const word = verdictWord(judgement.verdict, options);
      if (word !== undefined) return word;
    }
    const yes = options.find((o) => typeof o === "string" && POSITIVE_WORDS.has(o.toLowerCase()));
    const no = options.find((o) => typeof o === "string" && NEGATIVE_WORDS.has(o.toLowerCase()));
    if (yes !== undefined && no !== undefined) return q >= 0.5 ? yes : no;
    // Enums are read as ordered worst → best, which suits scales; for plain
    // categories the pick is still deterministic and tied to the output.
    return options[Math.min(options.length - 1, Math.floor(q * options.length))];
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        result[key] = fillSchema(child, judgement, key, depth + 1);
      }
      return result;
    }
    case "integer":
    case "number":
      return onScale(q, schema.minimum ?? (type === "integer" ? 1 : 0), schema.maximum ?? (type === "integer" ? 5 : 1), type === "integer");
    case "boolean":
      return q >= 0.5;
    case "array":
      return [];
    case "string":
      if (/verdict|winner|prefer/i.test(name) && judgement.kind === "pairwise") return verdictWord(judgement.verdict, ["first", "second", "tie"]);
      return judgement.reasoning;
    default:
      return null;
  }
}

/**
 * A prompt that asks for a JSON object in words (`{"reasoning": "<…>", "score": <a whole number from 1 to 5>}`,
 * as Touchstone's default judge templates do when structured output is off): the field and what it holds.
 */
const JSON_FORMAT_IN_PROMPT = /\{"reasoning": "<[^>]*>", "(\w+)": <([^>]*)>\}/;

function answerAsPromptAsks(judgement: Judgement, field: string, describe: string): string {
  const quoted = [...describe.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  const range = /number from (-?[\d.]+) to (-?[\d.]+)/.exec(describe);
  let value: unknown;
  if (judgement.kind === "pairwise") value = verdictWord(judgement.verdict, quoted) ?? judgement.verdict;
  else if (range) value = onScale(judgement.quality, Number(range[1]), Number(range[2]), /whole number/.test(describe));
  else value = fillSchema({ enum: quoted }, judgement, field);
  return JSON.stringify({ reasoning: judgement.reasoning, [field]: value });
}

/** The demo model's answer to a chat, as the text a chat-completions response would carry. */
export function demoModelAnswer(messages: ChatMessage[], answerSchema?: AnswerSchema, options: DemoAnswerOptions = {}): string {
  const prompt = messages.map((m) => m.content).join("\n");
  const judgement = judge(prompt, answerSchema ? schemaIsPairwise(answerSchema.schema as JsonSchema) : false);
  if (answerSchema) return JSON.stringify(fillSchema(answerSchema.schema as JsonSchema, judgement, answerSchema.name));
  const asked = JSON_FORMAT_IN_PROMPT.exec(prompt);
  if (asked) return answerAsPromptAsks(judgement, asked[1]!, asked[2]!);
  const scale = scaleFromPrompt(messages.filter((m) => m.role !== "assistant").map((m) => m.content).join("\n"));
  if (judgement.kind === "pairwise") {
    if (options.json) return JSON.stringify({ reasoning: judgement.reasoning, verdict: judgement.verdict });
    return `${judgement.reasoning}\nVerdict: ${judgement.verdict}`;
  }
  if (scale === "yes-no") {
    const answer = judgement.quality >= 0.5 ? "yes" : "no";
    return options.json ? JSON.stringify({ reasoning: judgement.reasoning, answer }) : `${judgement.reasoning}\nAnswer: ${answer}`;
  }
  const score = onScale(judgement.quality, scale.min, scale.max, true);
  return options.json ? JSON.stringify({ reasoning: judgement.reasoning, score }) : `${judgement.reasoning}\nScore: ${score}`;
}
