// Label Studio task exports as human labels. An export ("JSON" in Label
// Studio's Export dialog) is an array of tasks:
//   { id, data: {…}, annotations: [{ id, completed_by, result: [{ from_name,
//     to_name, type, value }], lead_time, created_at, updated_at,
//     was_cancelled }], predictions: […] }
// Each annotation that was not cancelled becomes one reviewer's judgments;
// each of its results is one criterion's value (from_name → criterion key).
// Textarea results are the label's rationale. This file only reshapes the
// task into label rows; the row schema and the labels importer check them, so
// a Label Studio file and a spreadsheet go through the same validation.
// The JSON-MIN and CSV exports (one flat record per annotation) are read by
// label-studio-flat.ts with the same result readers.
// Pure: it runs in the browser's validation worker too.

/** Mapping keys that are not field paths: `reviewer:<Label Studio user id>` → member email, `criterion:<from_name>` → criterion key ("" = skip). */
export const REVIEWER_KEY_PREFIX = "reviewer:";
export const CRITERION_KEY_PREFIX = "criterion:";

export type LabelStudioMeta = {
  /** Label Studio's task id (or the task's position when it has none). */
  task: string;
  /** 0-based index of the annotation within the task, and its id. */
  annotation: number;
  annotationId: string;
  /** 0-based index of the result within the annotation (absent for annotation-level problems). */
  result?: number;
  fromName?: string;
  /** Where the value sits in the task, for error messages: annotations.0.result.1.value.rating */
  valuePath?: string;
  /** Problems found while reshaping (unknown user, unsupported control…), reported by the row schema. */
  problems?: { field: string; message: string }[];
  /** A JSON-MIN / CSV record: fields are its columns (annotator, lead_time, <control>) rather than places in a task. */
  flat?: boolean;
};

type Annotation = {
  id?: unknown;
  completed_by?: unknown;
  result?: unknown;
  lead_time?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  was_cancelled?: unknown;
};

export type Result = { from_name?: unknown; type?: unknown; value?: unknown };

/** A record of Label Studio's JSON-MIN or CSV export: the task's data, the annotation's results by control name, and who made it. */
export function isLabelStudioFlatRecord(source: Record<string, unknown>): boolean {
  return "annotator" in source && "annotation_id" in source && !("annotations" in source);
}

// JSON-MIN keeps each result's value without its type (a one-choice Choices
// or one-text TextArea becomes plain text): the value's key tells the type.
const VALUE_KEY_TYPES: [string, string][] = [
  ["rating", "rating"],
  ["number", "number"],
  ["choices", "choices"],
  ["taxonomy", "taxonomy"],
  ["selected", "pairwise"],
  ["text", "textarea"],
];

/** The results a JSON-MIN / CSV column holds (a list of values, as JSON in CSV), or undefined for plain text and task data. */
export function flatResults(fromName: string, raw: unknown): Result[] | undefined {
  let value = raw;
  if (typeof raw === "string" && raw.trim().startsWith("[")) {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const results: Result[] = [];
  for (const entry of value) {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) return undefined;
    const type = VALUE_KEY_TYPES.find(([key]) => key in entry)?.[1];
    if (!type) return undefined;
    results.push({ from_name: fromName, type, value: entry });
  }
  return results;
}

/** A Label Studio task: `data` is an object and `annotations` a list. */
export function isLabelStudioTask(source: Record<string, unknown>): boolean {
  return Array.isArray(source.annotations) && !!source.data && typeof source.data === "object" && !Array.isArray(source.data);
}

/** The key a reviewer mapping uses for an annotation's author: the user id, or the email when that is all there is. */
export function completedByKey(completedBy: unknown): string | undefined {
  if (typeof completedBy === "number" || typeof completedBy === "string") return String(completedBy).trim() || undefined;
  if (completedBy && typeof completedBy === "object") {
    const user = completedBy as { id?: unknown; email?: unknown };
    if (typeof user.id === "number" || typeof user.id === "string") return String(user.id);
    if (typeof user.email === "string") return user.email.trim().toLowerCase();
  }
  return undefined;
}

export function completedByEmail(completedBy: unknown): string | undefined {
  if (typeof completedBy === "string" && completedBy.includes("@")) return completedBy.trim().toLowerCase();
  if (completedBy && typeof completedBy === "object") {
    const email = (completedBy as { email?: unknown }).email;
    if (typeof email === "string" && email.includes("@")) return email.trim().toLowerCase();
  }
  return undefined;
}

/** Collects the authors and controls seen across tasks, so the upload screen can offer a reviewer and criterion mapping. */
export function labelStudioCollector(limit = 500) {
  const users = new Map<string, string | undefined>();
  const controls = new Map<string, string>();
  return {
    add(task: Record<string, unknown>) {
      if (isLabelStudioFlatRecord(task)) {
        const key = completedByKey(task.annotator);
        if (key !== undefined && !users.has(key) && users.size < limit) users.set(key, completedByEmail(task.annotator));
        for (const [name, value] of Object.entries(task)) {
          const results = flatResults(name, value);
          if (results && !controls.has(name) && controls.size < limit) controls.set(name, String(results[0]!.type));
        }
        return;
      }
      if (!isLabelStudioTask(task)) return;
      for (const annotation of task.annotations as Annotation[]) {
        if (!annotation || typeof annotation !== "object" || annotation.was_cancelled === true) continue;
        const key = completedByKey(annotation.completed_by);
        if (key !== undefined && !users.has(key) && users.size < limit) users.set(key, completedByEmail(annotation.completed_by));
        if (!Array.isArray(annotation.result)) continue;
        for (const result of annotation.result as Result[]) {
          if (result && typeof result.from_name === "string" && !controls.has(result.from_name) && controls.size < limit) controls.set(result.from_name, String(result.type ?? ""));
        }
      }
    },
    get size() {
      return users.size + controls.size;
    },
    summary(): LabelStudioSummary {
      return { users: [...users].map(([key, email]) => ({ key, email })), controls: [...controls].map(([fromName, type]) => ({ fromName, type })) };
    },
  };
}

export type LabelStudioSummary = { users: { key: string; email?: string }[]; controls: { fromName: string; type: string }[] };

export function labelStudioSummary(tasks: Record<string, unknown>[]): LabelStudioSummary {
  const collector = labelStudioCollector();
  for (const task of tasks) collector.add(task);
  return collector.summary();
}

type Judgment = { value?: unknown; category?: unknown } | { rationale: string } | { problem: { field: string; message: string } };

/** What one result says, by control type. */
export function readResult(result: Result, path: string): Judgment & { valuePath: string } {
  const type = String(result.type ?? "").toLowerCase();
  const value = (result.value && typeof result.value === "object" ? result.value : {}) as Record<string, unknown>;
  const at = (key: string) => `${path}.value.${key}`;
  switch (type) {
    case "rating":
      return { value: value.rating, valuePath: at("rating") };
    case "number":
      return { value: value.number, valuePath: at("number") };
    case "textarea": {
      const text = Array.isArray(value.text) ? value.text.filter((t) => typeof t === "string").join("\n") : typeof value.text === "string" ? value.text : "";
      return { rationale: text, valuePath: at("text") };
    }
    case "choices": {
      const choices = Array.isArray(value.choices) ? value.choices : [];
      if (choices.length !== 1) {
        return { problem: { field: at("choices"), message: `${choices.length === 0 ? "No choice" : `${choices.length} choices`} selected; a criterion takes exactly one.` }, valuePath: at("choices") };
      }
      return { category: choices[0], valuePath: at("choices") };
    }
    case "taxonomy": {
      // One selected path, e.g. [["Tone", "Too casual"]]: the leaf is the option.
      const paths = Array.isArray(value.taxonomy) ? value.taxonomy : [];
      const only = paths.length === 1 && Array.isArray(paths[0]) ? (paths[0] as unknown[]) : undefined;
      if (!only || only.length === 0) return { problem: { field: at("taxonomy"), message: `${paths.length} taxonomy paths selected; a criterion takes exactly one.` }, valuePath: at("taxonomy") };
      return { category: only[only.length - 1], valuePath: at("taxonomy") };
    }
    case "pairwise": {
      // Left is runA, right is runB.
      const selected = typeof value.selected === "string" ? value.selected.toLowerCase() : "";
      const category = selected === "left" ? "A" : selected === "right" ? "B" : undefined;
      if (!category) return { problem: { field: at("selected"), message: 'A pairwise result selects "left" (runA) or "right" (runB).' }, valuePath: at("selected") };
      return { category, valuePath: at("selected") };
    }
    default:
      return {
        problem: { field: `${path}.type`, message: `Results of type "${type || "(none)"}" cannot become a label (use choices, rating, number, taxonomy, pairwise or textarea); map this from_name to "skip" to leave it out.` },
        valuePath: `${path}.value`,
      };
  }
}

export function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== "string" || !value) return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/**
 * One label row per result of every non-cancelled annotation of a task.
 * `taskRow` holds the task-level fields already read through the mapping
 * (externalId, turn, run, runA, runB); `mapping` supplies the reviewer and
 * criterion overrides.
 */
export function labelStudioRows(mapping: Record<string, string>, task: Record<string, unknown>, taskRow: Record<string, unknown>): Record<string, unknown>[] {
  const taskId = task.id === undefined || task.id === null ? "?" : String(task.id);
  const rows: Record<string, unknown>[] = [];
  const base = { externalId: taskRow.externalId, turn: taskRow.turn, run: taskRow.run, runA: taskRow.runA, runB: taskRow.runB };
  (task.annotations as unknown[]).forEach((raw, a) => {
    if (!raw || typeof raw !== "object") {
      rows.push({ ...base, labelStudio: { task: taskId, annotation: a, annotationId: "?", problems: [{ field: `annotations.${a}`, message: "Each annotation must be an object." }] } });
      return;
    }
    const annotation = raw as Annotation;
    if (annotation.was_cancelled === true) return; // skipped in Label Studio: not a judgment
    const annotationId = annotation.id === undefined || annotation.id === null ? String(a + 1) : String(annotation.id);
    const meta: LabelStudioMeta = { task: taskId, annotation: a, annotationId };
    const key = completedByKey(annotation.completed_by);
    const mapped = key !== undefined ? mapping[`${REVIEWER_KEY_PREFIX}${key}`]?.trim() : undefined;
    const reviewer = mapped || completedByEmail(annotation.completed_by);
    if (!reviewer) {
      // One problem per annotation, not one per result.
      const message =
        key === undefined
          ? "completed_by is missing: say who made this annotation."
          : `Label Studio user ${key} has no email in the export: map them to a project member (reviewer mapping "${REVIEWER_KEY_PREFIX}${key}").`;
      rows.push({ ...base, labelStudio: { ...meta, problems: [{ field: `annotations.${a}.completed_by`, message }] } });
      return;
    }
    const results = Array.isArray(annotation.result) ? (annotation.result as Result[]) : [];
    const rationale = results
      // Textareas are the rationale unless the mapping sends them to a criterion or skips them.
      .filter((r) => r && String(r.type ?? "").toLowerCase() === "textarea" && !(typeof r.from_name === "string" && mapping[`${CRITERION_KEY_PREFIX}${r.from_name}`] !== undefined))
      .map((r, i) => readResult(r, `annotations.${a}.result.${i}`))
      .map((j) => ("rationale" in j ? j.rationale : ""))
      .filter(Boolean)
      .join("\n\n");
    const leadTime = typeof annotation.lead_time === "number" && Number.isFinite(annotation.lead_time) && annotation.lead_time >= 0 ? annotation.lead_time : undefined;
    const common = {
      ...base,
      reviewer,
      rationale: rationale || undefined,
      activeMs: leadTime === undefined ? undefined : Math.round(leadTime * 1000),
      createdAt: isoOrUndefined(annotation.created_at),
      updatedAt: isoOrUndefined(annotation.updated_at) ?? isoOrUndefined(annotation.created_at),
    };
    results.forEach((result, r) => {
      const path = `annotations.${a}.result.${r}`;
      if (!result || typeof result !== "object" || typeof result.from_name !== "string") {
        rows.push({ ...common, labelStudio: { ...meta, result: r, problems: [{ field: `${path}.from_name`, message: "Each result needs a from_name (the control's name)." }] } });
        return;
      }
      const override = mapping[`${CRITERION_KEY_PREFIX}${result.from_name}`];
      if (override !== undefined && override.trim() === "") return; // mapped to "skip"
      const judgment = readResult(result, path);
      if ("rationale" in judgment && override === undefined) return; // free text: the label's rationale
      const resultMeta: LabelStudioMeta = { ...meta, result: r, fromName: result.from_name, valuePath: judgment.valuePath };
      const criterion = override?.trim() || result.from_name;
      if ("problem" in judgment) rows.push({ ...common, criterion, labelStudio: { ...resultMeta, problems: [judgment.problem] } });
      else if ("rationale" in judgment) rows.push({ ...common, criterion, category: judgment.rationale, labelStudio: resultMeta });
      else rows.push({ ...common, criterion, value: judgment.value, category: judgment.category, labelStudio: resultMeta });
    });
  });
  return rows;
}

/** The task-level part of error messages: "Task 57, annotation 1001: …". */
export function labelStudioPrefix(meta: LabelStudioMeta) {
  return `Task ${meta.task}, annotation ${meta.annotationId}${meta.fromName ? ` (${meta.fromName})` : ""}: `;
}

/** Where a Touchstone field of a Label Studio row came from in the task, for error reports. */
export function labelStudioField(meta: LabelStudioMeta, field: string): string {
  if (meta.flat) return flatField(meta, field);
  const a = `annotations.${meta.annotation}`;
  const r = meta.result === undefined ? a : `${a}.result.${meta.result}`;
  switch (field) {
    case "reviewer":
      return `${a}.completed_by`;
    case "criterion":
      return `${r}.from_name`;
    case "value":
    case "category":
      return meta.valuePath ?? `${r}.value`;
    case "activeMs":
      return `${a}.lead_time`;
    case "createdAt":
      return `${a}.created_at`;
    case "updatedAt":
      return `${a}.updated_at`;
    case "rationale":
      return a;
    default:
      return field; // task-level fields (externalId, run, turn) read through the mapping
  }
}

/** The column of a JSON-MIN / CSV record a Touchstone field came from. */
function flatField(meta: LabelStudioMeta, field: string): string {
  switch (field) {
    case "reviewer":
      return "annotator";
    case "criterion":
      return meta.fromName ?? field;
    case "value":
    case "category":
      return meta.valuePath ?? meta.fromName ?? field;
    case "activeMs":
      return "lead_time";
    case "createdAt":
      return "created_at";
    case "updatedAt":
      return "updated_at";
    default:
      return field;
  }
}
