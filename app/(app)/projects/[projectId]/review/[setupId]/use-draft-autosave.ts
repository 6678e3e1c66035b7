"use client";

import { useEffect, useRef, useState } from "react";
import { autosaveDraft } from "@/lib/review/actions";
import type { Shown } from "@/lib/review/screen-state";
import type { useActiveTime } from "./use-active-time";

const DRAFT_DEBOUNCE_MS = 700;
const HEARTBEAT_MS = 30_000;

export type DraftState = "saved" | "saving" | "unsaved" | "error";

/**
 * Saves the task's work as a draft a moment after each change, when the tab
 * is hidden, and every 30 s (which also keeps active time flowing). Only the
 * task on screen is saved; a save that comes back after the screen moved on
 * (the task was submitted meanwhile, so the server refuses it) is ignored
 * rather than shown as a failure.
 */
export function useDraftAutosave({ projectId, current, editing, activeTime }: {
  projectId: string;
  current: Shown | null;
  editing: boolean;
  activeTime: ReturnType<typeof useActiveTime>;
}): DraftState {
  const [state, setState] = useState<{ assignmentId: string | null; value: DraftState }>({ assignmentId: null, value: "saved" });
  const latest = useRef(current);
  const baseline = useRef<{ assignmentId: string | null; form: Shown["form"] | null }>({ assignmentId: null, form: null });
  const timer = useRef<number | undefined>(undefined);
  const assignmentId = current?.task.assignmentId ?? null;

  useEffect(() => {
    latest.current = current;
  });

  async function save() {
    const shown = latest.current;
    window.clearTimeout(timer.current);
    if (!shown || shown.task.label || shown.task.status !== "LEASED") return;
    const id = shown.task.assignmentId;
    setState({ assignmentId: id, value: "saving" });
    const delta = activeTime.take();
    const result = await autosaveDraft({ projectId, assignmentId: id, draft: shown.form, activeMsDelta: delta }).catch(() => null);
    if (!result?.ok) activeTime.giveBack(delta);
    if (latest.current?.task.assignmentId !== id) return;
    setState({ assignmentId: id, value: result?.ok ? "saved" : "error" });
  }
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });

  // A new task on screen: its form as it arrived is the baseline, nothing to save yet.
  useEffect(() => {
    window.clearTimeout(timer.current);
    baseline.current = { assignmentId, form: latest.current?.form ?? null };
  }, [assignmentId]);

  const form = current?.form;
  useEffect(() => {
    if (!form || editing || baseline.current.form === form || baseline.current.assignmentId !== assignmentId) return;
    baseline.current = { assignmentId, form };
    setState({ assignmentId, value: "unsaved" });
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveRef.current(), DRAFT_DEBOUNCE_MS);
  }, [form, editing, assignmentId]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden") void saveRef.current();
    };
    document.addEventListener("visibilitychange", onHide);
    const heartbeat = window.setInterval(() => void saveRef.current(), HEARTBEAT_MS);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.clearInterval(heartbeat);
      window.clearTimeout(timer.current);
    };
  }, []);

  return state.assignmentId === assignmentId ? state.value : "saved";
}
