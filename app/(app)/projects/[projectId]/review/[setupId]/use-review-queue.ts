"use client";

import { useEffect, useRef, type Dispatch } from "react";
import { reopenLastLabel, saveLabelEdit, skipAndNext } from "@/lib/review/actions";
import type { Command, ScreenError, ScreenEvent } from "@/lib/review/screen-state";
import { openQueue, submitAndNext } from "./review-api";
import type { useActiveTime } from "./use-active-time";

// Runs the reducer's outbox: one server call at a time, in the order the
// reviewer acted, each answer dispatched back as an event. The screen never
// waits on these calls to stay interactive (the prefetched task is already on
// screen); the reducer decides what an answer or a failure changes.

/** One id per assignment, kept in localStorage: a retry after a reload or a lost connection sends the same id, so the label is stored once. */
export function clientIdFor(assignmentId: string) {
  const key = `touchstone:submit:${assignmentId}`;
  try {
    const existing = window.localStorage.getItem(key);
    if (existing) return existing;
    const created = crypto.randomUUID();
    window.localStorage.setItem(key, created);
    return created;
  } catch {
    // No storage (private mode): stable for this page's life at least.
    return (memoryIds[assignmentId] ??= crypto.randomUUID());
  }
}
const memoryIds: Record<string, string> = {};

type Result<T> = { ok: true; data: T } | { ok: false; error: ScreenError };

/** A call's outcome as an event: its data, the server's explained refusal, or NETWORK when no answer came. */
async function settle<T>(id: number, call: () => Promise<Result<T>>, onData: (data: T) => ScreenEvent): Promise<ScreenEvent> {
  try {
    const result = await call();
    return result.ok ? onData(result.data) : { type: "failed", id, error: result.error };
  } catch {
    return { type: "failed", id, error: { code: "NETWORK", message: "No answer from the server." } };
  }
}

export function useReviewQueue({ projectId, setupId, sending, outboxSize, dispatch, activeTime }: {
  projectId: string;
  setupId: string;
  sending: Command | null;
  outboxSize: number;
  dispatch: Dispatch<ScreenEvent>;
  activeTime: ReturnType<typeof useActiveTime>;
}) {
  useEffect(() => {
    if (!sending && outboxSize > 0) dispatch({ type: "send" });
  }, [sending, outboxSize, dispatch]);

  // The command being sent is run once, however often React runs effects.
  const started = useRef(0);
  useEffect(() => {
    if (!sending || started.current === sending.id) return;
    started.current = sending.id;
    void runCommand(sending, { projectId, setupId, activeTime }).then(dispatch);
  });
}

/** Sends one command and turns its outcome into the event the reducer expects. */
async function runCommand(command: Command, { projectId, setupId, activeTime }: { projectId: string; setupId: string; activeTime: ReturnType<typeof useActiveTime> }): Promise<ScreenEvent> {
  const { id } = command;
  const showing = (value: string | null | "pending") => (value === "pending" ? null : value);
  switch (command.kind) {
    case "submit": {
      const { task, form } = command.leaving;
      const delta = activeTime.take();
      const event = await settle(
        id,
        () =>
          submitAndNext(projectId, setupId, {
            showing: showing(command.showing),
            assignmentId: task.assignmentId,
            clientId: clientIdFor(task.assignmentId),
            answers: form.answers,
            rationale: form.rationale,
            flags: form.flags,
            flagNote: form.flagNote,
            activeMsDelta: delta,
          }),
        (data) => ({ type: "advanced", id, result: data }),
      );
      if (event.type === "failed") activeTime.giveBack(delta);
      return event;
    }
    case "skip": {
      const { task, form } = command.leaving;
      return settle(
        id,
        () => skipAndNext({ projectId, setupId, showing: showing(command.showing), assignmentId: task.assignmentId, reason: command.reason, flags: form.flags, flagNote: form.flagNote }),
        (data) => ({ type: "advanced", id, result: data }),
      );
    }
    case "edit": {
      const { task, form } = command.leaving;
      return settle(
        id,
        () => saveLabelEdit({ projectId, labelId: task.label!.id, answers: form.answers, rationale: form.rationale, flags: form.flags, flagNote: form.flagNote }),
        () => ({ type: "edited", id }),
      );
    }
    case "reopen":
    case "refill":
      return settle(id, () => openQueue(projectId, setupId), (data) => ({ type: "queue", id, result: data }));
    case "undo":
      return settle(id, () => reopenLastLabel({ projectId }), (task) => ({ type: "undone", id, task }));
  }
}
