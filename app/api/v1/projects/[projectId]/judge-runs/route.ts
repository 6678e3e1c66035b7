import { startJudgeRun, startJudgeRunSchema } from "@/lib/api/judge-runs";
import { projectRoute } from "@/lib/auth/route";

// POST: plan and queue a judge run; the answer carries its id and estimated cost.
// Documented in /api/v1/openapi.json (lib/api/endpoints/judge-runs.ts).
export const POST = projectRoute({ permission: "judges.run", body: startJudgeRunSchema }, async ({ projectId, body, actor }) => startJudgeRun(projectId, body, actor));
