import { loadJudgeBias } from "@/lib/api/judge-bias";
import { projectRoute } from "@/lib/auth/route";

// GET: the judge's bias figures (position over valid pairs per criterion, verbosity, self-preference).
// Documented in /api/v1/openapi.json (lib/api/endpoints/judges.ts).
export const GET = projectRoute({ permission: "dashboards.view", analytic: true }, async ({ projectId, params }) => loadJudgeBias(projectId, String(params.judgeId)));
