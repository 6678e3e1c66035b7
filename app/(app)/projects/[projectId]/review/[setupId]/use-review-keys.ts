"use client";

import { useEffect, useRef, type Dispatch } from "react";
import type { ScreenEvent } from "@/lib/review/screen-state";

// The review screen's keyboard: every key goes to the reducer as it comes,
// so keys pressed back to back are applied in order to the state each one
// leaves (lib/review/screen-keys.ts says what each means). Keys typed into a
// text box stay there (Ctrl+Enter submits, Esc leaves the box); an open
// dialog handles its own keys, except ? and G, which close it again.

function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["radio", "checkbox", "button"].includes(target.type);
  return target.isContentEditable;
}

/** Keys whose browser default (scrolling, toggling a focused radio) the screen replaces. */
const TAKEN = new Set([" ", "ArrowUp", "ArrowDown", "Enter", "?"]);

export function useReviewKeys(dispatch: Dispatch<ScreenEvent>, dialogOpen: boolean) {
  const dialog = useRef(dialogOpen);
  useEffect(() => {
    dialog.current = dialogOpen;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.altKey) return;
      // Under a dialog only the keys that toggle one reach the screen (? and G close what they opened).
      if (dialog.current && !["?", "g", "G"].includes(event.key)) return;
      if (isTyping(event.target)) {
        if (event.key === "Enter" && event.ctrlKey) {
          event.preventDefault();
          dispatch({ type: "submit" });
        } else if (event.key === "Escape") (event.target as HTMLElement).blur();
        return;
      }
      if (event.ctrlKey) return;
      // Enter on a button or link is that control's own click.
      if (event.key === "Enter" && (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) return;
      // Holding Enter down must not submit task after task.
      if (event.repeat && event.key === "Enter") return;
      if (TAKEN.has(event.key)) event.preventDefault();
      dispatch({ type: "key", key: event.key });
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [dispatch]);
}
