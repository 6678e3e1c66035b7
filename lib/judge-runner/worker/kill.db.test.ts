import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { createJudgeRunFromSpecs } from "@/lib/judge-runner/runs";
import { createRunFixture, pointwiseSpecs } from "@/lib/judge-runner/test/run-fixture";
import { waitForDone, waitForRun } from "@/lib/judge-runner/test/run-helpers";
import { startFakeOpenAI } from "@/lib/llm/test/fake-openai-server";
import { productionDeps } from "./deps";
import { startJudgeWorker, type RunningWorker } from "./worker";

// `kill -9` of a real worker process (scripts/worker.ts, as `npm run worker`
// runs it) in the middle of a run: a worker started next on the same host sees
// the old pid is gone, takes the dead worker's jobs over at once (its
// dead-after delay is far beyond the test's wait, so only the take-over can
// finish the run) and finishes the run with every call scored exactly once.

const root = path.resolve(import.meta.dirname, "..", "..", "..");
let child: ChildProcess | undefined;
let rescuer: RunningWorker | undefined;

afterAll(async () => {
  child?.kill("SIGKILL");
  await rescuer?.stop();
  await closeSharedPools("judge-runner");
});

it("loses no call and writes no score twice when a worker is killed with SIGKILL mid-run", async () => {
  const server = await startFakeOpenAI({ latencyMs: 100 });
  try {
    const fixture = await createRunFixture({ items: 40, baseUrl: server.baseURL, maxConcurrency: 4 });
    const run = await createJudgeRunFromSpecs({
      projectId: fixture.project.id,
      judgeId: fixture.judge.id,
      scope: fixture.scope,
      specs: pointwiseSpecs(fixture),
      actor: { userId: fixture.members.LEAD.id },
    });
    expect(run.total).toBe(80);

    let output = "";
    child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "worker.ts")], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test", TOUCHSTONE_WORKER_HEARTBEAT_MS: "300", TOUCHSTONE_WORKER_DEAD_AFTER_MS: "1500" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child!.once("exit", resolve));

    await waitForDone(fixture.project.id, run.id, 12, 60_000).catch((error) => {
      throw new Error(`${error.message}\nworker output:\n${output}`);
    });
    child.kill("SIGKILL");
    await exited;
    const atKill = await db.judgeCall.count({ where: { runId: run.id, done: true } });
    expect(atKill).toBeLessThan(80);
    const [dead] = await db.judgeWorker.findMany({ where: { pid: child.pid! } });
    expect(dead!.activeJobIds.length).toBeGreaterThan(0);
    expect(dead!.stoppedAt).toBeNull();

    const lines: string[] = [];
    rescuer = await startJudgeWorker(
      { databaseUrl: process.env.DATABASE_URL!, pollMs: 100, heartbeatMs: 300, deadAfterMs: 600_000, log: (line) => lines.push(line) },
      productionDeps,
    );
    expect(lines.join("\n")).toMatch(/took over [1-9]\d* job\(s\) of a dead worker on this host/);
    const done = await waitForRun(fixture.project.id, run.id, ["DONE"], 60_000);
    expect(done).toMatchObject({ total: 80, done: 80, errors: 0 });

    // 0 lost: every call done with its score; 0 duplicates: one score per output.
    const scores = await db.judgeScore.findMany({ where: { judgeId: fixture.judge.id }, select: { outputId: true, value: true } });
    expect(scores).toHaveLength(80);
    expect(new Set(scores.map((score) => score.outputId)).size).toBe(80);
    expect(scores.every((score) => score.value !== null)).toBe(true);
    expect(await db.judgeCall.count({ where: { runId: run.id, done: false } })).toBe(0);
    // The dead worker was declared dead when its jobs were taken over.
    expect((await db.judgeWorker.findUniqueOrThrow({ where: { id: dead!.id } })).stoppedAt).not.toBeNull();
  } finally {
    await server.close();
  }
}, 120_000);
