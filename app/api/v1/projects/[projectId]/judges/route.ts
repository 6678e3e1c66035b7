import { listJudges } from "@/lib/api/judges";
import { projectRoute } from "@/lib/auth/route";

// GET: every judge version with its score, verdict and failed-call counts.
// Documented in /api/v1/openapi.json (lib/api/endpoints/judges.ts).
export const GET = projectRoute({ permission: "dashboards.view" }, async ({ projectId }) => listJudges(projectId));
