import type { ErrorCode } from "@/lib/errors";

// What the review screen tells a person when a call fails: what happened and
// what to do, in plain words, never a raw id. Server messages for the review
// calls are written for people (SafeError); this maps the codes to advice and
// keeps a message that still carries an id (an older server, a proxy page)
// off the screen.

type Failure = { code: ErrorCode | "NETWORK"; message: string };
type CallKind = "submit" | "skip" | "edit" | "reopen" | "refill" | "undo";

const WHAT: Record<CallKind, string> = {
  submit: "Your label was not saved",
  skip: "The skip was not saved",
  edit: "Your edit was not saved",
  reopen: "The next task could not be loaded",
  refill: "The task after this one could not be loaded",
  undo: "Your last label could not be reopened",
};

const KEPT: Record<CallKind, string> = {
  submit: "Your answers are kept here: press Enter to send them again (a label is only ever stored once).",
  skip: "Press S to skip again.",
  edit: "Your changes are kept here: press Enter to save them again.",
  reopen: "Reload the page to carry on.",
  refill: "You can carry on with this task; the next one loads when you submit.",
  undo: "Press Z to try again.",
};

/** Database ids (cuid, uuid) and field ids built from them ("cmx8…@A"): never shown to a person. */
const RAW_ID = /\b(c[a-z0-9]{20,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

export function containsRawId(text: string) {
  return RAW_ID.test(text);
}

export function plainScreenError(error: Failure, kind: CallKind): string {
  const what = WHAT[kind];
  const kept = KEPT[kind];
  switch (error.code) {
    case "NETWORK":
      return `${what}: the connection to the server was lost. ${kept}`;
    case "INTERNAL":
      return `${what}: the server ran into a problem on its side. ${kept} If it keeps failing, reload the page.`;
    case "RATE_LIMITED":
      return `${what}: the server is busy. Wait a few seconds. ${kept}`;
    case "UNAUTHENTICATED":
      return `${what}: you are signed out. Sign in again in another tab, then come back. ${kept}`;
    case "FORBIDDEN":
      return `${what}: you may no longer review in this project. Ask a project admin for access.`;
    case "PAYLOAD_TOO_LARGE":
      return `${what}: the rationale is too long. Shorten it, then try again.`;
  }
  const told = containsRawId(error.message) ? "the server refused it" : error.message.replace(/\.$/, "");
  if (error.code === "VALIDATION") return `${what}: ${told}. Fix it, then press Enter again.`;
  // CONFLICT, NOT_FOUND: the task is gone for good, nothing was stored for it.
  return kind === "submit" || kind === "skip" ? `${what}: ${told}. Nothing was stored for that task; carry on with this one.` : `${what}: ${told}. ${kept}`;
}
