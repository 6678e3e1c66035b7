import { loadJudgeSummary } from "@/lib/api/judge-summary";
import { projectRoute } from "@/lib/auth/route";

// GET: per run and criterion key, scores, failed calls and the mean with its 95 % interval.
// Documented in /api/v1/openapi.json (lib/api/endpoints/judges.ts).
export const GET = projectRoute({ permission: "dashboards.view", analytic: true }, async ({ projectId, params }) => loadJudgeSummary(projectId, String(params.judgeId)));
