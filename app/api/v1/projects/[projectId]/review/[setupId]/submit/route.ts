import { projectRoute } from "@/lib/auth/route";
import { submitAndNextSchema } from "@/lib/review/schemas";
import { requireJsonRequest, reviewerId, submitFromScreen, uncompressedJson } from "@/lib/review/screen-api";

// POST: the review screen submits a label (idempotent on its client-generated
// clientId) and, in the same transaction, confirms the prefetched task it now
// shows (`showing`) and leases the one after it.
export const POST = projectRoute({ permission: "labels.submit", body: submitAndNextSchema }, async ({ request, actor, projectId, params, body: { showing, ...input } }) => {
  requireJsonRequest(request);
  return uncompressedJson(await submitFromScreen(projectId, reviewerId(actor), String(params.setupId), input, showing));
});
