import { expect } from "vitest";
import type { JudgeRunProgress, JudgeRunStatus } from "@/lib/judge-runner/contracts";
import { getJudgeRunProgress } from "@/lib/judge-runner/runs";

// Waiting on runs in database tests: poll the run's progress as the UI does.

export async function waitForRun(projectId: string, runId: string, statuses: JudgeRunStatus[], timeoutMs = 20_000): Promise<JudgeRunProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await getJudgeRunProgress(projectId, runId);
    if (statuses.includes(progress.status)) return progress;
    if (Date.now() > deadline) expect.fail(`run still ${progress.status} after ${timeoutMs} ms (${progress.done}/${progress.total} done)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitForDone(projectId: string, runId: string, atLeast: number, timeoutMs = 20_000): Promise<JudgeRunProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await getJudgeRunProgress(projectId, runId);
    if (progress.done >= atLeast) return progress;
    if (Date.now() > deadline) expect.fail(`only ${progress.done} calls done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
