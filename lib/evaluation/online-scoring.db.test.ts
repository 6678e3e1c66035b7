import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { runnerPool } from "@/lib/judge-runner/run-pool";
import { recentJudgeRuns } from "@/lib/judge-runner/run-queries";
import { waitForRun } from "@/lib/judge-runner/test/run-helpers";
import { productionDeps } from "@/lib/judge-runner/worker/deps";
import { startJudgeWorker, type RunningWorker } from "@/lib/judge-runner/worker/worker";
import { startFakeOpenAI, type FakeOpenAIServer } from "@/lib/llm/test/fake-openai-server";
import { closeTrafficPools, trafficPool } from "@/lib/traffic/pool";
import { scoreOnlineSamples } from "./online-scoring";
import { ensureProductionDataset, materialiseSamples } from "./production-dataset";
import { onlineRunsByRule } from "./online-runs";
import { ruleActivity } from "./rule-activity";
import { createOnlineFixture, ingestRows } from "./test/online-fixture";

// Online judges end to end on the real queue: traffic is ingested, drawn by a
// rule, materialised, queued as an online judge run, scored by an in-process
// worker against the local OpenAI-compatible server, and the samples turn
// SCORED; the daily cap skips exactly what does not fit; the bookkeeping
// never queues a sample twice.

let server: FakeOpenAIServer;
let worker: RunningWorker;
let projectId: string;
let judgeId: string;
let connectionId: string;
const pool = () => runnerPool();

// USD per million tokens: high, so one call costs a fraction of a dollar and caps are readable.
const PRICE_IN = 1000;
const PRICE_OUT = 1000;

beforeAll(async () => {
  server = await startFakeOpenAI({ latencyMs: 2 });
  worker = await startJudgeWorker(
    { databaseUrl: process.env.DATABASE_URL!, pollMs: 50, heartbeatMs: 500, deadAfterMs: 2000, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, log: () => undefined },
    productionDeps,
  );
  ({ projectId, judgeId, connectionId } = await createOnlineFixture({ baseUrl: server.baseURL, priceIn: PRICE_IN, priceOut: PRICE_OUT }));
});

afterAll(async () => {
  await worker.stop();
  await server.close();
  await closeTrafficPools();
  await closeSharedPools("judge-runner");
});

beforeEach(async () => {
  server.setFaults([]);
  server.resetStats();
  // Each test's rules only: ingest draws for every enabled rule of the project.
  await db.evaluationRule.deleteMany({ where: { projectId } });
});

const ingest = (count: number, segment?: string) => ingestRows(projectId, count, segment);

async function rule(name: string, data: { dailyCostCapUsd?: number | null; segments?: string[] } = {}) {
  return db.evaluationRule.create({ data: { projectId, judgeId, name, samplingRate: 1, ...data } });
}

/** Ticks until the rule has no pending sample left (what the worker's loop does every 2 s). */
async function scoreUntilSettled(ruleId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await scoreOnlineSamples(pool());
    if ((await db.trafficSample.count({ where: { ruleId, status: "PENDING" } })) === 0) return;
    if (Date.now() > deadline) throw new Error("samples still pending");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("online judges", () => {
  it("scores sampled traffic through the judge queue, with retries and an ERROR score, and turns the samples SCORED", async () => {
    const scored = await rule("all enterprise", { segments: ["enterprise"] });
    const tag = await ingest(6);
    await ingest(2, "free");
    // One answer's call keeps failing: retried up to the policy's 3 attempts, then stored as an ERROR score.
    server.setFaults([{ kind: "server-error", promptContains: `${tag} 002` }]);

    await scoreUntilSettled(scored.id);

    const samples = await db.trafficSample.findMany({ where: { ruleId: scored.id } });
    expect(samples).toHaveLength(6);
    expect(samples.every((sample) => sample.status === "SCORED" && sample.outputId && sample.runId)).toBe(true);
    const scores = await db.judgeScore.findMany({ where: { judgeId, outputId: { in: samples.map((sample) => sample.outputId!) } } });
    expect(scores).toHaveLength(6);
    expect(scores.filter((score) => score.error !== null)).toHaveLength(1);
    expect(scores.filter((score) => score.value !== null)).toHaveLength(5);
    // Through the judge runner: an online run, costed like any other, the failing answer tried 3 times.
    const runs = await db.judgeRun.findMany({ where: { id: { in: [...new Set(samples.map((sample) => sample.runId!))] } } });
    expect(runs.every((run) => (run.scope as { purpose: string; ruleId: string }).purpose === "online" && (run.scope as { ruleId: string }).ruleId === scored.id)).toBe(true);
    expect(runs.every((run) => run.status === "DONE")).toBe(true);
    const calls = await db.judgeCall.findMany({ where: { runId: { in: runs.map((run) => run.id) } } });
    expect(calls).toHaveLength(6);
    expect(calls.filter((call) => !call.isError).every((call) => call.costUsd !== null && call.costUsd > 0)).toBe(true);
    expect(server.stats.byStatus[500]).toBe(3);
    expect(calls.map((call) => call.attempts).sort()).toEqual([1, 1, 1, 1, 1, 3]);

    const [today] = await ruleActivity(projectId, [scored.id]);
    expect(today).toMatchObject({ sampled: 6, pending: 0, scored: 6, errors: 1, skippedCap: 0 });
    expect(today!.costUsd).toBeCloseTo(calls.reduce((sum, call) => sum + call.costUsd!, 0), 10);
  });

  it("never sends more than the daily cap allows, and counts exactly what it skipped", async () => {
    const cap = 2;
    const capped = await rule("capped", { dailyCostCapUsd: cap });
    await ingest(10);
    await scoreOnlineSamples(pool());

    const runs = await db.judgeRun.findMany({ where: { scope: { path: ["ruleId"], equals: capped.id } } });
    const calls = await db.judgeCall.findMany({ where: { runId: { in: runs.map((run) => run.id) } } });
    // Equal prompts: one estimate per call, (input tokens × price + max_tokens 100 × price) / 1e6.
    const estimates = new Set(calls.map((call) => call.estimatedTokens));
    expect(estimates.size).toBe(1);
    const perCall = ((calls[0]!.estimatedTokens * PRICE_IN + 100 * PRICE_OUT) / 1e6);
    const fits = Math.floor(cap / perCall);
    expect(fits).toBeGreaterThan(0);
    expect(fits).toBeLessThan(10);
    expect(calls).toHaveLength(fits);
    expect(await db.trafficSample.count({ where: { ruleId: capped.id, status: "SKIPPED_CAP" } })).toBe(10 - fits);

    // The provider billed less than the estimate (answers shorter than max_tokens): once the
    // batch is done, its actual cost is what counts, and more traffic the same day gets what is left.
    await waitForRun(projectId, runs[0]!.id, ["DONE"]);
    const spent = (await db.judgeCall.findMany({ where: { runId: runs[0]!.id } })).reduce((sum, call) => sum + call.costUsd!, 0);
    expect(spent).toBeLessThanOrEqual(fits * perCall);
    const more = Math.min(3, Math.floor((cap - spent) / perCall));
    await ingest(3);
    await scoreUntilSettled(capped.id);
    expect(await db.judgeCall.count({ where: { run: { scope: { path: ["ruleId"], equals: capped.id } } } })).toBe(fits + more);
    // Skipped samples are not tried again that day.
    await scoreOnlineSamples(pool());
    const [today] = await ruleActivity(projectId, [capped.id]);
    expect(today).toMatchObject({ sampled: 13, scored: fits + more, skippedCap: 13 - fits - more, pending: 0 });
    // What the provider actually billed stays under the cap too.
    expect(today!.costUsd!).toBeLessThanOrEqual(cap);
  });

  it("skips everything under a cap once the connection lost its prices, since no call can be shown to fit", async () => {
    const capped = await rule("capped, unpriced", { dailyCostCapUsd: 5 });
    await db.llmConnection.update({ where: { id: connectionId }, data: { inputPricePerMTok: null } });
    try {
      await ingest(2);
      await scoreOnlineSamples(pool());
      expect(await db.trafficSample.count({ where: { ruleId: capped.id, status: "SKIPPED_CAP" } })).toBe(2);
    } finally {
      await db.llmConnection.update({ where: { id: connectionId }, data: { inputPricePerMTok: PRICE_IN } });
      }
  });

  it("queues each sample once, whatever crashed or ran at the same time", async () => {
    const once = await rule("once");
    await ingest(8);
    // A worker killed after materialising but before its claim committed: the
    // items exist, no sample carries a run. The next pass takes them as they are.
    const drawn = await db.trafficSample.findMany({ where: { ruleId: once.id }, select: { id: true } });
    const client = await trafficPool().connect();
    try {
      await materialiseSamples(client, projectId, drawn.slice(0, 4).map((sample) => sample.id), await ensureProductionDataset(projectId));
    } finally {
      client.release();
    }
    // Three workers' passes at once: the rule's lock lets one claim, the others find nothing to do.
    const passes = await Promise.all([scoreOnlineSamples(pool()), scoreOnlineSamples(pool()), scoreOnlineSamples(pool())]);
    expect(passes.reduce((sum, pass) => sum + pass.queued, 0)).toBe(8);
    await scoreUntilSettled(once.id);
    // Passes after everything is claimed or scored queue nothing.
    expect((await scoreOnlineSamples(pool())).queued).toBe(0);

    const samples = await db.trafficSample.findMany({ where: { ruleId: once.id } });
    const calls = await db.judgeCall.findMany({ where: { run: { scope: { path: ["ruleId"], equals: once.id } } } });
    expect(calls).toHaveLength(8);
    expect(new Set(calls.map((call) => call.key)).size).toBe(8);
    expect(samples.every((sample) => sample.status === "SCORED")).toBe(true);
    expect(server.stats.chatRequests).toBe(8);
  });

  it("keeps online batches off the judge-runs list: one row per rule, its batches on request, people's runs apart", async () => {
    const listed = await rule("listed");
    // Two arrivals, two batches (one run each).
    await ingest(3);
    await scoreUntilSettled(listed.id);
    await ingest(2);
    await scoreUntilSettled(listed.id);
    const batches = await db.judgeRun.findMany({ where: { scope: { path: ["ruleId"], equals: listed.id } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(batches.length).toBeGreaterThanOrEqual(2);
    // Runs people started: one on a dataset, one from before scopes named their purpose.
    const started = { projectId, judgeId, status: "DONE" as const, total: 4, batches: 1, estimatedInputTokens: 0, estimatedOutputTokens: 0 };
    const dataset = await db.judgeRun.create({ data: { ...started, scope: { purpose: "dataset", runIds: [] } } });
    const unnamed = await db.judgeRun.create({ data: { ...started, scope: {} } });
    // The first test's rule, deleted since, ran long ago: out of the summary's window.
    const old = await db.judgeRun.findMany({ where: { scope: { path: ["purpose"], equals: "online" }, NOT: { scope: { path: ["ruleId"], equals: listed.id } } }, select: { id: true, scope: true } });
    const oldRuleId = (old[0]!.scope as { ruleId: string }).ruleId;
    await db.judgeRun.updateMany({ where: { scope: { path: ["ruleId"], equals: oldRuleId } }, data: { createdAt: new Date(Date.now() - 8 * 86_400_000) } });

    const people = await recentJudgeRuns(projectId);
    expect(people.map((run) => run.id)).toEqual([unnamed.id, dataset.id]);

    const summary = await onlineRunsByRule(projectId);
    expect(summary[0]).toMatchObject({
      ruleId: listed.id,
      ruleName: "listed",
      batches: batches.length,
      calls: 5,
      active: 0,
      failed: 0,
      latest: { id: batches[0]!.id, status: "DONE" },
    });
    expect(summary.some((row) => row.ruleId === oldRuleId)).toBe(false);
    // Rules deleted since keep a row (their runs and scores stay), without a name.
    expect(summary.slice(1).every((row) => row.ruleName === null && row.batches > 0)).toBe(true);

    const ofRule = await recentJudgeRuns(projectId, { kind: "online", ruleId: listed.id });
    expect(ofRule.map((run) => run.id)).toEqual(batches.map((run) => run.id));
  });
});
