import { projectRoute } from "@/lib/auth/route";
import { getJudgeRunProgress } from "@/lib/judge-runner/runs";

// GET: a judge run's progress (done, errors, cost, rate). Documented in lib/api/endpoints/judge-runs.ts.
export const GET = projectRoute({ permission: "dashboards.view" }, async ({ projectId, params }) => getJudgeRunProgress(projectId, String(params.runId)));
