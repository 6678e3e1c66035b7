import { projectRoute } from "@/lib/auth/route";
import { openReviewScreen, requireJsonRequest, reviewerId, uncompressedJson } from "@/lib/review/screen-api";

// POST: the review screen opens (or re-reads) its queue: the current task, the
// prefetched next one (both leased) and progress. POST because it leases.
export const POST = projectRoute({ permission: "labels.submit" }, async ({ request, actor, projectId, params }) => {
  requireJsonRequest(request);
  return uncompressedJson(await openReviewScreen(projectId, reviewerId(actor), String(params.setupId)));
});
