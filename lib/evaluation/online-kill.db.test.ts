import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { runnerPool } from "@/lib/judge-runner/run-pool";
import { productionDeps } from "@/lib/judge-runner/worker/deps";
import { startJudgeWorker, type RunningWorker } from "@/lib/judge-runner/worker/worker";
import { startFakeOpenAI } from "@/lib/llm/test/fake-openai-server";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { scoreOnlineSamples } from "./online-scoring";
import { createOnlineFixture, ingestRows } from "./test/online-fixture";

// `kill -9` of a real worker process (scripts/worker.ts: the judge worker and
// the online step) while it judges sampled traffic: a worker started next
// finishes the job, and every sample ends SCORED with exactly one call and
// one score — nothing lost, nothing queued or stored twice.

const root = path.resolve(import.meta.dirname, "..", "..");
let child: ChildProcess | undefined;
let rescuer: RunningWorker | undefined;

afterAll(async () => {
  child?.kill("SIGKILL");
  await rescuer?.stop();
  await closeTrafficPools();
  await closeSharedPools("judge-runner");
});

it("loses no sample and judges none twice when the worker is killed with SIGKILL mid-way", async () => {
  const server = await startFakeOpenAI({ latencyMs: 60 });
  try {
    const { projectId, judgeId } = await createOnlineFixture({ baseUrl: server.baseURL, priceIn: 1, priceOut: 1 });
    const rule = await db.evaluationRule.create({ data: { projectId, judgeId, name: "all", samplingRate: 1 } });
    await ingestRows(projectId, 120);

    let output = "";
    child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "worker.ts")], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test", TOUCHSTONE_WORKER_HEARTBEAT_MS: "300", TOUCHSTONE_WORKER_DEAD_AFTER_MS: "1500" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child!.once("exit", resolve));

    // Killed once some answers are judged and others are not.
    const deadline = Date.now() + 60_000;
    while ((await db.judgeScore.count({ where: { judgeId } })) < 10) {
      if (Date.now() > deadline) throw new Error(`the worker judged nothing in time; its output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    await exited;
    expect(await db.judgeScore.count({ where: { judgeId } })).toBeLessThan(120);

    rescuer = await startJudgeWorker({ databaseUrl: process.env.DATABASE_URL!, pollMs: 50, heartbeatMs: 300, deadAfterMs: 1500, log: () => undefined }, productionDeps);
    const settle = Date.now() + 60_000;
    while ((await db.trafficSample.count({ where: { ruleId: rule.id, status: "PENDING" } })) > 0) {
      if (Date.now() > settle) throw new Error("samples still pending after the restart");
      await scoreOnlineSamples(runnerPool());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const samples = await db.trafficSample.findMany({ where: { ruleId: rule.id } });
    expect(samples).toHaveLength(120);
    expect(samples.every((sample) => sample.status === "SCORED")).toBe(true);
    expect(await db.judgeScore.count({ where: { judgeId } })).toBe(120);
    const calls = await db.judgeCall.findMany({ where: { run: { scope: { path: ["ruleId"], equals: rule.id } } }, select: { key: true } });
    expect(calls).toHaveLength(120);
    expect(new Set(calls.map((call) => call.key)).size).toBe(120);
  } finally {
    await server.close();
  }
});
