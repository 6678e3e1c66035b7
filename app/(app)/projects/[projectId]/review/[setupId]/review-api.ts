import type { ErrorBody } from "@/lib/errors";
import type { SubmitAndNextInput } from "@/lib/review/schemas";
import type { OpenedScreen, SubmittedScreen } from "@/lib/review/screen-api";

// The review screen's two busiest calls, as JSON requests to the review
// route handlers (app/api/v1/projects/[projectId]/review/[setupId]/…). They
// answer like the server actions do: { ok: true, data } or { ok: false, error }
// for a refusal the server explained; no answer at all (a lost connection, a
// proxy's error page) throws, so the screen keeps the reviewer's work and
// offers a retry.

type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

async function post<T>(projectId: string, setupId: string, endpoint: "queue" | "submit", body: unknown): Promise<Result<T>> {
  const response = await fetch(`/api/v1/projects/${encodeURIComponent(projectId)}/review/${encodeURIComponent(setupId)}/${endpoint}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok && payload) return { ok: true, data: payload as T };
  if (payload && typeof payload === "object" && "code" in payload && "message" in payload) return { ok: false, error: payload as ErrorBody };
  throw new Error(`The server answered ${response.status} without an explanation.`);
}

/** Opens (or re-reads) the queue: the current task, the prefetched next one, and progress. */
export function openQueue(projectId: string, setupId: string) {
  return post<OpenedScreen>(projectId, setupId, "queue", {});
}

/** Submits a label (idempotent on its clientId) and brings the task after the prefetched one. */
export function submitAndNext(projectId: string, setupId: string, input: SubmitAndNextInput) {
  return post<SubmittedScreen>(projectId, setupId, "submit", input);
}
