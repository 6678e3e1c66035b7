import type { ReactNode } from "react";
import { Button } from "./button";
import type { SaveMessage } from "./use-save-action";

/** A save's message: an error is an alert (read out at once), a success a polite status. */
export function SaveMessageText({ message }: { message: SaveMessage | undefined }) {
  if (!message) return null;
  const error = message.tone === "error";
  return (
    <p role={error ? "alert" : "status"} className={`text-sm ${error ? "text-red-700" : "text-emerald-700"}`}>
      {message.text}
    </p>
  );
}

/** A form's submit button, saying so while it saves, with the save's message beside it. */
export function SaveBar({ label, pending, message, className = "" }: {
  label: ReactNode;
  pending: boolean;
  message: SaveMessage | undefined;
  /** Placement in the form's own layout (e.g. a grid column span). */
  className?: string;
}) {
  return (
    <div className={`flex items-center gap-3 ${className}`.trimEnd()}>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : label}
      </Button>
      <SaveMessageText message={message} />
    </div>
  );
}
