import { runActor } from "@/lib/api/judge-runs";
import { projectRoute } from "@/lib/auth/route";
import { cancelJudgeRun } from "@/lib/judge-runner/runs";

// POST: cancel a judge run; answers with its progress. Documented in lib/api/endpoints/judge-runs.ts.
export const POST = projectRoute({ permission: "judges.run" }, async ({ projectId, params, actor }) => cancelJudgeRun(projectId, String(params.runId), runActor(actor)));
