"use client";

import { useEffect, useMemo, useRef } from "react";

/** After this long without input the reviewer counts as idle and the clock stops. */
const IDLE_AFTER_MS = 60_000;
const TICK_MS = 1_000;

/**
 * Counts active review time: the tab is visible and there was input (keys,
 * pointer, scroll) within the last minute. `take()` returns the time counted
 * since the last call, to send with a draft save or a submission.
 */
export function useActiveTime() {
  const pending = useRef(0);
  const lastInput = useRef(0);

  useEffect(() => {
    lastInput.current = Date.now();
    const mark = () => {
      lastInput.current = Date.now();
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel", "scroll"] as const;
    for (const name of events) window.addEventListener(name, mark, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && Date.now() - lastInput.current < IDLE_AFTER_MS) pending.current += TICK_MS;
    }, TICK_MS);
    return () => {
      for (const name of events) window.removeEventListener(name, mark, { capture: true });
      window.clearInterval(timer);
    };
  }, []);

  // Stable across renders, so callers can list it in hook dependencies.
  return useMemo(
    () => ({
      take() {
        const value = pending.current;
        pending.current = 0;
        return value;
      },
      giveBack(value: number) {
        pending.current += value;
      },
    }),
    [],
  );
}
