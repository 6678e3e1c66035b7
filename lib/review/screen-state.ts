import type { ErrorCode, ValidationIssue } from "@/lib/errors";
import { isAnswered, type Answer, type Answers } from "./fields";
import { plainScreenError } from "./plain-errors";
import type { ReviewProgress } from "./queries";
import { rationaleDemand, rationaleMessage } from "./rationale-rule";
import type { FLAGS, SKIP_REASONS } from "./schemas";
import { keyIntent } from "./screen-keys";
import type { TaskView } from "./task-view";

// The review screen's state, as a pure reducer (the screen and its hooks only
// dispatch events and run the commands it queues). Everything the reviewer
// does is an event applied, in the order it happened, to the state left by
// the previous one, so a key can never be read against a stale render: a key
// pressed right after Enter lands on the task Enter moved to. Server calls
// are commands in an outbox sent one at a time (./use-review-queue.ts runs
// it); their answers are events too. The states and races are described in
// docs/ARCHITECTURE.md ("The review screen's state machine").

export type Flag = (typeof FLAGS)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];
export type Form = { answers: Answers; rationale: string; flags: Flag[]; flagNote: string };
/** A task on screen (or held ready) with the reviewer's work on it. */
export type Shown = { task: TaskView; form: Form };
export type Team = { done: number; needed: number; open: number };

/** A failed call: the server's explained refusal, or NETWORK when no answer came. */
export type ScreenError = { code: ErrorCode | "NETWORK"; message: string; issues?: ValidationIssue[] };

/**
 * `showing` is the prefetched task the screen moved to, which the server
 * confirms; "pending" while that task is still on its way (Enter pressed
 * before the previous call brought it), filled in when it arrives.
 */
export type Command =
  | { id: number; kind: "submit"; leaving: Shown; showing: string | null | "pending" }
  | { id: number; kind: "skip"; leaving: Shown; reason: SkipReason; showing: string | null | "pending" }
  | { id: number; kind: "edit"; leaving: Shown }
  | { id: number; kind: "reopen" }
  | { id: number; kind: "refill" }
  | { id: number; kind: "undo" };

export type Notice = { tone: "ok" | "error"; text: string };
export type Dialog = "help" | "guidelines" | "skip";

export type ScreenState = {
  current: Shown | null;
  /** No task on screen because the server is bringing the next one: keys pressed now are kept for it. */
  waiting: boolean;
  /** The next task, leased and loaded ahead (with any work a failed submit handed back). */
  next: Shown | null;
  /** Reading the queue failed with nothing on screen: the screen says so instead of "nothing left". */
  loadFailed: boolean;
  /** The queue's task put aside while a reopened label is edited (Z), shown again after. */
  resume: Shown | null;
  focused: number;
  rankCursor: number;
  missing: string[];
  outbox: Command[];
  sending: Command | null;
  /** Keys pressed while waiting for a task, replayed on it in order. */
  buffered: string[];
  notice: Notice | null;
  /** A short-lived message (aria-live) for a key that does nothing here; `seq` restarts its timer. */
  hint: { text: string; seq: number } | null;
  dialog: Dialog | null;
  showReference: boolean;
  /** Answering a criterion moves the focus to the next unanswered one (the reviewer's setting). */
  autoAdvance: boolean;
  /** Bumped to ask the screen to move the keyboard focus into the rationale box. */
  focusRationale: number;
  progress: ReviewProgress;
  seq: number;
};

export type ServerAdvance = { current: { confirmed: true } | { confirmed: false; task: TaskView | null }; next: TaskView | null; team: Team };
export type ServerQueue = { task: TaskView | null; next: TaskView | null; progress: ReviewProgress };

export type ScreenEvent =
  | { type: "key"; key: string }
  /** `advance: false` keeps the focus where it is (moving an output within a ranking); `rankCursor` follows a moved output. */
  | { type: "answer"; fieldId: string; answer: Answer; advance?: boolean; rankCursor?: number }
  | { type: "hint"; text: string }
  | { type: "undo" }
  | { type: "focus"; index: number; rankCursor?: number }
  | { type: "form"; patch: Partial<Pick<Form, "rationale" | "flags" | "flagNote">> }
  | { type: "submit" }
  | { type: "skip"; reason: SkipReason }
  | { type: "dialog"; dialog: Dialog | null }
  | { type: "toggle-reference" }
  | { type: "auto-advance"; on: boolean }
  | { type: "leave-edit" }
  | { type: "send" }
  | { type: "advanced"; id: number; result: ServerAdvance }
  | { type: "edited"; id: number }
  | { type: "queue"; id: number; result: ServerQueue }
  | { type: "undone"; id: number; task: TaskView }
  | { type: "failed"; id: number; error: ScreenError }
  | { type: "clear-hint"; seq: number };

export function formOf(task: TaskView): Form {
  const source = task.label ?? task.draft ?? null;
  return {
    answers: { ...(source?.answers ?? {}) },
    rationale: source?.rationale ?? "",
    flags: (source?.flags ?? []) as Flag[],
    flagNote: source?.flagNote ?? "",
  };
}

const shown = (task: TaskView | null): Shown | null => (task ? { task, form: formOf(task) } : null);
export const isEditing = (state: Pick<ScreenState, "current">) => !!state.current?.task.label;

type FieldOf = TaskView["fields"][number];
const fieldDone = (field: FieldOf, answers: Answers) => isAnswered({ id: field.id, criterion: field.criterion, outputId: field.outputId ?? undefined }, answers[field.id]);

/** The first unanswered field after `from` (wrapping round), or -1 when every field is answered. */
export function nextUnanswered(fields: FieldOf[], answers: Answers, from: number) {
  for (let step = 1; step <= fields.length; step++) {
    const index = (from + step) % fields.length;
    if (!fieldDone(fields[index]!, answers)) return index;
  }
  return -1;
}

export function fieldTitle(field: Pick<FieldOf, "outputId" | "criterion">) {
  return field.outputId ? `${field.criterion.name} — Output ${field.outputId}` : field.criterion.name;
}

export function initialScreenState(input: { task: TaskView | null; next: TaskView | null; progress: ReviewProgress; autoAdvance?: boolean }): ScreenState {
  const current = shown(input.task);
  return {
    current,
    waiting: false,
    loadFailed: false,
    next: shown(input.next),
    resume: null,
    focused: current ? firstFocus(current) : 0,
    rankCursor: 0,
    missing: [],
    outbox: [],
    sending: null,
    buffered: [],
    notice: null,
    hint: null,
    dialog: null,
    showReference: false,
    autoAdvance: input.autoAdvance ?? true,
    focusRationale: 0,
    progress: input.progress,
    seq: 0,
  };
}

/** Where the focus starts on a task: its first unanswered criterion (a resumed draft goes on where it stopped). */
function firstFocus(current: Shown) {
  const index = nextUnanswered(current.task.fields, current.form.answers, current.task.fields.length - 1);
  return index < 0 ? 0 : index;
}

/** Puts a task on screen, fresh: focus on its first open criterion, nothing missing, reference folded. */
function show(state: ScreenState, next: Shown | null): ScreenState {
  return { ...state, current: next, waiting: false, loadFailed: false, focused: next ? firstFocus(next) : 0, rankCursor: 0, missing: [], showReference: false };
}

function hint(state: ScreenState, text: string): ScreenState {
  return { ...state, hint: { text, seq: state.seq + 1 }, seq: state.seq + 1 };
}

/** A command before the outbox numbers it (Omit over each member of the union). */
type NewCommand = Command extends infer C ? (C extends Command ? Omit<C, "id"> : never) : never;

function enqueue(state: ScreenState, command: NewCommand): ScreenState {
  return { ...state, outbox: [...state.outbox, { ...command, id: state.seq + 1 } as Command], seq: state.seq + 1 };
}

const isAdvancing = (command: Command): command is Extract<Command, { kind: "submit" | "skip" }> => command.kind === "submit" || command.kind === "skip";

/** A task arrived for a screen that was waiting: show it, tell a queued submit it is the one it moved to, replay the keys kept for it. */
function arrive(state: ScreenState, task: TaskView | null): ScreenState {
  const pending = state.outbox.findIndex((command) => isAdvancing(command) && command.showing === "pending");
  const outbox = pending < 0 ? state.outbox : state.outbox.map((command, index) => (index === pending ? { ...command, showing: task?.assignmentId ?? null } : command));
  let after = show({ ...state, outbox, buffered: [] }, shown(task));
  if (!task) return state.buffered.length > 0 ? hint(after, "Nothing left to review: the keys pressed meanwhile had no task to go to.") : after;
  for (const key of state.buffered) after = reduceScreen(after, { type: "key", key });
  return after;
}

function answerField(state: ScreenState, fieldId: string, answer: Answer, options: { advance?: boolean } = {}): ScreenState {
  const current = state.current!;
  const answers = { ...current.form.answers, [fieldId]: answer };
  const index = current.task.fields.findIndex((field) => field.id === fieldId);
  let focused = state.focused;
  // A typed score (7, then .5) and a ranking being rearranged are not finished by one change:
  // they move on only when asked (Enter in the box, Space for the ranking).
  const kind = index >= 0 ? current.task.fields[index]!.criterion.kind : null;
  const moveOn = options.advance ?? (kind !== "SCORE" && kind !== "RANKING");
  if (state.autoAdvance && moveOn && index >= 0) {
    const following = nextUnanswered(current.task.fields, answers, index);
    focused = following < 0 ? index : following;
  }
  return {
    ...state,
    current: { ...current, form: { ...current.form, answers } },
    missing: state.missing.filter((id) => id !== fieldId),
    focused,
    rankCursor: focused === state.focused ? state.rankCursor : 0,
  };
}

/** Enter: checks what can be checked here, then moves on to the prefetched task at once and queues the call. */
function submit(state: ScreenState): ScreenState {
  const current = state.current;
  if (!current) return state.waiting ? { ...state, buffered: [...state.buffered, "Enter"] } : hint(state, "Nothing to submit here.");
  if (state.dialog) return state;
  const { fields } = current.task;
  const unanswered = fields.filter((field) => field.criterion.required && !fieldDone(field, current.form.answers));
  if (unanswered.length > 0) {
    const first = fields.indexOf(unanswered[0]!);
    return { ...state, missing: unanswered.map((field) => field.id), focused: first, rankCursor: 0, notice: { tone: "error", text: `Answer ${unanswered.map(fieldTitle).join(", ")} first.` } };
  }
  const demand = rationaleDemand(current.task.setup.rationaleRule, fields, current.form.answers);
  if (demand && current.form.rationale.trim() === "") {
    return { ...state, notice: { tone: "error", text: rationaleMessage(demand, fieldTitle(demand.field)) }, focusRationale: state.focusRationale + 1 };
  }
  if (isEditing(state)) {
    if (state.sending?.kind === "edit" || state.outbox.some((command) => command.kind === "edit")) return hint(state, "Already saving this edit…");
    return { ...enqueue(state, { kind: "edit", leaving: current }), notice: null };
  }
  return moveOn(state, { kind: "submit", leaving: current });
}

/** Submit or skip: the prefetched task comes on screen now, or the screen waits for the server's. */
function moveOn(state: ScreenState, command: { kind: "submit"; leaving: Shown } | { kind: "skip"; leaving: Shown; reason: SkipReason }): ScreenState {
  const busy = state.sending !== null || state.outbox.length > 0;
  if (state.next) {
    const after = enqueue(show({ ...state, next: null, notice: null, dialog: null }, state.next), { ...command, showing: state.next.task.assignmentId });
    return after;
  }
  // No task ready: an earlier call in flight will bring it ("pending"), or this call will.
  return { ...enqueue({ ...state, current: null, waiting: true, notice: null, dialog: null, missing: [] }, { ...command, showing: busy ? "pending" : null }) };
}

function skip(state: ScreenState, reason: SkipReason): ScreenState {
  if (!state.current || isEditing(state)) return { ...state, dialog: null };
  return moveOn(state, { kind: "skip", leaving: state.current, reason });
}

/** Failures the reviewer can retry (or fix) with the same answers: the call may not have arrived, or was refused for now. */
export function worthRetrying(error: ScreenError) {
  return ["NETWORK", "INTERNAL", "RATE_LIMITED", "VALIDATION", "UNAUTHENTICATED"].includes(error.code);
}

/** Field ids named by a server's validation issues ("helpfulness[A]", "preference"). */
export function fieldsOfIssues(fields: FieldOf[], issues: ValidationIssue[] = []) {
  return fields
    .filter((field) => issues.some((issue) => issue.field === (field.outputId ? `${field.criterion.key}[${field.outputId}]` : field.criterion.key)))
    .map((field) => field.id);
}

function failed(state: ScreenState, command: Command, error: ScreenError): ScreenState {
  const text = plainScreenError(error, command.kind);
  const base = { ...state, sending: null, notice: { tone: "error" as const, text } };
  if (command.kind === "edit") return base;
  if (!isAdvancing(command)) {
    // Reading the queue failed: with nothing on screen, say so and let Enter try again.
    return base.waiting || !base.current ? { ...base, waiting: false, current: null, loadFailed: true } : base;
  }
  if (worthRetrying(error)) {
    // The reviewer's work comes back: the task sent is shown again with its answers; the task that
    // replaced it (or a later submit queued behind it) goes back to being the next one, answers kept.
    const queued = state.outbox.find(isAdvancing);
    const putBack = queued ? queued.leaving : state.current && state.current.task.assignmentId === command.showing ? state.current : state.next;
    const restored = show({ ...base, outbox: state.outbox.filter((other) => !isAdvancing(other)), buffered: [], next: putBack }, command.leaving);
    const missing = fieldsOfIssues(command.leaving.task.fields, error.issues);
    if (missing.length === 0) return restored;
    return { ...restored, missing, focused: command.leaving.task.fields.findIndex((field) => field.id === missing[0]) };
  }
  // Refused for good (the lease went to someone else): nothing to retry, carry on with the queue.
  if (state.outbox.some(isAdvancing)) return base;
  if (state.waiting || !state.current) return enqueue(base, { kind: "reopen" });
  return state.next ? base : enqueue(base, { kind: "refill" });
}

function advanced(state: ScreenState, command: Command, result: ServerAdvance): ScreenState {
  const kind = command.kind;
  const progress = {
    ...state.progress,
    submitted: state.progress.submitted + (kind === "submit" ? 1 : 0),
    skipped: state.progress.skipped + (kind === "skip" ? 1 : 0),
    availableToMe: Math.max(0, Math.min(state.progress.availableToMe - 1, result.team.open)),
    teamDone: Math.max(kind === "submit" ? result.team.done : state.progress.teamDone, Math.min(result.team.needed, state.progress.teamDone + (kind === "submit" ? 1 : 0))),
    teamNeeded: result.team.needed,
  };
  let after: ScreenState = { ...state, sending: null, progress, notice: { tone: "ok", text: kind === "submit" ? "Label submitted. Press Z to reopen it." : "Task skipped." } };
  const showing = isAdvancing(command) ? command.showing : null;
  if (!result.current.confirmed) {
    const replacement = result.current.task;
    if (after.waiting) after = arrive(after, replacement);
    else if (after.current && after.current.task.assignmentId === showing && replacement?.assignmentId !== showing) {
      // The prefetched task was no longer ours (its lease ran out and someone took it).
      after = show({ ...after, notice: { tone: "error", text: "The task you had moved on to was given to someone else while you were away; here is another one." } }, shown(replacement));
    }
  }
  if (result.next) {
    const taken = [after.current?.task.assignmentId, after.resume?.task.assignmentId];
    if (after.waiting) after = arrive(after, result.next);
    else if (!after.next && !taken.includes(result.next.assignmentId)) after = { ...after, next: shown(result.next) };
  } else if (after.waiting && !after.outbox.some(isAdvancing)) {
    after = arrive(after, null);
  }
  return after;
}

function queueRead(state: ScreenState, command: Command, result: ServerQueue): ScreenState {
  let after: ScreenState = { ...state, sending: null, progress: result.progress };
  if (command.kind === "reopen" || after.waiting || !after.current) {
    after = after.waiting ? arrive(after, result.task) : show(after, shown(result.task));
    return { ...after, next: result.next && result.next.assignmentId !== after.current?.task.assignmentId ? shown(result.next) : null };
  }
  // A refill: only the next task is wanted; the one on screen stays as the reviewer left it.
  const candidate = [result.task, result.next].find((task) => task && task.assignmentId !== after.current?.task.assignmentId) ?? null;
  return after.next ? after : { ...after, next: shown(candidate) };
}

export function reduceScreen(state: ScreenState, event: ScreenEvent): ScreenState {
  switch (event.type) {
    case "key": {
      // Waiting for the next task: the key is meant for it, so it is kept and replayed there.
      if (!state.current && state.waiting) return { ...state, buffered: [...state.buffered, event.key] };
      const intent = keyIntent(state, event.key);
      return intent ? reduceScreen(state, intent) : state;
    }
    case "answer": {
      if (!state.current) return state;
      const after = answerField(state, event.fieldId, event.answer, { advance: event.advance });
      return event.rankCursor === undefined ? after : { ...after, rankCursor: event.rankCursor };
    }
    case "hint":
      return hint(state, event.text);
    case "undo":
      // Z right after Enter: the undo waits in the outbox behind the submit, so it reopens that label.
      if (isEditing(state)) return hint(state, "You are already editing a label: Enter saves it, Esc goes back.");
      return enqueue(state, { kind: "undo" });
    case "focus":
      return { ...state, focused: event.index, rankCursor: event.rankCursor ?? (event.index === state.focused ? state.rankCursor : 0) };
    case "form":
      return state.current ? { ...state, current: { ...state.current, form: { ...state.current.form, ...event.patch } } } : state;
    case "submit":
      return submit(state);
    case "skip":
      return skip(state, event.reason);
    case "dialog":
      return { ...state, dialog: event.dialog };
    case "toggle-reference":
      return { ...state, showReference: !state.showReference };
    case "auto-advance":
      return { ...state, autoAdvance: event.on };
    case "leave-edit":
      if (!isEditing(state)) return state;
      return state.resume ? { ...show(state, state.resume), resume: null, notice: null } : enqueue({ ...state, current: null, waiting: true, notice: null }, { kind: "reopen" });
    case "send":
      if (state.sending || state.outbox.length === 0) return state;
      return { ...state, sending: state.outbox[0]!, outbox: state.outbox.slice(1) };
    case "advanced":
      return state.sending?.id === event.id ? advanced(state, state.sending, event.result) : state;
    case "queue":
      return state.sending?.id === event.id ? queueRead(state, state.sending, event.result) : state;
    case "edited": {
      if (state.sending?.id !== event.id) return state;
      const notice: Notice = { tone: "ok", text: "Your edit was saved; the previous answers are kept in the label's history." };
      const base = { ...state, sending: null, notice };
      return state.resume ? { ...show(base, state.resume), resume: null } : enqueue({ ...base, current: null, waiting: true }, { kind: "reopen" });
    }
    case "undone": {
      if (state.sending?.id !== event.id) return state;
      const notice: Notice = { tone: "ok", text: "Reopened your last label. Change it and press Enter to save, or Esc to go back." };
      return { ...show({ ...state, sending: null, notice, resume: isEditing(state) ? state.resume : state.current }, shown(event.task)) };
    }
    case "failed":
      return state.sending?.id === event.id ? failed(state, state.sending, event.error) : state;
    case "clear-hint":
      return state.hint?.seq === event.seq ? { ...state, hint: null } : state;
  }
}
