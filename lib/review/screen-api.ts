import type { Actor } from "@/lib/auth/authorize";
import { SafeError } from "@/lib/errors";
import { setupConfig } from "./cache";
import { reviewProgress, teamProgress } from "./queries";
import { openQueue, submitAndAdvance, type SubmitInput } from "./queue";

// What the review screen's two busiest calls do, behind the route handlers
// app/api/v1/projects/[projectId]/review/[setupId]/{queue,submit}. They are
// plain JSON route handlers rather than server actions: a server action
// request runs Next's page machinery (the page's module graph, an RSC
// payload) around a few milliseconds of work, and under a whole team's load
// that overhead, not the database, set the latency. Authorisation is the same
// as everywhere (lib/auth/route.ts projectRoute, "labels.submit").

/**
 * These routes act on the session cookie, so they take JSON only: a page on
 * another site cannot send application/json without a CORS preflight, which
 * this app never grants (server actions get the same protection from their
 * Origin check).
 */
export function requireJsonRequest(request: Request) {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new SafeError("VALIDATION", "Send the request body as application/json.", [{ field: "(body)", message: "Expected application/json." }]);
  }
}

/** Review is done by people: an API token cannot hold a lease (tokens never have "labels.submit"). */
export function reviewerId(actor: Actor) {
  if (actor.kind !== "user") throw new SafeError("FORBIDDEN", "Reviewing needs a signed-in reviewer, not an API token.");
  return actor.userId;
}

export async function requireSetup(projectId: string, setupId: string) {
  if (!(await setupConfig(projectId, setupId))) throw new SafeError("NOT_FOUND", "Review setup not found.");
}

/** Opening the queue: the current task (resumed with its draft), the next one, and progress. */
export async function openReviewScreen(projectId: string, reviewer: string, setupId: string) {
  await requireSetup(projectId, setupId);
  const [screen, progress] = await Promise.all([openQueue(projectId, reviewer, setupId), reviewProgress(projectId, reviewer, setupId)]);
  return { ...screen, progress };
}

/** Submits the label; `showing` is the prefetched task the screen switched to. */
export async function submitFromScreen(projectId: string, reviewer: string, setupId: string, input: SubmitInput, showing: string | null) {
  await requireSetup(projectId, setupId);
  const result = await submitAndAdvance(projectId, reviewer, setupId, input, showing);
  return { ...result, team: await teamProgress(setupId) };
}

export type OpenedScreen = Awaited<ReturnType<typeof openReviewScreen>>;
export type SubmittedScreen = Awaited<ReturnType<typeof submitFromScreen>>;

/**
 * A JSON answer left uncompressed. These bodies are a few kilobytes; gzip
 * (Next compresses every response by default) cost more CPU per request than
 * the database work behind it, on the app server that is the bottleneck.
 * `no-transform` is what tells Next's compression to leave a response alone.
 */
export function uncompressedJson(data: unknown) {
  return Response.json(data, { headers: { "Cache-Control": "no-store, no-transform" } });
}
