import { runActor } from "@/lib/api/judge-runs";
import { projectRoute } from "@/lib/auth/route";
import { resumeJudgeRun } from "@/lib/judge-runner/runs";

// POST: resume a judge run; answers with its progress. Documented in lib/api/endpoints/judge-runs.ts.
export const POST = projectRoute({ permission: "judges.run" }, async ({ projectId, params, actor }) => resumeJudgeRun(projectId, String(params.runId), runActor(actor)));
