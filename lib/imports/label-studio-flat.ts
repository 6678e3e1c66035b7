import {
  completedByEmail,
  completedByKey,
  CRITERION_KEY_PREFIX,
  flatResults,
  isoOrUndefined,
  readResult,
  REVIEWER_KEY_PREFIX,
  type LabelStudioMeta,
  type Result,
} from "./label-studio";
import type { FieldMapping } from "./schemas";

// Label Studio's JSON-MIN and CSV exports as human labels. Both hold one flat
// record per annotation that was not cancelled:
//   { id, <task data fields…>, <control name>: <result>, annotator,
//     annotation_id, created_at, updated_at, lead_time }
// where a one-choice Choices and a one-text TextArea become plain text, and
// any other result a list of its values ([{"rating": 4}], [{"selected":
// "left"}]; JSON text in a CSV cell). The record does not say which plain
// columns are controls and which are task data, so a plain column is a
// judgment only when it is named like a criterion of the rubric (or mapped to
// one with `criterion:<column>`), and the label's rationale when named like
// one (comment, rationale, explanation…, or the column the `rationale`
// mapping names); the rest is task data. The rows made here go through the same row schema and labels importer as the full JSON export.
// Pure: it runs in the browser's validation worker too (without criterion
// keys, where plain columns are left to the server's check).

/** Columns every record has besides the task's data and the results. */
const RECORD_COLUMNS = new Set(["id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement", "drafts", "predictions"]);
/** Task-level fields read through the mapping; their columns are never judgments. */
const TASK_FIELDS = ["externalId", "turn", "run", "runA", "runB"] as const;

export type FlatContext = {
  /** The rubric's criterion keys (server side): plain columns named like one are judgments. */
  criterionKeys?: ReadonlySet<string>;
  /** Plain columns that hold the label's rationale (a TextArea's one text). */
  rationaleColumns: readonly string[];
};

function numberOrUndefined(value: unknown) {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function emptyCell(value: unknown) {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * One label row per judgment of a JSON-MIN / CSV record. `taskRow` holds the
 * task-level fields read through the mapping; `criterionKeys` (server side)
 * tells which plain columns are judgments.
 */
export function labelStudioFlatRows(mapping: FieldMapping, record: Record<string, unknown>, taskRow: Record<string, unknown>, { criterionKeys, rationaleColumns }: FlatContext): Record<string, unknown>[] {
  const task = emptyCell(record.id) ? "?" : String(record.id);
  const annotationId = emptyCell(record.annotation_id) ? "?" : String(record.annotation_id);
  const meta: LabelStudioMeta = { task, annotation: 0, annotationId, flat: true };
  const base = { externalId: taskRow.externalId, turn: taskRow.turn, run: taskRow.run, runA: taskRow.runA, runB: taskRow.runB };
  const key = completedByKey(record.annotator);
  const mapped = key !== undefined ? mapping[`${REVIEWER_KEY_PREFIX}${key}`]?.trim() : undefined;
  const reviewer = mapped || completedByEmail(record.annotator);
  if (!reviewer) {
    const message =
      key === undefined
        ? "annotator is empty: say who made this annotation."
        : `Label Studio user ${key} has no email in the export: map them to a project member (reviewer mapping "${REVIEWER_KEY_PREFIX}${key}").`;
    return [{ ...base, labelStudio: { ...meta, problems: [{ field: "annotator", message }] } }];
  }
  const taskColumns = new Set(TASK_FIELDS.flatMap((field) => (mapping[field] ? [mapping[field].split(".")[0]!] : [])));
  const rationales: string[] = [];
  const judgments: ({ fromName: string; result: Result; path: string } | { fromName: string; problem: string })[] = [];
  for (const [column, cell] of Object.entries(record)) {
    if (RECORD_COLUMNS.has(column) || emptyCell(cell)) continue;
    const override = mapping[`${CRITERION_KEY_PREFIX}${column}`];
    if (override !== undefined && override.trim() === "") continue; // mapped to "skip"
    const isCriterion = override !== undefined || criterionKeys?.has(column) === true;
    if (taskColumns.has(column) && !isCriterion) continue;
    const results = flatResults(column, cell);
    if (results) {
      // Several texts of one TextArea are one rationale; several values of any other control cannot be one judgment.
      if (results.every((r) => r.type === "textarea") && override === undefined) {
        for (const [i, r] of results.entries()) {
          const read = readResult(r, `${column}.${i}`);
          if ("rationale" in read && read.rationale) rationales.push(read.rationale);
        }
        continue;
      }
      if (results.length > 1) {
        judgments.push({ fromName: column, problem: `${results.length} results for one control; a criterion takes exactly one.` });
        continue;
      }
      judgments.push({ fromName: column, path: `${column}.0`, result: results[0]! });
      continue;
    }
    if (!isCriterion) {
      if (rationaleColumns.includes(column) && typeof cell === "string") rationales.push(cell);
      continue; // otherwise task data
    }
    // Plain text is a single choice (a likert "4" too); a JSON number, a number.
    const result: Result = typeof cell === "number" ? { from_name: column, type: "number", value: { number: cell } } : { from_name: column, type: "choices", value: { choices: [String(cell)] } };
    judgments.push({ fromName: column, path: column, result });
  }
  const leadTime = numberOrUndefined(record.lead_time);
  const common = {
    ...base,
    reviewer,
    rationale: rationales.join("\n\n") || undefined,
    activeMs: leadTime === undefined ? undefined : Math.round(leadTime * 1000),
    createdAt: isoOrUndefined(record.created_at),
    updatedAt: isoOrUndefined(record.updated_at) ?? isoOrUndefined(record.created_at),
  };
  return judgments.map((entry) => {
    const { fromName } = entry;
    const criterion = mapping[`${CRITERION_KEY_PREFIX}${fromName}`]?.trim() || fromName;
    if ("problem" in entry) return { ...common, criterion, labelStudio: { ...meta, fromName, valuePath: fromName, problems: [{ field: fromName, message: entry.problem }] } };
    const judgment = readResult(entry.result, entry.path);
    // readResult names places in a full task (…value.rating); a flat record has no "value" level, and plain text none below the column.
    const valuePath = entry.path === fromName ? fromName : judgment.valuePath.replace(".value.", ".");
    const resultMeta: LabelStudioMeta = { ...meta, fromName, valuePath };
    if ("problem" in judgment) return { ...common, criterion, labelStudio: { ...resultMeta, problems: [{ field: valuePath, message: judgment.problem.message }] } };
    if ("rationale" in judgment) return { ...common, criterion, category: judgment.rationale, labelStudio: resultMeta };
    return { ...common, criterion, value: judgment.value, category: judgment.category, labelStudio: resultMeta };
  });
}
