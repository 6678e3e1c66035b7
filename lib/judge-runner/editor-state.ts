import type { ValidationIssue } from "@/lib/errors";
import type { VersionDraft } from "./schemas";
import type { JudgeTemplate } from "./template";

// The judge editor's state as a pure reducer: the form keeps what people
// type (numbers as text, so "0." can be typed), and toDraft turns it into the
// draft the server actions take, or the fields that are not numbers yet.

export type EditorState = {
  baseVersion: number | null;
  connectionId: string;
  system: string;
  user: string;
  temperature: string;
  maxTokens: string;
  seed: string;
  fewShotK: string;
  bothOrders: boolean;
  swapAverage: boolean;
  changeNote: string;
};

export type VersionSource = {
  version: number;
  connectionId: string | null;
  template: JudgeTemplate;
  params: { temperature?: number; maxTokens?: number; seed?: number };
  fewShotK: number;
  bothOrders: boolean;
  swapAverage: boolean;
};

export type EditorAction =
  | { type: "set"; field: Exclude<keyof EditorState, "bothOrders" | "swapAverage" | "baseVersion">; value: string }
  | { type: "toggle"; field: "bothOrders" | "swapAverage"; value: boolean }
  | { type: "load"; version: VersionSource }
  | { type: "saved"; version: number }
  | { type: "insertVariable"; part: "system" | "user"; name: string; at: number };

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

/** The form filled from a saved version (the change note starts empty: it describes the next save). */
export function stateFrom(version: VersionSource, fallbackConnectionId: string): EditorState {
  return {
    baseVersion: version.version,
    connectionId: version.connectionId ?? fallbackConnectionId,
    system: version.template.system,
    user: version.template.user,
    temperature: text(version.params.temperature),
    maxTokens: text(version.params.maxTokens),
    seed: text(version.params.seed),
    fewShotK: String(version.fewShotK),
    bothOrders: version.bothOrders,
    swapAverage: version.swapAverage,
    changeNote: "",
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "set":
      return { ...state, [action.field]: action.value };
    case "toggle": {
      const next = { ...state, [action.field]: action.value };
      // Swap-averaging needs both orders: turning orders off turns it off too.
      if (action.field === "bothOrders" && !action.value) next.swapAverage = false;
      return next;
    }
    case "load":
      return stateFrom(action.version, state.connectionId);
    // The form now holds the saved version: it is the base of the next edit, with a fresh change note.
    case "saved":
      return { ...state, baseVersion: action.version, changeNote: "" };
    case "insertVariable": {
      const current = state[action.part];
      const at = Math.max(0, Math.min(action.at, current.length));
      return { ...state, [action.part]: `${current.slice(0, at)}{{${action.name}}}${current.slice(at)}` };
    }
  }
}

function optionalNumber(value: string, field: string, whole: boolean, issues: ValidationIssue[]): number | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || (whole && !Number.isInteger(n))) {
    issues.push({ field, message: `${field} must be ${whole ? "a whole number" : "a number"} (or empty for the connection's default).` });
    return undefined;
  }
  return n;
}

/** The draft the server takes, or the fields that cannot be read as numbers. */
export function toDraft(state: EditorState): { ok: true; draft: VersionDraft } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const temperature = optionalNumber(state.temperature, "temperature", false, issues);
  const maxTokens = optionalNumber(state.maxTokens, "maxTokens", true, issues);
  const seed = optionalNumber(state.seed, "seed", true, issues);
  const fewShotK = optionalNumber(state.fewShotK, "fewShotK", true, issues) ?? 0;
  if (issues.length > 0) return { ok: false, issues };
  const params = Object.fromEntries(Object.entries({ temperature, maxTokens, seed }).filter(([, v]) => v !== undefined));
  return {
    ok: true,
    draft: {
      connectionId: state.connectionId,
      template: { system: state.system, user: state.user },
      params,
      fewShotK,
      bothOrders: state.bothOrders,
      swapAverage: state.swapAverage,
      changeNote: state.changeNote,
    },
  };
}
