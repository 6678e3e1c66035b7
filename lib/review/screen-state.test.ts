import { describe, expect, it } from "vitest";
import { containsRawId } from "./plain-errors";
import { initialScreenState, reduceScreen, type Command, type ScreenEvent, type ScreenState } from "./screen-state";
import { ACCURATE, advanceResult, CONFIDENT, GAP, HELPFUL, PREFERENCE, progress, RANK, taskView } from "./test/screen-fixtures";

// The review screen's reducer: every transition, and the races a practised
// reviewer's back-to-back keys create around a task change and a submit in flight.

const start = (options: Partial<Parameters<typeof initialScreenState>[0]> = {}) =>
  initialScreenState({ task: taskView(1), next: taskView(2), progress: progress(), ...options });

const run = (state: ScreenState, ...events: (ScreenEvent | string)[]) =>
  events.reduce<ScreenState>((s, event) => reduceScreen(s, typeof event === "string" ? { type: "key", key: event } : event), state);

/** What the queue runner does: take the next command out of the outbox. */
const send = (state: ScreenState) => reduceScreen(state, { type: "send" });
const sentCommand = (state: ScreenState) => state.sending as Command & { kind: "submit"; leaving: { task: { assignmentId: string }; form: { answers: object } }; showing: string | null };

describe("answering by keyboard", () => {
  it("applies back-to-back keys in order, each to the state the previous one left", () => {
    const state = run(start(), "a", "4", "5");
    expect(state.current!.form.answers).toEqual({
      "crit-0": { kind: "preference", winner: "A" },
      "crit-1@A": { kind: "score", value: 4 },
      "crit-1@B": { kind: "score", value: 5 },
    });
  });

  it("moves the focus to the next unanswered criterion, wrapping round, and stays when all are answered", () => {
    let state = run(start(), { type: "focus", index: 2 }, "3");
    expect(state.focused).toBe(0); // wrapped to the unanswered preference
    state = run(state, "b");
    expect(state.focused).toBe(1);
    state = run(state, "2");
    expect(state.focused).toBe(1); // everything answered: the focus stays on the last answer
  });

  it("keeps the focus where it is when the reviewer turned moving on off", () => {
    const state = run(start(), { type: "auto-advance", on: false }, "a");
    expect(state.focused).toBe(0);
    expect(run(state, "j", "4").current!.form.answers["crit-1@A"]).toEqual({ kind: "score", value: 4 });
  });

  it("a pairwise task with a preference and a Likert criterion on each output takes 3 answers + Enter, no navigation key", () => {
    const state = run(start(), "a", "4", "5", "Enter");
    expect(state.outbox).toHaveLength(1);
    expect(state.outbox[0]).toMatchObject({ kind: "submit", showing: "assignment-2" });
    expect((state.outbox[0] as { leaving: { form: { answers: object } } }).leaving.form.answers).toEqual({
      "crit-0": { kind: "preference", winner: "A" },
      "crit-1@A": { kind: "score", value: 4 },
      "crit-1@B": { kind: "score", value: 5 },
    });
  });

  it("with two Likert criteria on two outputs, every answer key still moves on by itself (answers + Enter)", () => {
    const criteria = [PREFERENCE, HELPFUL, ACCURATE];
    const state = run(start({ task: taskView(1, { criteria }), next: taskView(2, { criteria }) }), "t", "4", "5", "3", "2", "Enter");
    expect(state.outbox).toHaveLength(1);
    expect(Object.keys((state.outbox[0] as { leaving: { form: { answers: object } } }).leaving.form.answers)).toHaveLength(5);
  });

  it("a preference and two Likert criteria asked of the comparison take 4 keys: one answer each + Enter", () => {
    const criteria = [PREFERENCE, CONFIDENT, GAP];
    const task = taskView(1, { criteria });
    expect(task.fields.map((field) => field.id)).toEqual(["crit-0", "crit-1", "crit-2"]);
    const state = run(start({ task, next: taskView(2, { criteria }) }), "b", "4", "2", "Enter");
    expect(state.outbox).toHaveLength(1);
    expect(state.outbox[0]).toMatchObject({ kind: "submit", showing: "assignment-2" });
    expect((state.outbox[0] as { leaving: { form: { answers: object } } }).leaving.form.answers).toEqual({
      "crit-0": { kind: "preference", winner: "B" },
      "crit-1": { kind: "score", value: 4 },
      "crit-2": { kind: "score", value: 2 },
    });
    expect(state.current!.task.assignmentId).toBe("assignment-2");
  });

  it("a typed score and a ranking being rearranged keep the focus until Enter or Space", () => {
    const score = { key: "score", name: "Score", kind: "SCORE" as const, config: { min: 0, max: 10 } };
    const task = taskView(1, { criteria: [score, PREFERENCE] });
    const state = run(initialScreenState({ task, next: null, progress: progress() }), { type: "answer", fieldId: "crit-0@A", answer: { kind: "score", value: 7 } });
    expect(state.focused).toBe(0);
    const ranked = taskView(1, { criteria: [RANK, PREFERENCE], outputs: 3 });
    let ranking = run(initialScreenState({ task: ranked, next: null, progress: progress() }), { type: "answer", fieldId: "crit-0", answer: { kind: "ranking", order: ["B", "A", "C"] } });
    expect(ranking.focused).toBe(0);
    ranking = run(ranking, " ");
    expect(ranking.focused).toBe(1);
  });

  it("A/B/T/X answer the preference wherever the focus is", () => {
    const state = run(start(), { type: "focus", index: 2 }, "x");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "BOTH_BAD" });
  });

  it("j/k move between criteria and say so at either end", () => {
    let state = run(start(), "j", "j");
    expect(state.focused).toBe(2);
    state = run(state, "j");
    expect(state.focused).toBe(2);
    expect(state.hint?.text).toBe("This is the last criterion.");
    expect(run(start(), "k").hint?.text).toBe("This is the first criterion.");
  });

  it("ranks with digits, arrows and Space", () => {
    const task = taskView(1, { criteria: [RANK], outputs: 3 });
    let state = run(initialScreenState({ task, next: null, progress: progress() }), "3", "ArrowUp", "ArrowUp");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "ranking", order: ["C", "A", "B"] });
    expect(state.rankCursor).toBe(0);
    expect(run(state, "ArrowUp").hint?.text).toBe("That output is already ranked first.");
    state = run(initialScreenState({ task, next: null, progress: progress() }), " ");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "ranking", order: ["A", "B", "C"] });
    expect(run(state, "9").hint?.text).toBe("There are only 3 outputs to rank.");
  });
});

describe("keys that do nothing here say so", () => {
  it("R without a reference", () => {
    expect(run(start(), "r").hint?.text).toMatch(/R does nothing here: this setup hides the reference answer/);
    const shownButMissing = start({ task: taskView(1, { showReference: true }) });
    expect(run(shownButMissing, "r").hint?.text).toBe("This item has no reference answer.");
    const withReference = start({ task: taskView(1, { showReference: true, reference: "42" }) });
    expect(run(withReference, "r").showReference).toBe(true);
  });

  it("a digit that is not a choice, a preference key without a preference, G without guidelines", () => {
    const state = run(start(), { type: "focus", index: 1 }, "7");
    expect(state.hint?.text).toBe("7 is not a choice for Helpfulness — Output A (keys: 1, 2, 3, 4, 5).");
    expect(state.current!.form.answers).toEqual({});
    const noPreference = start({ task: taskView(1, { criteria: [HELPFUL] }) });
    expect(run(noPreference, "a").hint?.text).toMatch(/asks for no preference/);
    expect(run(start(), "g").hint?.text).toBe("This rubric has no written guidelines yet.");
  });

  it("keys that are no shortcut stay quiet; a hint clears only by its own timer", () => {
    expect(run(start(), "w").hint).toBeNull();
    const hinted = run(start(), "r");
    const again = run(hinted, "r");
    expect(run(again, { type: "clear-hint", seq: hinted.hint!.seq }).hint).not.toBeNull();
    expect(run(again, { type: "clear-hint", seq: again.hint!.seq }).hint).toBeNull();
  });
});

describe("dialogs", () => {
  it("G opens the guidelines when the rubric or a criterion has some; ? the shortcuts; Enter does nothing under a dialog", () => {
    const task = taskView(1, { instructions: "Be **strict**." });
    expect(run(start({ task }), "g").dialog).toBe("guidelines");
    const described = taskView(1, { criteria: [{ ...HELPFUL, description: "Did it answer the question?" }] });
    expect(run(start({ task: described }), "g").dialog).toBe("guidelines");
    expect(run(start(), "?").dialog).toBe("help");
    expect(run(start(), "?", "?").dialog).toBeNull();
    const state = run(start(), "a", "4", "5", { type: "dialog", dialog: "help" }, "Enter");
    expect(state.outbox).toHaveLength(0);
  });

  it("S opens the skip dialog; choosing a reason moves on like a submit", () => {
    let state = run(start(), "s");
    expect(state.dialog).toBe("skip");
    state = run(state, { type: "skip", reason: "outside_expertise" });
    expect(state.dialog).toBeNull();
    expect(state.current!.task.assignmentId).toBe("assignment-2");
    expect(state.outbox[0]).toMatchObject({ kind: "skip", reason: "outside_expertise", showing: "assignment-2" });
  });
});

describe("submitting", () => {
  it("refuses visibly when a required criterion is open, focusing it", () => {
    const state = run(start(), "a", "Enter");
    expect(state.outbox).toHaveLength(0);
    expect(state.missing).toEqual(["crit-1@A", "crit-1@B"]);
    expect(state.focused).toBe(1);
    expect(state.notice).toEqual({ tone: "error", text: "Answer Helpfulness — Output A, Helpfulness — Output B first." });
    expect(run(state, "4").missing).toEqual(["crit-1@B"]);
  });

  it("shows the prefetched task at once; keys pressed right after Enter go to it, never into the label being sent", () => {
    const state = run(start(), "a", "4", "5", "Enter", "b", "1");
    expect(state.current!.task.assignmentId).toBe("assignment-2");
    expect(state.current!.form.answers).toEqual({ "crit-0": { kind: "preference", winner: "B" }, "crit-1@A": { kind: "score", value: 1 } });
    const queued = state.outbox[0] as { leaving: { task: { assignmentId: string }; form: { answers: Record<string, unknown> } } };
    expect(queued.leaving.task.assignmentId).toBe("assignment-1");
    expect(queued.leaving.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "A" });
  });

  it("sends one command at a time, in order", () => {
    let state = run(start(), "a", "4", "5", "Enter");
    state = send(state);
    expect(sentCommand(state).leaving.task.assignmentId).toBe("assignment-1");
    expect(state.outbox).toHaveLength(0);
    expect(send(state)).toBe(state);
  });

  it("Enter while the previous submit is in flight and nothing is prefetched: queued, keys kept for the task on its way", () => {
    let state = send(run(start(), "a", "4", "5", "Enter"));
    state = run(state, "b", "2", "3", "Enter");
    expect(state.current).toBeNull();
    expect(state.waiting).toBe(true);
    expect(state.outbox).toEqual([expect.objectContaining({ kind: "submit", showing: "pending" })]);
    state = run(state, "t", "1", "Enter", "5");
    expect(state.buffered).toEqual(["t", "1", "Enter", "5"]);

    // The first submit's answer brings task 3: it goes on screen, the queued submit learns it moved there,
    // and the kept keys land on it in order (including an Enter that finds an unanswered criterion).
    state = reduceScreen(state, { type: "advanced", id: state.sending!.id, result: advanceResult(taskView(3)) });
    expect(state.current!.task.assignmentId).toBe("assignment-3");
    expect(state.outbox).toEqual([expect.objectContaining({ kind: "submit", showing: "assignment-3" })]);
    expect(state.current!.form.answers).toEqual({ "crit-0": { kind: "preference", winner: "TIE" }, "crit-1@A": { kind: "score", value: 1 }, "crit-1@B": { kind: "score", value: 5 } });
    expect(state.notice?.tone).toBe("error"); // the replayed Enter came before the 5: told, not lost
    expect(state.buffered).toEqual([]);
  });

  it("Enter with nothing prefetched and nothing in flight asks the server for the task to show", () => {
    let state = run(initialScreenState({ task: taskView(1), next: null, progress: progress() }), "a", "4", "5", "Enter", "b");
    expect(state.outbox[0]).toMatchObject({ kind: "submit", showing: null });
    state = send(state);
    state = reduceScreen(state, { type: "advanced", id: state.sending!.id, result: advanceResult(taskView(3), { confirmed: false, task: taskView(2) }) });
    expect(state.current!.task.assignmentId).toBe("assignment-2");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "B" });
    expect(state.next!.task.assignmentId).toBe("assignment-3");
  });

  it("a confirmed submit fills the next slot and counts progress", () => {
    let state = send(run(start(), "a", "4", "5", "Enter"));
    state = reduceScreen(state, { type: "advanced", id: state.sending!.id, result: advanceResult(taskView(3)) });
    expect(state.sending).toBeNull();
    expect(state.current!.task.assignmentId).toBe("assignment-2");
    expect(state.next!.task.assignmentId).toBe("assignment-3");
    expect(state.progress).toMatchObject({ submitted: 1, availableToMe: 9, teamDone: 1 });
    expect(state.notice).toEqual({ tone: "ok", text: "Label submitted. Press Z to reopen it." });
  });

  it("when the prefetched task was lost, shows the server's replacement and says so", () => {
    let state = send(run(start(), "a", "4", "5", "Enter"));
    state = reduceScreen(state, { type: "advanced", id: state.sending!.id, result: advanceResult(taskView(4), { confirmed: false, task: taskView(3) }) });
    expect(state.current!.task.assignmentId).toBe("assignment-3");
    expect(state.next!.task.assignmentId).toBe("assignment-4");
    expect(state.notice?.text).toMatch(/given to someone else/);
  });

  it("the end of the queue: nothing to show, waiting ends", () => {
    let state = send(run(initialScreenState({ task: taskView(1), next: null, progress: progress() }), "a", "4", "5", "Enter", "b"));
    state = reduceScreen(state, { type: "advanced", id: state.sending!.id, result: advanceResult(null, { confirmed: false, task: null }) });
    expect(state.current).toBeNull();
    expect(state.waiting).toBe(false);
    expect(state.hint?.text).toMatch(/Nothing left to review/);
  });

  it("ignores answers to a call that is not the one in flight", () => {
    const state = send(run(start(), "a", "4", "5", "Enter"));
    expect(reduceScreen(state, { type: "advanced", id: state.sending!.id + 99, result: advanceResult(taskView(3)) })).toBe(state);
    expect(reduceScreen(state, { type: "failed", id: state.sending!.id + 99, error: { code: "NETWORK", message: "" } })).toBe(state);
  });

  it("asks for a rationale when the setup requires one for an answer at a scale's end", () => {
    const rule = { criterionKeys: [], atScaleEnds: true };
    let state = run(start({ task: taskView(1, { rationaleRule: rule }) }), "a", "5", "3", "Enter");
    expect(state.outbox).toHaveLength(0);
    expect(state.notice?.text).toBe('"Helpfulness — Output A" is answered at the end of its scale (5): this setup asks you to say why in the rationale box, then submit.');
    expect(state.focusRationale).toBe(1);
    state = run(state, { type: "form", patch: { rationale: "Perfectly on point." } }, { type: "submit" });
    expect(state.outbox).toHaveLength(1);
  });
});

describe("a failed submit keeps the reviewer's work", () => {
  const inFlight = () => send(run(start(), "a", "4", "5", "Enter", "b"));

  it("no answer from the server: the task comes back with its answers, the next one keeps what was typed on it", () => {
    let state = inFlight();
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "NETWORK", message: "Failed to fetch" } });
    expect(state.current!.task.assignmentId).toBe("assignment-1");
    expect(state.current!.form.answers).toEqual({ "crit-0": { kind: "preference", winner: "A" }, "crit-1@A": { kind: "score", value: 4 }, "crit-1@B": { kind: "score", value: 5 } });
    expect(state.next!.task.assignmentId).toBe("assignment-2");
    expect(state.next!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "B" });
    expect(state.notice).toEqual({ tone: "error", text: "Your label was not saved: the connection to the server was lost. Your answers are kept here: press Enter to send them again (a label is only ever stored once)." });
    // Enter retries the same task (same assignment, hence the same client id) and moves on again.
    state = run(state, "Enter");
    expect(state.outbox[0]).toMatchObject({ kind: "submit", showing: "assignment-2" });
    expect((state.outbox[0] as { leaving: { task: { assignmentId: string } } }).leaving.task.assignmentId).toBe("assignment-1");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "B" });
  });

  it("a failure with a submit queued behind it hands both tasks back, nothing lost", () => {
    let state = run(inFlight(), "4", "5", "Enter");
    expect(state.waiting).toBe(true);
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "INTERNAL", message: "Something went wrong." } });
    expect(state.outbox).toEqual([]);
    expect(state.waiting).toBe(false);
    expect(state.current!.task.assignmentId).toBe("assignment-1");
    expect(state.next!.task.assignmentId).toBe("assignment-2");
    expect(Object.keys(state.next!.form.answers)).toHaveLength(3);
    expect(state.notice!.text).toMatch(/^Your label was not saved: the server ran into a problem on its side\./);
  });

  it("a refusal naming criteria marks them, in plain words without ids", () => {
    let state = inFlight();
    const error = { code: "VALIDATION" as const, message: "Helpfulness — Output B: Give a whole number from 1 to 5.", issues: [{ field: "helpful[B]", message: "…" }] };
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error });
    expect(state.missing).toEqual(["crit-1@B"]);
    expect(state.focused).toBe(2);
    expect(state.notice!.text).toBe("Your label was not saved: Helpfulness — Output B: Give a whole number from 1 to 5. Fix it, then press Enter again.");
  });

  it("a server message carrying a raw id is never shown", () => {
    let state = inFlight();
    const error = { code: "VALIDATION" as const, message: "cmx8k2l0a0001qz3h5t6y7u8i@A: This criterion is not part of the task." };
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error });
    expect(containsRawId(state.notice!.text)).toBe(false);
    expect(state.notice!.text).toBe("Your label was not saved: the server refused it. Fix it, then press Enter again.");
  });

  it("refused for good (lease lost): carries on with the task on screen and fetches a next one", () => {
    let state = inFlight();
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "CONFLICT", message: "Your lease on this task expired and another reviewer took it. Nothing was stored." } });
    expect(state.current!.task.assignmentId).toBe("assignment-2");
    expect(state.outbox).toEqual([expect.objectContaining({ kind: "refill" })]);
    expect(state.notice!.text).toBe("Your label was not saved: Your lease on this task expired and another reviewer took it. Nothing was stored. Nothing was stored for that task; carry on with this one.");
    state = send(state);
    state = reduceScreen(state, { type: "queue", id: state.sending!.id, result: { task: taskView(2), next: taskView(5), progress: progress() } });
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "B" });
    expect(state.next!.task.assignmentId).toBe("assignment-5");
  });

  it("refused for good with nothing on screen: re-reads the queue and replays the kept keys there", () => {
    let state = send(run(initialScreenState({ task: taskView(1), next: null, progress: progress() }), "a", "4", "5", "Enter", "x"));
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "NOT_FOUND", message: "This task is not assigned to you in this project." } });
    expect(state.outbox).toEqual([expect.objectContaining({ kind: "reopen" })]);
    state = send(state);
    state = reduceScreen(state, { type: "queue", id: state.sending!.id, result: { task: taskView(6), next: taskView(7), progress: progress() } });
    expect(state.current!.task.assignmentId).toBe("assignment-6");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "BOTH_BAD" });
    expect(state.next!.task.assignmentId).toBe("assignment-7");
  });

  it("re-reading the queue fails with nothing on screen: says so (not \"nothing left\"), until a task shows", () => {
    let state = send(run(initialScreenState({ task: taskView(1), next: null, progress: progress() }), "a", "4", "5", "Enter"));
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "NOT_FOUND", message: "This task is not assigned to you in this project." } });
    state = send(state);
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "NETWORK", message: "" } });
    expect(state).toMatchObject({ current: null, waiting: false, loadFailed: true });
    expect(state.notice!.text).toBe("The next task could not be loaded: the connection to the server was lost. Reload the page to carry on.");
  });
});

describe("undo and edit", () => {
  const labelled = () => ({ ...taskView(1), status: "SUBMITTED", label: { id: "label-1", answers: { "crit-0": { kind: "preference" as const, winner: "A" } }, rationale: "", flags: [], flagNote: "" } });

  it("Z queues behind the submit, then edits the label and comes back to the queue's task as it was", () => {
    let state = run(start(), "a", "4", "5", "Enter", "b", "z");
    expect(state.outbox.map((command) => command.kind)).toEqual(["submit", "undo"]);
    state = send(state);
    state = reduceScreen(state, { type: "advanced", id: state.sending!.id, result: advanceResult(taskView(3)) });
    state = send(state);
    state = reduceScreen(state, { type: "undone", id: state.sending!.id, task: labelled() });
    expect(state.current!.task.label?.id).toBe("label-1");
    expect(state.resume!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "B" });
    expect(run(state, "s").hint?.text).toMatch(/cannot be skipped/);
    state = run(state, "4", "4", "Enter");
    expect(state.outbox).toEqual([expect.objectContaining({ kind: "edit" })]);
    expect(run(state, "Enter").hint?.text).toBe("Already saving this edit…");
    state = send(state);
    state = reduceScreen(state, { type: "edited", id: state.sending!.id });
    expect(state.current!.task.assignmentId).toBe("assignment-2");
    expect(state.current!.form.answers["crit-0"]).toEqual({ kind: "preference", winner: "B" });
    expect(state.next!.task.assignmentId).toBe("assignment-3");
  });

  it("Esc leaves the edit without saving", () => {
    let state = send(run(start(), "z"));
    state = reduceScreen(state, { type: "undone", id: state.sending!.id, task: labelled() });
    state = run(state, "Escape");
    expect(state.current!.task.assignmentId).toBe("assignment-1");
    expect(state.resume).toBeNull();
  });

  it("a failed edit keeps the edit on screen", () => {
    let state = send(run(start(), "z"));
    state = reduceScreen(state, { type: "undone", id: state.sending!.id, task: labelled() });
    state = send(run(state, "4", "4", "Enter"));
    state = reduceScreen(state, { type: "failed", id: state.sending!.id, error: { code: "NETWORK", message: "" } });
    expect(state.current!.task.label?.id).toBe("label-1");
    expect(state.current!.form.answers["crit-1@A"]).toEqual({ kind: "score", value: 4 });
    expect(state.notice!.text).toMatch(/^Your edit was not saved: the connection to the server was lost\./);
  });
});

describe("pointer and form events", () => {
  it("clicks answer and focus like keys; the rationale and the comment are kept per task", () => {
    let state = run(start(), { type: "answer", fieldId: "crit-1@B", answer: { kind: "score", value: 2 } });
    expect(state.focused).toBe(0);
    state = run(state, { type: "form", patch: { flags: ["unsafe"], flagNote: "Gives medical advice." } }, "a", "3", "Enter");
    const sent = state.outbox[0] as { leaving: { form: { flags: string[]; flagNote: string } } };
    expect(sent.leaving.form).toMatchObject({ flags: ["unsafe"], flagNote: "Gives medical advice." });
    expect(state.current!.form).toMatchObject({ flags: [], flagNote: "" });
  });

  it("a resumed draft starts on its first unanswered criterion", () => {
    const task = { ...taskView(1), draft: { answers: { "crit-0": { kind: "preference" as const, winner: "A" } }, rationale: "", flags: [] } };
    expect(initialScreenState({ task, next: null, progress: progress() }).focused).toBe(1);
  });
});
