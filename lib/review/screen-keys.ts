import { fieldChoices } from "./fields";
import type { ScreenEvent, ScreenState } from "./screen-state";
import { fieldTitle, isEditing } from "./screen-state";

// What a key means on the review screen, given the state it is pressed in:
// an event for the reducer (./screen-state.ts), a short hint when the key is
// a shortcut that does nothing here, or null for keys that are not
// shortcuts at all (so ordinary typing stays quiet). Pure.

/** Every key the screen knows, so a known key that does nothing here can say so. */
const SHORTCUT_KEYS = new Set(["?", "g", "j", "k", "enter", "escape", "z", "r", "s", "a", "b", "t", "x", " ", "arrowup", "arrowdown", ..."0123456789"]);

export function keyIntent(state: ScreenState, key: string): ScreenEvent | null {
  const lower = key.toLowerCase();
  if (key === "?") return { type: "dialog", dialog: state.dialog === "help" ? null : "help" };
  if (lower === "g") return hasGuidelines(state) ? { type: "dialog", dialog: state.dialog === "guidelines" ? null : "guidelines" } : { type: "hint", text: "This rubric has no written guidelines yet." };
  if (lower === "z") return { type: "undo" };
  const current = state.current;
  if (!current) return SHORTCUT_KEYS.has(lower) ? { type: "hint", text: "There is no task on screen." } : null;
  if (key === "Enter") return { type: "submit" };
  if (key === "Escape") return isEditing(state) ? { type: "leave-edit" } : null;
  const { fields } = current.task;
  if (lower === "j" || lower === "k") {
    const to = state.focused + (lower === "j" ? 1 : -1);
    if (to < 0 || to >= fields.length) return { type: "hint", text: lower === "j" ? "This is the last criterion." : "This is the first criterion." };
    return { type: "focus", index: to };
  }
  if (lower === "r") {
    if (current.task.item.reference !== null) return { type: "toggle-reference" };
    return { type: "hint", text: current.task.setup.showReference ? "This item has no reference answer." : "R does nothing here: this setup hides the reference answer." };
  }
  if (lower === "s") return isEditing(state) ? { type: "hint", text: "A submitted label cannot be skipped: Esc goes back to your queue." } : { type: "dialog", dialog: "skip" };
  const field = fields[state.focused];
  if (["a", "b", "t", "x"].includes(lower)) {
    // A/B/T/X always answer the preference, wherever the focus is.
    const target = field?.criterion.kind === "PREFERENCE" ? field : fields.find((candidate) => candidate.criterion.kind === "PREFERENCE");
    const choice = target && fieldChoices(target, current.task.outputs).find((candidate) => candidate.key === key.toUpperCase());
    if (!target || !choice) return { type: "hint", text: `${key.toUpperCase()} does nothing here: this task asks for no preference.` };
    return { type: "answer", fieldId: target.id, answer: choice.answer };
  }
  if (!field) return null;
  if (field.criterion.kind === "RANKING") return rankingKey(state, field, key);
  if (/^[0-9]$/.test(key)) {
    const choices = fieldChoices(field, current.task.outputs);
    const choice = choices.find((candidate) => candidate.key === key);
    if (choice) return { type: "answer", fieldId: field.id, answer: choice.answer };
    const keys = choices.map((candidate) => candidate.key).join(", ");
    return { type: "hint", text: keys ? `${key} is not a choice for ${fieldTitle(field)} (keys: ${keys}).` : `${fieldTitle(field)} is answered by typing, not with number keys.` };
  }
  return null;
}

function rankingKey(state: ScreenState, field: NonNullable<ScreenState["current"]>["task"]["fields"][number], key: string): ScreenEvent | null {
  const current = state.current!;
  const stored = current.form.answers[field.id];
  const order = stored?.kind === "ranking" ? stored.order : current.task.outputs.map((output) => output.id);
  if (/^[1-9]$/.test(key)) {
    if (Number(key) > order.length) return { type: "hint", text: `There are only ${order.length} outputs to rank.` };
    return { type: "focus", index: state.focused, rankCursor: Number(key) - 1 };
  }
  if (key === "ArrowUp" || key === "ArrowDown") {
    const to = state.rankCursor + (key === "ArrowUp" ? -1 : 1);
    if (to < 0 || to >= order.length) return { type: "hint", text: key === "ArrowUp" ? "That output is already ranked first." : "That output is already ranked last." };
    const moved = [...order];
    [moved[state.rankCursor], moved[to]] = [moved[to]!, moved[state.rankCursor]!];
    return { type: "answer", fieldId: field.id, answer: { kind: "ranking", order: moved }, advance: false, rankCursor: to };
  }
  if (key === " ") return { type: "answer", fieldId: field.id, answer: { kind: "ranking", order }, advance: true };
  return null;
}

function hasGuidelines(state: ScreenState) {
  const task = state.current?.task;
  if (!task) return false;
  return task.setup.instructions.trim() !== "" || task.fields.some((field) => field.criterion.description.trim() !== "");
}
