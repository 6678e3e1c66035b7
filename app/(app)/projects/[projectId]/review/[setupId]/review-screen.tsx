"use client";

import Link from "next/link";
import { useEffect, useReducer, useRef } from "react";
import { ConversationView } from "@/components/output/conversation-view";
import { Markdown } from "@/components/output/markdown";
import { OutputColumns } from "@/components/output/output-columns";
import { parseContext, RetrievedContext } from "@/components/output/retrieved-context";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import { plainPrompt } from "@/lib/review/conversation";
import type { ReviewProgress } from "@/lib/review/queries";
import type { TaskView } from "@/lib/review/queue";
import { FLAG_LABELS, FLAGS, SKIP_REASON_LABELS, SKIP_REASONS } from "@/lib/review/schemas";
import { initialScreenState, isEditing, reduceScreen, type Dialog, type ScreenEvent, type ScreenState, type SkipReason } from "@/lib/review/screen-state";
import { ReviewSubpageHeader } from "../review-subpage-header";
import { GuidelinesDialog } from "./guidelines-dialog";
import { RationaleBox } from "./rationale-box";
import { RubricForm } from "./rubric-form";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { useActiveTime } from "./use-active-time";
import { useAutoAdvanceSetting } from "./use-auto-advance";
import { useDraftAutosave, type DraftState } from "./use-draft-autosave";
import { useReviewKeys } from "./use-review-keys";
import { useReviewQueue } from "./use-review-queue";

// The review screen: renders the reducer's state (lib/review/screen-state.ts)
// and wires the hooks that feed it (keys, the server-call queue, draft
// autosave). No decision about what a key or a server answer means is made
// here.

const HINT_MS = 2_500;

export function ReviewScreen({ projectId, setupId, initialTask, initialNext, initialProgress }: {
  projectId: string;
  setupId: string;
  initialTask: TaskView | null;
  /** The task after this one, already leased and loaded: submitting shows it at once. */
  initialNext: TaskView | null;
  initialProgress: ReviewProgress;
}) {
  const [state, dispatch] = useReducer(reduceScreen, { task: initialTask, next: initialNext, progress: initialProgress }, initialScreenState);
  const activeTime = useActiveTime();
  const editing = isEditing(state);
  useReviewKeys(dispatch, state.dialog !== null);
  useReviewQueue({ projectId, setupId, sending: state.sending, outboxSize: state.outbox.length, dispatch, activeTime });
  const draftState = useDraftAutosave({ projectId, current: state.current, editing, activeTime });
  const setAutoAdvance = useAutoAdvanceSetting(dispatch);
  const movingFocus = useFocusAndScroll(state);
  useHintTimer(state.hint, dispatch);

  const task = state.current?.task ?? null;
  const setDialog = (dialog: Dialog | null) => dispatch({ type: "dialog", dialog });
  const dialogs = (
    <>
      <ShortcutsDialog open={state.dialog === "help"} onClose={() => setDialog(null)} />
      <GuidelinesDialog open={state.dialog === "guidelines"} onClose={() => setDialog(null)} task={task} />
      <SkipDialog open={state.dialog === "skip"} onClose={() => setDialog(null)} onSkip={(reason) => dispatch({ type: "skip", reason })} />
    </>
  );
  const header = <ScreenHeader projectId={projectId} name={task?.setup.name ?? "Review"} progress={state.progress} onHelp={() => setDialog("help")} />;
  const messages = <Messages state={state} />;

  if (!state.current) {
    return (
      <div>
        {header}
        {messages}
        {state.waiting ? (
          <p className="rounded-lg border border-slate-200 bg-white px-6 py-10 text-center text-sm text-slate-700" data-testid="loading-next">
            Saving… the next task appears in a moment; keys you press now go to it.
          </p>
        ) : state.loadFailed ? (
          <p className="rounded-lg border border-slate-200 bg-white px-6 py-10 text-center text-sm text-slate-700">
            No task could be loaded. <a href="" className="font-medium text-brand-700 underline">Reload the page</a> to carry on; your submitted labels are safe.
          </p>
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
            <h3 className="text-sm font-semibold text-slate-900">Nothing left for you here</h3>
            <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">Every task in this setup has its labels or has been seen by you. Thank you! Press Z to reopen your last label.</p>
            <div className="mt-4">
              <Link href={`/projects/${projectId}/review/mine`} className="text-sm font-medium text-brand-700 underline">
                See my work
              </Link>
            </div>
          </div>
        )}
        {dialogs}
      </div>
    );
  }

  const shownTask = state.current.task;
  const { form } = state.current;
  const context = parseContext(shownTask.item.context);
  const { conversation } = shownTask;
  const multiTurn = conversation.of > 1;
  const turnMarker = `Turn ${conversation.position} of ${conversation.of}`;
  const prompt = multiTurn ? null : plainPrompt(conversation);
  const outputs = shownTask.outputs.map((output) => ({ id: output.id, letter: output.letter }));

  return (
    <div data-assignment={shownTask.assignmentId} className="pb-24 md:pb-0">
      {header}
      {messages}
      {editing && (
        <p className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Editing a submitted label. Enter saves the change (history is kept);{" "}
          <button type="button" className="underline" onClick={() => dispatch({ type: "leave-edit" })}>
            Esc goes back
          </button>{" "}
          to your queue.
        </p>
      )}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <section aria-labelledby="prompt-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 id="prompt-title" className="text-sm font-semibold text-slate-900">
                {multiTurn ? "Conversation" : "Prompt"} <span className="font-normal text-slate-600">· {shownTask.item.externalId}</span>
                {multiTurn && (
                  <span data-testid="turn-marker" className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800">
                    {turnMarker}
                  </span>
                )}
              </h3>
              <div className="flex gap-2">
                <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => dispatch({ type: "key", key: "g" })} aria-keyshortcuts="G">
                  Guidelines <kbd className="font-mono pointer-coarse:hidden">G</kbd>
                </Button>
                {shownTask.item.reference !== null && (
                  <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => dispatch({ type: "toggle-reference" })} aria-expanded={state.showReference} aria-keyshortcuts="R">
                    {state.showReference ? "Hide reference" : "Show reference"} <kbd className="font-mono pointer-coarse:hidden">R</kbd>
                  </Button>
                )}
              </div>
            </div>
            <div className="mt-2 space-y-3">
              {prompt !== null ? (
                <Markdown>{prompt}</Markdown>
              ) : (
                <ConversationView steps={conversation.steps} letters={shownTask.outputs.map((output) => output.letter)} label={multiTurn ? `Conversation up to ${turnMarker.toLowerCase()}` : "Conversation"} />
              )}
              <RetrievedContext documents={context} />
              {state.showReference && shownTask.item.reference !== null && (
                <div className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2">
                  <p className="text-xs font-semibold uppercase tracking-wide text-emerald-800">Reference answer</p>
                  <Markdown>{shownTask.item.reference}</Markdown>
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
            outputs={shownTask.outputs.map((output) => ({
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
          <RubricForm
            fields={shownTask.fields}
            outputs={outputs}
            answers={form.answers}
            focused={state.focused}
            rankCursor={state.rankCursor}
            onAnswer={(fieldId, answer) => dispatch({ type: "answer", fieldId, answer })}
            onFocus={(index) => {
              // Only a reviewer's own focus move (click, Tab) is an event; the screen's own would arrive late, after keys already moved on.
              if (!movingFocus.current) dispatch({ type: "focus", index });
            }}
            onRankCursor={(index) => dispatch({ type: "focus", index: state.focused, rankCursor: index })}
            missing={new Set(state.missing)}
          />
          <label className="flex items-center gap-2 text-xs text-slate-700 pointer-coarse:hidden">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={state.autoAdvance} onChange={(event) => setAutoAdvance(event.target.checked)} />
            After an answer, move to the next open question
          </label>
          <RationaleBox task={shownTask} form={form} onChange={(patch) => dispatch({ type: "form", patch })} flags={FLAGS} flagLabels={FLAG_LABELS} />
          <ActionBar editing={editing} busy={state.sending !== null || state.outbox.length > 0} dispatch={dispatch} draftState={draftState} />
        </aside>
      </div>
      {dialogs}
    </div>
  );
}

/** Submit and Skip: under the rubric on a desk, a bar fixed to the bottom on a phone (key hints hidden on touch). */
function ActionBar({ editing, busy, dispatch, draftState }: { editing: boolean; busy: boolean; dispatch: (event: ScreenEvent) => void; draftState: DraftState }) {
  return (
    <div className="max-md:fixed max-md:inset-x-0 max-md:bottom-0 max-md:z-20 max-md:border-t max-md:border-slate-200 max-md:bg-white max-md:p-3 max-md:shadow-lg" data-testid="action-bar">
      <div className="flex items-center gap-2">
        <Button onClick={() => dispatch({ type: "submit" })} className="flex-1" aria-keyshortcuts="Enter">
          {editing ? "Save edit" : "Submit"} <kbd className="font-mono text-xs opacity-80 pointer-coarse:hidden">Enter</kbd>
        </Button>
        {!editing && (
          <Button variant="secondary" onClick={() => dispatch({ type: "dialog", dialog: "skip" })} aria-keyshortcuts="S">
            Skip <kbd className="font-mono text-xs pointer-coarse:hidden">S</kbd>
          </Button>
        )}
      </div>
      <p className="mt-1 text-xs text-slate-600" aria-live="polite">
        {editing ? "Editing" : busy ? "Sending…" : draftState === "saving" ? "Saving draft…" : draftState === "error" ? "Draft not saved yet — your answers are kept in this tab." : draftState === "unsaved" ? "Unsaved changes" : "Draft saved"}
      </p>
    </div>
  );
}

function ScreenHeader({ projectId, name, progress, onHelp }: { projectId: string; name: string; progress: ReviewProgress; onHelp: () => void }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <ReviewSubpageHeader projectId={projectId} title={name} />
      <div className="flex min-w-64 flex-1 flex-wrap items-center justify-end gap-4 text-sm text-slate-700">
        <span>
          Mine: <strong>{progress.submitted}</strong> done · <strong>{progress.availableToMe}</strong> left
        </span>
        <div className="w-48">
          <ProgressBar value={progress.teamDone} max={progress.teamNeeded} label="Team progress" />
        </div>
        <Button variant="secondary" onClick={onHelp} aria-keyshortcuts="?" className="pointer-coarse:hidden">
          Shortcuts <kbd className="font-mono text-xs">?</kbd>
        </Button>
      </div>
    </div>
  );
}

/** The outcome of the last action (role=status) and a key's short-lived hint (aria-live), never a raw id. */
function Messages({ state }: { state: ScreenState }) {
  return (
    <>
      {state.notice && (
        <p role="status" data-tone={state.notice.tone} className={`mb-3 rounded-md px-3 py-2 text-sm ${state.notice.tone === "ok" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
          {state.notice.text}
        </p>
      )}
      <p aria-live="polite" data-testid="key-hint" className={state.hint ? "fixed bottom-24 left-1/2 z-30 -translate-x-1/2 rounded-md bg-slate-900 px-3 py-2 text-sm text-white shadow-lg md:bottom-6" : "sr-only"}>
        {state.hint?.text ?? ""}
      </p>
    </>
  );
}

/**
 * The focused criterion takes the keyboard focus and is scrolled into view
 * when it changes; a new task starts at the top of the page instead. Returns
 * a flag that is set while the screen moves the focus itself: that focus
 * event must not go back to the reducer, since this effect can run after
 * keys pressed meanwhile have already moved the focus on (it would pull it
 * back and the next answer would land on the wrong criterion).
 */
function useFocusAndScroll(state: ScreenState) {
  const movingFocus = useRef(false);
  const assignmentId = state.current?.task.assignmentId;
  // Starts as "no task yet": the first task counts as new (page at the top, no jump down to the rubric on a phone).
  const shownTask = useRef<string | undefined | null>(null);
  useEffect(() => {
    const element = document.getElementById(`field-${state.focused}`);
    const newTask = shownTask.current !== assignmentId;
    shownTask.current = assignmentId;
    if (newTask) window.scrollTo({ top: 0 });
    if (!element) return;
    if (!element.contains(document.activeElement)) {
      movingFocus.current = true;
      try {
        element.focus({ preventScroll: true });
      } finally {
        movingFocus.current = false;
      }
    }
    if (!newTask) element.scrollIntoView({ block: "nearest" });
  }, [state.focused, assignmentId]);

  useEffect(() => {
    if (state.focusRationale > 0) document.getElementById("rationale")?.focus();
  }, [state.focusRationale]);
  return movingFocus;
}

function useHintTimer(hint: ScreenState["hint"], dispatch: (event: ScreenEvent) => void) {
  useEffect(() => {
    if (!hint) return;
    const timer = window.setTimeout(() => dispatch({ type: "clear-hint", seq: hint.seq }), HINT_MS);
    return () => window.clearTimeout(timer);
  }, [hint, dispatch]);
}

function SkipDialog({ open, onClose, onSkip }: { open: boolean; onClose: () => void; onSkip: (reason: SkipReason) => void }) {
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
