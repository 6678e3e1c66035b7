"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { ErrorBody } from "@/lib/errors";

/** What a save said, shown beside its button (SaveMessageText). */
export type SaveMessage = { tone: "ok" | "error"; text: string };

/**
 * A form's save: runs a server action in a transition (`pending` meanwhile)
 * and turns its result into the message the form shows — the error's plain
 * words, or what `saved` says of the data (nothing: no message). The previous
 * message stays until the new one replaces it, so the row does not jump;
 * `clearOnStart` clears it as a save starts instead (panels whose only
 * message is an error from the last action).
 */
export function useSaveAction({ clearOnStart = false } = {}) {
  const [message, setMessage] = useState<SaveMessage>();
  const [pending, startTransition] = useTransition();

  function save<T>(action: () => Promise<ActionResult<T>>, saved: (data: T) => string | void, failed: (error: ErrorBody) => string = (error) => error.message) {
    if (clearOnStart) setMessage(undefined);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) return setMessage({ tone: "error", text: failed(result.error) });
      const text = saved(result.data);
      setMessage(typeof text === "string" ? { tone: "ok", text } : undefined);
    });
  }

  return { pending, message, setMessage, save };
}
