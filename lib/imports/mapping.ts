import { isLabelStudioFlatRecord, isLabelStudioTask, labelStudioRows } from "./label-studio";
import { labelStudioFlatRows } from "./label-studio-flat";
import { TARGET_FIELDS, type FieldMapping, type ImportKindName } from "./schemas";

// Field mapping: each Touchstone field reads a path in the source row
// ("question_id", "data.prompt", "choices.0.turns"). Chat-shaped values are
// normalised here so files from common tools import as they are:
//   OpenAI `messages` [{role, content}] · ShareGPT `conversations` [{from, value}]
//   MT-Bench `turns` ["…", "…"] (user turns; answers' turns become output turns)
//   Hugging Face rows (flat columns) · Label Studio tasks ({ id, data: {…} }),
//   whose annotations become human labels (lib/imports/label-studio.ts), and
//   Label Studio's JSON-MIN / CSV records, one per annotation
//   (lib/imports/label-studio-flat.ts).
// An explicit mapping may name only some fields: the others are detected.

/** What the upload knows beyond the mapping: how its file counts turns, and (server side) the rubric's criterion keys. */
export type MappingContext = { turnBase?: 0 | 1; criterionKeys?: ReadonlySet<string> };

/** Reads a dot path; numeric segments index arrays. A key containing dots is tried whole first. */
export function getPath(source: unknown, path: string): unknown {
  if (!path) return undefined;
  if (source && typeof source === "object" && !Array.isArray(source) && path in (source as object)) {
    return (source as Record<string, unknown>)[path];
  }
  let current: unknown = source;
  for (const segment of path.split(".")) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      const index = Number(segment);
      current = Number.isInteger(index) ? current[index] : undefined;
    } else if (typeof current === "object") {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** All leaf-ish paths of a row (objects flattened to depth 3; arrays kept whole), for the mapping picker. */
export function listPaths(row: Record<string, unknown>, depth = 3): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, prefix: string, level: number) => {
    if (prefix) paths.push(prefix);
    if (level >= depth || !value || typeof value !== "object" || Array.isArray(value)) {
      // One level into arrays of objects, so "choices.0.turns" is offered.
      if (Array.isArray(value) && level < depth && value[0] && typeof value[0] === "object" && !isChatTurn(value[0])) {
        walk(value[0], `${prefix}.0`, level + 1);
        paths.splice(paths.indexOf(`${prefix}.0`), 1);
      }
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) walk(child, prefix ? `${prefix}.${key}` : key, level + 1);
  };
  walk(row, "", 0);
  return paths;
}

// Names seen in the wild for each Touchstone field, most specific first.
const SYNONYMS: Record<string, string[]> = {
  externalId: ["externalId", "external_id", "question_id", "item_id", "itemId", "sample_id", "example_id", "task_id", "uid", "id", "_id", "idx"],
  input: ["input", "prompt", "messages", "conversations", "conversation", "turns", "question", "instruction", "query", "problem", "text"],
  reference: ["reference", "reference_answer", "expected_output", "expected", "ideal", "golden_answer", "ground_truth", "target", "answer", "solution"],
  context: ["context", "contexts", "retrieved_context", "documents", "passages", "docs"],
  tags: ["tags", "category", "categories", "topic"],
  group: ["group", "paraphrase_group", "group_id"],
  metadata: ["metadata", "meta"],
  content: ["content", "output", "response", "completion", "answer", "generation", "prediction", "choices.0.turns", "choices.0.message.content", "choices.0.text"],
  turn: ["turn", "turn_index", "turnIndex"],
  trace: ["trace", "steps", "agent_trace"],
  latencyMs: ["latencyMs", "latency_ms", "latency"],
  promptTokens: ["promptTokens", "prompt_tokens", "usage.prompt_tokens", "input_tokens", "usage.input_tokens"],
  completionTokens: ["completionTokens", "completion_tokens", "usage.completion_tokens", "output_tokens", "usage.output_tokens"],
  costUsd: ["costUsd", "cost_usd", "cost"],
  run: ["run", "run_name", "model_id", "model"],
  runA: ["runA", "run_a", "model_a", "modelA"],
  runB: ["runB", "run_b", "model_b", "modelB"],
  criterion: ["criterion", "criterion_key", "metric", "aspect"],
  value: ["value", "score", "rating", "grade"],
  category: ["category", "verdict", "label", "choice"],
  shownOrder: ["shownOrder", "shown_order", "order", "position_order"],
  verdict: ["verdict", "winner", "preference", "choice"],
  error: ["error", "error_message", "errorMessage", "failure_reason"],
  status: ["status", "call_status"],
  rationale: ["rationale", "explanation", "reasoning", "reason", "comment", "judgment", "critique"],
  rawText: ["rawText", "raw_text", "raw", "judge_output"],
  reviewer: ["reviewer", "reviewer_email", "annotator", "annotator_email", "completed_by", "email", "user"],
};

/**
 * The mapping rule every reader shares: the explicit mapping's fields as it
 * names them ("" = leave the field out), every other field detected per shape
 * of row — files often mix a prompt here with messages there — cached per set
 * of keys.
 */
export function rowMappingFor(kind: ImportKindName, explicit: FieldMapping | undefined): (value: Record<string, unknown>) => FieldMapping {
  const fixed = explicit ?? {};
  if (TARGET_FIELDS[kind].every(({ field }) => field in fixed)) return () => fixed;
  const detected = new Map<string, FieldMapping>();
  return (value) => {
    const signature = Object.keys(value).join("\u0000");
    let found = detected.get(signature);
    if (!found) {
      found = { ...detectMapping(kind, value, fixed), ...fixed };
      if (detected.size < 1000) detected.set(signature, found);
    }
    return found;
  };
}

/**
 * Suggests a mapping from one sample row: for each field, the first synonym
 * that exists as a path (top level, then under Label Studio's `data.`).
 * Fields `explicit` names are left to it, and the paths it uses are not
 * offered to other fields.
 */
export function detectMapping(kind: ImportKindName, sample: Record<string, unknown>, explicit: FieldMapping = {}): FieldMapping {
  const mapping: FieldMapping = {};
  const used = new Set<string>(Object.entries(explicit).flatMap(([field, path]) => (field.includes(":") || !path ? [] : [path])));
  // A "verdict" column is the pairwise verdict, so claim it before "category" does.
  const fields = TARGET_FIELDS[kind]
    .map((f) => f.field)
    .filter((field) => !(field in explicit))
    .sort((a, b) => Number(b === "verdict") - Number(a === "verdict"));
  for (const field of fields) {
    const synonyms = SYNONYMS[field] ?? [field];
    for (const candidate of synonyms) {
      const path = [candidate, `data.${candidate}`].find((p) => getPath(sample, p) !== undefined && !used.has(p));
      if (path) {
        mapping[field] = path;
        used.add(path);
        break;
      }
    }
  }
  // A verdict column is the pairwise verdict when runA/runB are present, else a category.
  if (kind === "JUDGE_SCORES" && !mapping.runA && !explicit.runA && mapping.verdict && !mapping.category && !("category" in explicit)) {
    mapping.category = mapping.verdict;
    delete mapping.verdict;
  }
  return mapping;
}

function isChatTurn(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (typeof v.role === "string" && "content" in v) || (typeof v.from === "string" && "value" in v);
}

const SHAREGPT_ROLES: Record<string, string> = { human: "user", user: "user", gpt: "assistant", assistant: "assistant", system: "system", tool: "tool", bot: "assistant", model: "assistant" };

/** CSV cells holding JSON (a list or an object) are parsed; other text is left alone. */
function maybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith("[") || trimmed.startsWith("{"))) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

/** Chat turns from any of the common shapes; strings become user turns (MT-Bench questions). */
function toTurns(value: unknown, stringsAs: "user" | "assistant"): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((turn) => {
    if (typeof turn === "string") return { role: stringsAs, content: turn };
    if (turn && typeof turn === "object") {
      const t = turn as Record<string, unknown>;
      if (typeof t.from === "string" && !("role" in t)) return { role: SHAREGPT_ROLES[t.from.toLowerCase()] ?? t.from, content: t.value };
      if (Array.isArray(t.content)) {
        // OpenAI content parts: keep the text parts.
        const text = t.content.map((part) => (part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "")).join("");
        return { role: t.role, content: text };
      }
      return { role: t.role, content: t.content };
    }
    return turn;
  });
}

function textOf(value: unknown): unknown {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("\n\n");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value;
}

function toTags(value: unknown): unknown {
  const parsed = maybeJson(value);
  if (typeof parsed === "string") return parsed.split(/[,;|]/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(parsed)) return parsed.map((v) => (typeof v === "number" ? String(v) : v));
  return parsed;
}

function toContext(value: unknown): unknown {
  const parsed = maybeJson(value);
  if (parsed === undefined || parsed === null || parsed === "") return undefined;
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  return docs.map((doc) => {
    if (typeof doc === "string") return { content: doc };
    if (doc && typeof doc === "object") {
      const d = doc as Record<string, unknown>;
      return {
        ...(d.id !== undefined ? { id: String(d.id) } : {}),
        ...(typeof d.title === "string" ? { title: d.title } : {}),
        content: d.content ?? d.text ?? d.page_content ?? d.passage,
      };
    }
    return doc;
  });
}

const NUMERIC_FIELDS = new Set(["value", "latencyMs", "promptTokens", "completionTokens", "costUsd", "turn"]);

/**
 * Applies a mapping to one source row and normalises chat, context and tag
 * shapes. Returns one or more candidate rows (an answer file with several
 * turns yields one output per turn), still to be validated by the row schema.
 */
export function applyMapping(kind: ImportKindName, mapping: FieldMapping, source: Record<string, unknown>, context: MappingContext = {}): Record<string, unknown>[] {
  const row: Record<string, unknown> = {};
  for (const [field, path] of Object.entries(mapping)) {
    if (!path || field.includes(":")) continue; // reviewer:/criterion: keys are Label Studio overrides, not paths
    const value = getPath(source, path);
    if (value !== undefined) row[field] = value;
  }

  if (kind === "ITEMS") {
    let input = maybeJson(row.input);
    if (Array.isArray(input)) {
      const turns = toTurns(input, "user") as { role?: unknown; content?: unknown }[];
      // A conversation ending with the assistant's answer: that answer is the reference.
      const last = turns[turns.length - 1];
      if (row.reference === undefined && turns.length > 1 && last?.role === "assistant") {
        row.reference = last.content;
        input = turns.slice(0, -1);
      } else input = turns;
    }
    row.input = input;
    if (row.reference !== undefined) row.reference = textOf(row.reference);
    if (row.externalId !== undefined) row.externalId = textOf(row.externalId);
    if (row.context !== undefined) row.context = toContext(row.context);
    if (row.tags !== undefined) row.tags = toTags(row.tags);
    if (row.group !== undefined) row.group = textOf(row.group);
    if (row.metadata !== undefined) row.metadata = maybeJson(row.metadata);
    else {
      // Unmapped columns are kept as metadata, so nothing in the file is lost.
      const usedTop = new Set(Object.values(mapping).map((p) => p.split(".")[0]));
      const rest = Object.fromEntries(Object.entries(source).filter(([key]) => !usedTop.has(key)));
      row.metadata = rest;
    }
    return [row];
  }

  if (kind === "OUTPUTS") {
    if (row.trace !== undefined) row.trace = maybeJson(row.trace);
    const content = maybeJson(row.content);
    if (Array.isArray(content)) {
      const turns = toTurns(content, "assistant") as { role?: unknown; content?: unknown }[];
      const answers = turns.filter((t) => t && t.role === "assistant");
      if (answers.length === 0) return [{ ...row, content }];
      // One output per assistant turn, numbered as the file counts turns; the whole conversation rides along.
      return answers.map((answer, index) => ({ ...row, turn: index + (context.turnBase ?? 0), content: answer.content, turns }));
    }
    row.content = typeof content === "number" ? String(content) : content;
    return [row];
  }

  if (kind === "LABELS" && isLabelStudioTask(source)) {
    // The task names the item and run(s); its annotations are the labels.
    // Task-level fields the mapping leaves out are detected (a mapping may
    // hold only reviewer/criterion overrides).
    const detected = TASK_FIELDS.some((f) => !mapping[f]) ? detectMapping(kind, source) : {};
    for (const field of TASK_FIELDS) {
      if (row[field] === undefined && !mapping[field] && detected[field]) row[field] = getPath(source, detected[field]);
    }
    if (row.externalId !== undefined) row.externalId = textOf(row.externalId);
    if (typeof row.turn === "boolean") row.turn = Number(row.turn);
    return labelStudioRows(mapping, source, row);
  }

  if (kind === "LABELS" && isLabelStudioFlatRecord(source)) {
    // JSON-MIN / CSV: the task's data and one annotation's results share the record.
    if (row.externalId !== undefined) row.externalId = textOf(row.externalId);
    // A TextArea's one text is a plain column: the rationale when named like one, or as the mapping says.
    const rationaleColumns = [...new Set([...SYNONYMS.rationale!, ...(mapping.rationale ? [mapping.rationale] : [])])].filter((column) => column in source);
    return labelStudioFlatRows(mapping, source, row, { criterionKeys: context.criterionKeys, rationaleColumns });
  }

  for (const field of NUMERIC_FIELDS) if (typeof row[field] === "boolean") row[field] = row[field] ? 1 : 0;
  return [row];
}

const TASK_FIELDS = ["externalId", "turn", "run", "runA", "runB"] as const;
