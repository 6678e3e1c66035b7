"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ConversationView } from "@/components/output/conversation-view";
import { Markdown } from "@/components/output/markdown";
import { OutputColumns } from "@/components/output/output-columns";
import { parseContext, RetrievedContext } from "@/components/output/retrieved-context";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { autosaveDraft, reopenLastLabel, saveLabelEdit, skipAndNext } from "@/lib/review/actions";
import { fieldChoices, isAnswered, type Answer, type Answers } from "@/lib/review/fields";
import { plainPrompt } from "@/lib/review/conversation";
import type { ReviewProgress } from "@/lib/review/queries";
import type { TaskView } from "@/lib/review/queue";
import { FLAG_LABELS, FLAGS, SKIP_REASON_LABELS, SKIP_REASONS } from "@/lib/review/schemas";
import { openQueue, submitAndNext } from "./review-api";
import { fieldTitle, RubricForm } from "./rubric-form";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { useActiveTime } from "./use-active-time";
import { useModalDialog } from "@/components/ui/use-modal-dialog";

type Flag = (typeof FLAGS)[number];

const DRAFT_DEBOUNCE_MS = 700;

/** One id per assignment, kept in localStorage: a retry after a reload or a lost connection sends the same id. */
function clientIdFor(assignmentId: string) {
  const key = `touchstone:submit:${assignmentId}`;
  try {
    const existing = window.localStorage.getItem(key);
    if (existing) return existing;
    const created = crypto.randomUUID();
    window.localStorage.setItem(key, created);
    return created;
  } catch {
    return `${assignmentId}-${Date.now()}`;
  }
}

type FormState = ReturnType<typeof initialState>;

function initialState(task: TaskView | null) {
  const source = task?.label ?? task?.draft ?? null;
  return {
    answers: (source?.answers ?? {}) as Answers,
    rationale: source?.rationale ?? "",
    flags: (source?.flags ?? []) as Flag[],
  };
}

function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["radio", "checkbox", "button"].includes(target.type);
  return target.isContentEditable;
}

type ActionError = { code: string; message: string; issues?: { field: string }[] };

class ActionFailed extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
  }
}

/** A failed submit whose outcome is unknown (no answer) or that the reviewer must fix, as opposed to one the server refused for good. */
function worthRetrying(error: unknown) {
  return !(error instanceof ActionFailed) || error.error.code === "VALIDATION" || error.error.code === "INTERNAL" || error.error.code === "RATE_LIMITED";
}

function errorText(error: unknown) {
  if (error instanceof ActionFailed) return error.message;
  return "Could not reach the server. Your answers are kept here; press Enter to try again.";
}

export function ReviewScreen({ projectId, setupId, initialTask, initialNext, initialProgress }: {
  projectId: string;
  setupId: string;
  initialTask: TaskView | null;
  /** The task after this one, already leased and loaded: submitting shows it at once. */
  initialNext: TaskView | null;
  initialProgress: ReviewProgress;
}) {
  const [task, setTask] = useState(initialTask);
  const [next, setNext] = useState(initialNext);
  const [progress, setProgress] = useState(initialProgress);
  const [state, setState] = useState(() => initialState(initialTask));
  const [focused, setFocused] = useState(0);
  const [rankCursor, setRankCursor] = useState(0);
  const [showHelp, setShowHelp] = useState(false);
  const [showReference, setShowReference] = useState(false);
  const [skipOpen, setSkipOpen] = useState(false);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [saveState, setSaveState] = useState<"saved" | "saving" | "unsaved" | "error">("saved");
  const activeTime = useActiveTime();
  const inFlight = useRef(false);
  // The submit or skip under way, so that Z (undo) waits for it to land first.
  const settling = useRef<Promise<void> | null>(null);
  const latestState = useRef(state);
  const draftTimer = useRef<number | undefined>(undefined);
  const editing = !!task?.label;

  const outputs = useMemo(() => task?.outputs.map((o) => ({ id: o.id, letter: o.letter })) ?? [], [task]);
  const fields = useMemo(() => task?.fields.map((f) => ({ id: f.id, outputId: f.outputId, criterion: f.criterion })) ?? [], [task]);
  const isDone = (f: (typeof fields)[number]) => isAnswered({ id: f.id, criterion: f.criterion, outputId: f.outputId ?? undefined }, state.answers[f.id]);

  useEffect(() => {
    latestState.current = state;
  });

  const showTask = useCallback((shown: TaskView | null, form?: FormState) => {
    setTask(shown);
    setState(form ?? initialState(shown));
    setFocused(0);
    setRankCursor(0);
    setMissing(new Set());
    setShowReference(false);
    setSaveState("saved");
    window.clearTimeout(draftTimer.current);
    window.scrollTo({ top: 0 });
  }, []);

  // ── drafts ──
  const saveDraftNow = useCallback(
    async (snapshot = state) => {
      if (!task || editing || task.status !== "LEASED") return;
      window.clearTimeout(draftTimer.current);
      setSaveState("saving");
      const delta = activeTime.take();
      const result = await autosaveDraft({ projectId, assignmentId: task.assignmentId, draft: snapshot, activeMsDelta: delta }).catch(() => null);
      if (!result?.ok) activeTime.giveBack(delta);
      setSaveState(result?.ok ? "saved" : "error");
    },
    [task, editing, state, projectId, activeTime],
  );

  function update(next: Partial<typeof state>) {
    const merged = { ...state, ...next };
    setState(merged);
    if (editing) return;
    setSaveState("unsaved");
    window.clearTimeout(draftTimer.current);
    draftTimer.current = window.setTimeout(() => void saveDraftNow(merged), DRAFT_DEBOUNCE_MS);
  }

  function answer(fieldId: string, value: Answer) {
    update({ answers: { ...state.answers, [fieldId]: value } });
    setMissing((current) => {
      const next = new Set(current);
      next.delete(fieldId);
      return next;
    });
  }

  // Save the draft when the tab is hidden or closed, and keep active time flowing.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden") void saveDraftNow();
    };
    document.addEventListener("visibilitychange", onHide);
    const heartbeat = window.setInterval(() => void saveDraftNow(), 30_000);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.clearInterval(heartbeat);
    };
  }, [saveDraftNow]);

  // ── submit, skip, undo ──
  async function submit() {
    if (!task || inFlight.current) return;
    const unanswered = fields.filter((f) => f.criterion.required && !isDone(f));
    if (unanswered.length > 0) {
      setMissing(new Set(unanswered.map((f) => f.id)));
      const index = fields.findIndex((f) => f.id === unanswered[0]!.id);
      setFocused(index);
      document.getElementById(`field-${index}`)?.focus();
      setNotice({ tone: "error", text: `Answer ${unanswered.map((f) => fieldTitle(f, outputs)).join(", ")} first.` });
      return;
    }
    inFlight.current = true;
    setPending(true);
    window.clearTimeout(draftTimer.current);
    const delta = activeTime.take();
    if (editing) {
      try {
        const result = await saveLabelEdit({ projectId, labelId: task.label!.id, answers: state.answers, rationale: state.rationale, flags: state.flags });
        if (!result.ok) throw new ActionFailed(result.error);
        await reopenQueue();
        setNotice({ tone: "ok", text: "Your edit was saved; the previous answers are kept in the label's history." });
      } catch (error) {
        setNotice({ tone: "error", text: errorText(error) });
      } finally {
        inFlight.current = false;
        setPending(false);
      }
      return;
    }
    const submitted = { task, form: state };
    const run = advance(submitted, async (showing) => {
      const result = await submitAndNext(projectId, setupId, {
        showing,
        assignmentId: submitted.task.assignmentId,
        clientId: clientIdFor(submitted.task.assignmentId),
        answers: submitted.form.answers,
        rationale: submitted.form.rationale,
        flags: submitted.form.flags,
        activeMsDelta: delta,
      });
      if (!result.ok) throw new ActionFailed(result.error);
      setProgress((p) => ({
        ...p,
        submitted: p.submitted + 1,
        availableToMe: Math.max(0, Math.min(p.availableToMe - 1, result.data.team.open)),
        teamDone: Math.max(result.data.team.done, Math.min(result.data.team.needed, p.teamDone + 1)),
        teamNeeded: result.data.team.needed,
      }));
      setNotice({ tone: "ok", text: "Label submitted. Press Z to reopen it." });
      return result.data;
    }).catch((error) => {
      activeTime.giveBack(delta);
      if (error instanceof ActionFailed && error.error.issues) setMissing(new Set(error.error.issues.map((issue) => fields.find((f) => f.criterion.key === issue.field.split("[")[0])?.id ?? "")));
      setNotice({ tone: "error", text: errorText(error) });
    });
    await run;
  }

  /**
   * Submit and skip: the prefetched task is shown at once while the call is
   * under way; the call confirms it (or names a replacement) and brings the
   * one after it. If the call fails in a way worth retrying, the task being
   * submitted comes back with its answers, and the prefetched one keeps
   * whatever was already answered on it.
   */
  function advance(
    leaving: { task: TaskView; form: FormState },
    call: (showing: string | null) => Promise<{ current: { confirmed: true } | { confirmed: false; task: TaskView | null }; next: TaskView | null; team: { done: number; needed: number; open: number } }>,
  ) {
    const prefetched = next;
    if (prefetched) {
      showTask(prefetched);
      setNext(null);
    }
    const settled = (async () => {
      try {
        const result = await call(prefetched?.assignmentId ?? null);
        if (!result.current.confirmed) showTask(result.current.task);
        setNext(result.next);
      } catch (error) {
        if (worthRetrying(error)) {
          if (prefetched) setNext({ ...prefetched, draft: latestState.current });
          showTask(leaving.task, leaving.form);
        } else if (!prefetched) {
          // Refused for good (the lease was lost): move on to whatever the queue holds now.
          await reopenQueue().catch(() => undefined);
        } else {
          void refillNext();
        }
        throw error;
      } finally {
        inFlight.current = false;
        setPending(false);
      }
    })();
    settling.current = settled.catch(() => undefined);
    return settled;
  }

  /** Re-reads the queue: the current task (resumed with its draft) and the next one. */
  async function reopenQueue() {
    const result = await openQueue(projectId, setupId);
    if (!result.ok) throw new ActionFailed(result.error);
    showTask(result.data.task);
    setNext(result.data.next);
    setProgress(result.data.progress);
  }

  /** After a refused submit the prefetched task is shown without a next one behind it: fetch it. */
  async function refillNext() {
    const result = await openQueue(projectId, setupId).catch(() => null);
    if (result?.ok) setNext(result.data.next);
  }

  async function skip(reason: (typeof SKIP_REASONS)[number]) {
    if (!task || editing || inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setSkipOpen(false);
    window.clearTimeout(draftTimer.current);
    const skipped = { task, form: state };
    await advance(skipped, async (showing) => {
      const result = await skipAndNext({ projectId, setupId, showing, assignmentId: skipped.task.assignmentId, reason, flags: skipped.form.flags });
      if (!result.ok) throw new ActionFailed(result.error);
      setProgress((p) => ({ ...p, skipped: p.skipped + 1, availableToMe: Math.max(0, Math.min(p.availableToMe - 1, result.data.team.open)), teamDone: Math.max(p.teamDone, result.data.team.done), teamNeeded: result.data.team.needed }));
      setNotice({ tone: "ok", text: "Task skipped." });
      return result.data;
    }).catch((error) => setNotice({ tone: "error", text: errorText(error) }));
  }

  async function undoLast() {
    if (editing) return;
    // Z right after Enter: let the submission land first, then reopen it.
    await settling.current;
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      await saveDraftNow();
      const result = await reopenLastLabel({ projectId });
      if (!result.ok) throw new Error(result.error.message);
      showTask(result.data);
      setNotice({ tone: "ok", text: "Reopened your last label. Change it and press Enter to save, or Esc to go back." });
    } catch (error) {
      setNotice({ tone: "error", text: error instanceof Error ? error.message : "Nothing to undo." });
    } finally {
      inFlight.current = false;
    }
  }

  async function leaveEdit() {
    try {
      await reopenQueue();
      setNotice(null);
    } catch (error) {
      setNotice({ tone: "error", text: errorText(error) });
    }
  }

  // ── keyboard ──
  const keyHandler = useRef<(event: KeyboardEvent) => void>(() => {});
  function onKey(event: KeyboardEvent) {
    if (showHelp || skipOpen) return;
    if (event.metaKey || event.altKey) return;
    const typing = isTyping(event.target);
    if (typing) {
      if (event.key === "Enter" && event.ctrlKey) {
        event.preventDefault();
        void submit();
      } else if (event.key === "Escape") (event.target as HTMLElement).blur();
      return;
    }
    if (event.ctrlKey) return;
    const key = event.key;
    if (key === "?") {
      event.preventDefault();
      setShowHelp(true);
      return;
    }
    if (!task) return;
    const field = fields[focused];
    const lower = key.toLowerCase();
    if (lower === "j" || lower === "k") {
      event.preventDefault();
      const next = Math.max(0, Math.min(fields.length - 1, focused + (lower === "j" ? 1 : -1)));
      setFocused(next);
      setRankCursor(0);
      document.getElementById(`field-${next}`)?.focus();
      return;
    }
    if (key === "Enter") {
      if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
      event.preventDefault();
      void submit();
      return;
    }
    if (key === "Escape" && editing) {
      void leaveEdit();
      return;
    }
    if (lower === "z") return void undoLast();
    if (lower === "r" && task.item.reference !== null) return setShowReference((value) => !value);
    if (lower === "s" && !editing) return setSkipOpen(true);
    if (["a", "b", "t", "x"].includes(lower)) {
      const target = field?.criterion.kind === "PREFERENCE" ? field : fields.find((f) => f.criterion.kind === "PREFERENCE");
      const choice = target && fieldChoices(target, outputs).find((c) => c.key === key.toUpperCase());
      if (target && choice) {
        event.preventDefault();
        answer(target.id, choice.answer);
      }
      return;
    }
    if (!field) return;
    if (field.criterion.kind === "RANKING") {
      const order = state.answers[field.id]?.kind === "ranking" ? (state.answers[field.id] as { order: string[] }).order : outputs.map((o) => o.id);
      if (/^[1-9]$/.test(key) && Number(key) <= order.length) {
        setRankCursor(Number(key) - 1);
        return;
      }
      if (key === "ArrowUp" || key === "ArrowDown") {
        event.preventDefault();
        const to = rankCursor + (key === "ArrowUp" ? -1 : 1);
        if (to < 0 || to >= order.length) return;
        const moved = [...order];
        [moved[rankCursor], moved[to]] = [moved[to]!, moved[rankCursor]!];
        answer(field.id, { kind: "ranking", order: moved });
        setRankCursor(to);
        return;
      }
      if (key === " ") {
        event.preventDefault();
        answer(field.id, { kind: "ranking", order });
      }
      return;
    }
    if (/^[0-9]$/.test(key)) {
      const choice = fieldChoices(field, outputs).find((c) => c.key === key);
      if (choice) {
        event.preventDefault();
        answer(field.id, choice.answer);
      }
    }
  }
  // The window listener is added once and always calls the latest handler.
  useEffect(() => {
    keyHandler.current = onKey;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  const mine = progress.submitted;
  const header = (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <div className="flex items-center gap-3">
        <Link href={`/projects/${projectId}/review`} className="text-sm text-brand-700 underline">
          ← Review
        </Link>
        <h2 className="text-lg font-semibold text-slate-900">{task?.setup.name ?? "Review"}</h2>
      </div>
      <div className="flex min-w-64 flex-1 flex-wrap items-center justify-end gap-4 text-sm text-slate-700">
        <span>
          Mine: <strong>{mine}</strong> done · <strong>{progress.availableToMe}</strong> left
        </span>
        <div className="w-48">
          <ProgressBar value={progress.teamDone} max={progress.teamNeeded} label="Team progress" />
        </div>
        <Button variant="secondary" onClick={() => setShowHelp(true)} aria-keyshortcuts="?">
          Shortcuts <kbd className="font-mono text-xs">?</kbd>
        </Button>
      </div>
    </div>
  );

  const status = notice && (
    <p role="status" className={`mb-3 rounded-md px-3 py-2 text-sm ${notice.tone === "ok" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
      {notice.text}
    </p>
  );

  if (!task) {
    return (
      <div>
        {header}
        {status}
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <h3 className="text-sm font-semibold text-slate-900">Nothing left for you here</h3>
          <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">Every task in this setup has its labels or has been seen by you. Thank you! Press Z to reopen your last label.</p>
          <div className="mt-4">
            <Link href={`/projects/${projectId}/review/mine`} className="text-sm font-medium text-brand-700 underline">
              See my work
            </Link>
          </div>
        </div>
        <ShortcutsDialog open={showHelp} onClose={() => setShowHelp(false)} />
      </div>
    );
  }

  const context = parseContext(task.item.context);
  const { conversation } = task;
  const multiTurn = conversation.of > 1;
  const turnMarker = `Turn ${conversation.position} of ${conversation.of}`;
  const prompt = multiTurn ? null : plainPrompt(conversation);

  return (
    <div data-assignment={task.assignmentId}>
      {header}
      {status}
      {editing && (
        <p className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Editing a submitted label. Enter saves the change (history is kept); <button type="button" className="underline" onClick={() => void leaveEdit()}>Esc goes back</button> to your queue.
        </p>
      )}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <section aria-labelledby="prompt-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex items-center justify-between gap-2">
              <h3 id="prompt-title" className="text-sm font-semibold text-slate-900">
                {multiTurn ? "Conversation" : "Prompt"} <span className="font-normal text-slate-600">· {task.item.externalId}</span>
                {multiTurn && (
                  <span data-testid="turn-marker" className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800">
                    {turnMarker}
                  </span>
                )}
              </h3>
              {task.item.reference !== null && (
                <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setShowReference((v) => !v)} aria-expanded={showReference} aria-keyshortcuts="R">
                  {showReference ? "Hide reference" : "Show reference"} <kbd className="font-mono">R</kbd>
                </Button>
              )}
            </div>
            <div className="mt-2 space-y-3">
              {prompt !== null ? (
                <Markdown>{prompt}</Markdown>
              ) : (
                <ConversationView steps={conversation.steps} letters={task.outputs.map((output) => output.letter)} label={multiTurn ? `Conversation up to ${turnMarker.toLowerCase()}` : "Conversation"} />
              )}
              <RetrievedContext documents={context} />
              {showReference && task.item.reference !== null && (
                <div className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2">
                  <p className="text-xs font-semibold uppercase tracking-wide text-emerald-800">Reference answer</p>
                  <Markdown>{task.item.reference}</Markdown>
                </div>
              )}
            </div>
          </section>
          {multiTurn && (
            <h3 className="text-sm font-semibold text-slate-900">
              Answers under review <span className="font-normal text-slate-600">· {turnMarker.toLowerCase()}</span>
            </h3>
          )}
          <OutputColumns
            outputs={task.outputs.map((output) => ({
              id: output.id,
              title: output.run ? `Output ${output.letter} · ${output.run.name}` : `Output ${output.letter}`,
              content: output.content,
              trace: output.trace,
              meta: output.run ? (
                <span>
                  {output.run.model}
                  {output.run.latencyMs !== null && ` · ${output.run.latencyMs} ms`}
                  {output.judgeScores.map((score) => ` · ${score.judge} ${score.criterion}: ${score.error !== null ? `failed call (${score.error})` : (score.value ?? score.category)}`).join("")}
                </span>
              ) : undefined,
            }))}
          />
        </div>
        <aside aria-label="Rubric" className="space-y-3 xl:sticky xl:top-4 xl:max-h-[calc(100vh-2rem)] xl:self-start xl:overflow-y-auto">
          <RubricForm fields={fields} outputs={outputs} answers={state.answers} focused={focused} rankCursor={rankCursor} onAnswer={answer} onFocus={setFocused} onRankCursor={setRankCursor} missing={missing} />
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <label htmlFor="rationale" className="text-sm font-semibold text-slate-900">
              Rationale <span className="text-xs font-normal text-slate-600">(optional)</span>
            </label>
            <textarea
              id="rationale"
              value={state.rationale}
              onChange={(event) => update({ rationale: event.target.value })}
              rows={3}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
              placeholder="Why? Reviewers' reasons make the best calibration examples."
            />
            <fieldset className="mt-2">
              <legend className="text-xs font-semibold text-slate-700">Flags</legend>
              <div className="mt-1 flex flex-wrap gap-3">
                {FLAGS.map((flag) => (
                  <label key={flag} className="inline-flex items-center gap-1.5 text-xs text-slate-800">
                    <input
                      type="checkbox"
                      checked={state.flags.includes(flag)}
                      onChange={(event) => update({ flags: event.target.checked ? [...state.flags, flag] : state.flags.filter((f) => f !== flag) })}
                      className="size-4 rounded border-slate-300"
                    />
                    {FLAG_LABELS[flag]}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
          <div className="flex items-center gap-2">
            <Button onClick={() => void submit()} disabled={pending} className="flex-1" aria-keyshortcuts="Enter">
              {pending ? "Saving…" : editing ? "Save edit" : "Submit"} <kbd className="font-mono text-xs opacity-80">Enter</kbd>
            </Button>
            {!editing && (
              <Button variant="secondary" onClick={() => setSkipOpen(true)} disabled={pending} aria-keyshortcuts="S">
                Skip
              </Button>
            )}
          </div>
          <p className="text-xs text-slate-600" aria-live="polite">
            {editing ? "Editing" : saveState === "saving" ? "Saving draft…" : saveState === "error" ? "Draft not saved (offline?) — kept in this tab." : saveState === "unsaved" ? "Unsaved changes" : "Draft saved"}
          </p>
        </aside>
      </div>
      <ShortcutsDialog open={showHelp} onClose={() => setShowHelp(false)} />
      <SkipDialog open={skipOpen} onClose={() => setSkipOpen(false)} onSkip={(reason) => void skip(reason)} />
    </div>
  );
}

function SkipDialog({ open, onClose, onSkip }: { open: boolean; onClose: () => void; onSkip: (reason: (typeof SKIP_REASONS)[number]) => void }) {
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="skip-title" className="m-auto w-full max-w-sm rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40">
      <div className="px-5 py-4">
        <h2 id="skip-title" className="text-base font-semibold text-slate-900">
          Skip this task?
        </h2>
        <p className="mt-1 text-sm text-slate-600">You will not be offered it again. Why are you skipping it?</p>
        <div className="mt-3 grid gap-2">
          {SKIP_REASONS.map((reason) => (
            <Button key={reason} variant="secondary" onClick={() => onSkip(reason)}>
              {SKIP_REASON_LABELS[reason]}
            </Button>
          ))}
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </div>
    </dialog>
  );
}
