"use server";

import { projectAction } from "@/lib/auth/action";
import { judgeRunRefSchema } from "./run-schemas";
import { cancelJudgeRun, getJudgeRunProgress, pauseJudgeRun, resumeJudgeRun } from "./runs";

// The judge run progress component's calls: read the live figures (anyone who
// sees dashboards), pause, resume or cancel (whoever may run judges).

export const readJudgeRunProgress = projectAction({ permission: "dashboards.view", schema: judgeRunRefSchema }, async ({ projectId, runId }) =>
  getJudgeRunProgress(projectId, runId),
);

export const pauseJudgeRunAction = projectAction({ permission: "judges.run", schema: judgeRunRefSchema }, async ({ projectId, runId }, { user }) =>
  pauseJudgeRun(projectId, runId, { userId: user.id }),
);

export const resumeJudgeRunAction = projectAction({ permission: "judges.run", schema: judgeRunRefSchema }, async ({ projectId, runId }, { user }) =>
  resumeJudgeRun(projectId, runId, { userId: user.id }),
);

export const cancelJudgeRunAction = projectAction({ permission: "judges.run", schema: judgeRunRefSchema }, async ({ projectId, runId }, { user }) =>
  cancelJudgeRun(projectId, runId, { userId: user.id }),
);
