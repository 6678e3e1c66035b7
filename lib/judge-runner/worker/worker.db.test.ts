import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { createJudgeRunFromSpecs, cancelJudgeRun, pauseJudgeRun, resumeJudgeRun } from "@/lib/judge-runner/runs";
import { createRunFixture, pairwiseSpecs, pointwiseSpecs, type RunFixture } from "@/lib/judge-runner/test/run-fixture";
import { waitForDone, waitForRun } from "@/lib/judge-runner/test/run-helpers";
import { startFakeOpenAI, type FakeOpenAIServer } from "@/lib/llm/test/fake-openai-server";
import { productionDeps } from "./deps";
import { startJudgeWorker, type RunningWorker } from "./worker";

// Judge runs end to end on the real queue and PostgreSQL: createJudgeRunFromSpecs
// queues batches, an in-process worker runs them against the local
// OpenAI-compatible server (real HTTP, the production client and parser).

let server: FakeOpenAIServer;
let worker: RunningWorker;
let fixture: RunFixture;

beforeAll(async () => {
  server = await startFakeOpenAI({ latencyMs: 5 });
  worker = await startJudgeWorker(
    { databaseUrl: process.env.DATABASE_URL!, pollMs: 50, heartbeatMs: 500, deadAfterMs: 2000, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 }, log: () => undefined },
    productionDeps,
  );
});

afterAll(async () => {
  await worker.stop();
  await server.close();
  await closeSharedPools("judge-runner");
});

beforeEach(async () => {
  server.setFaults([]);
  server.setLatency(5);
  server.resetStats();
  fixture = await createRunFixture({ items: 6, baseUrl: server.baseURL });
});

const actor = () => ({ userId: fixture.members.LEAD.id });
const start = (specs = pointwiseSpecs(fixture), judgeId = fixture.judge.id) =>
  createJudgeRunFromSpecs({ projectId: fixture.project.id, judgeId, scope: fixture.scope, specs, actor: actor() });

async function callsOf(runId: string) {
  return db.judgeCall.findMany({ where: { runId }, orderBy: { id: "asc" } });
}

describe("a pointwise run", () => {
  it("scores every output once, with reasoning, tokens and cost, and shows an estimate before it starts", async () => {
    const created = await start();
    expect(created).toMatchObject({ status: "QUEUED", total: 12, done: 0 });
    expect(created.estimatedCostUsd).toBeGreaterThan(0);

    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done).toMatchObject({ total: 12, done: 12, errors: 0, cached: 0 });
    const scores = await db.judgeScore.findMany({ where: { judgeId: fixture.judge.id } });
    expect(scores).toHaveLength(12);
    expect(new Set(scores.map((s) => s.outputId)).size).toBe(12);
    for (const score of scores) {
      expect(score.value).toBeGreaterThanOrEqual(1);
      expect(score.value).toBeLessThanOrEqual(5);
      expect(score.error).toBeNull();
      expect(score.rationale.length).toBeGreaterThan(0);
    }
    // Usage as the server counted it, priced at 2 / 8 USD per million tokens.
    expect(done.inputTokens).toBe(server.stats.promptTokens);
    expect(done.outputTokens).toBe(server.stats.completionTokens);
    expect(done.costUsd).toBeCloseTo((server.stats.promptTokens * 2 + server.stats.completionTokens * 8) / 1e6, 10);
    expect(server.stats.chatRequests).toBe(12);
  });

  it("never has more requests at the provider than the connection's concurrency, though it prepares a few more", async () => {
    await db.llmConnection.update({ where: { id: fixture.connection.id }, data: { maxConcurrency: 2 } });
    server.setLatency(40);
    const created = await start();
    await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(server.stats.chatRequests).toBe(12);
    expect(server.stats.maxInFlight).toBe(2);
  });

  it("leaves the cost unknown, not 0, when the connection has no prices", async () => {
    await db.llmConnection.update({ where: { id: fixture.connection.id }, data: { inputPricePerMTok: null, outputPricePerMTok: null } });
    const created = await start();
    expect(created.estimatedCostUsd).toBeNull();
    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done.costUsd).toBeNull();
    expect(done.inputTokens).toBeGreaterThan(0);
  });
});

describe("a pairwise run", () => {
  it("stores both shown orders of every pair, verdicts in canonical A/B terms", async () => {
    const created = await start(pairwiseSpecs(fixture));
    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done).toMatchObject({ total: 12, done: 12, errors: 0 });
    const scores = await db.pairwiseJudgeScore.findMany({ where: { judgeId: fixture.judge.id } });
    expect(scores).toHaveLength(12);
    const orders = new Map<string, string[]>();
    for (const score of scores) {
      expect(["A", "B", "TIE", "BOTH_BAD"]).toContain(score.verdict);
      orders.set(`${score.outputAId}:${score.outputBId}`, [...(orders.get(`${score.outputAId}:${score.outputBId}`) ?? []), score.shownOrder]);
    }
    expect(orders.size).toBe(6);
    for (const shown of orders.values()) expect(shown.sort()).toEqual(["AB", "BA"]);
  });
});

describe("failures", () => {
  it("retries 429s after their Retry-After and 500s with backoff, then succeeds", async () => {
    // One call at a time: requests 1 and 2 are refused (429, wait 400 ms, for
    // the whole connection), requests 4 and 5 get 500s.
    await db.llmConnection.update({ where: { id: fixture.connection.id }, data: { maxConcurrency: 1 } });
    server.setFaults([
      { kind: "rate-limit", first: 2, retryAfterMs: 400, retryAfterSeconds: 1 },
      { kind: "server-error", requests: [4, 5] },
    ]);
    const created = await start();
    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done).toMatchObject({ done: 12, errors: 0 });
    expect(server.stats.byStatus[429]).toBe(2);
    expect(server.stats.byStatus[500]).toBe(2);
    const calls = await callsOf(created.id);
    expect(calls.reduce((sum, call) => sum + call.attempts, 0)).toBe(16);
    // Two waits of at least the 400 ms the provider asked for, one after the other (backoff alone is ≤ 40 ms).
    const run = await db.judgeRun.findUniqueOrThrow({ where: { id: created.id } });
    const last = Math.max(...calls.map((call) => call.doneAt!.getTime()));
    expect(last - run.startedAt!.getTime()).toBeGreaterThanOrEqual(780);
  });

  it("stores a call that keeps failing as an ERROR score with its reason, and the rest as scores", async () => {
    const item = fixture.items[3]!;
    server.setFaults([{ kind: "server-error", promptContains: item.inputText! }]);
    const created = await start([...pointwiseSpecs(fixture), ...pairwiseSpecs(fixture)]);
    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done).toMatchObject({ total: 24, done: 24, errors: 4 });
    const failed = await db.judgeScore.findMany({ where: { judgeId: fixture.judge.id, error: { not: null } } });
    expect(failed).toHaveLength(2);
    for (const score of failed) {
      expect(score.value).toBeNull();
      expect(score.error).toMatch(/^Failed after 3 attempts: /);
    }
    const failedPairs = await db.pairwiseJudgeScore.findMany({ where: { judgeId: fixture.judge.id, verdict: "ERROR" } });
    expect(failedPairs).toHaveLength(2);
    expect(failedPairs.every((score) => score.itemId === item.id && score.rationale.startsWith("Failed after 3 attempts"))).toBe(true);
    expect(await db.judgeScore.count({ where: { judgeId: fixture.judge.id, error: null } })).toBe(10);
  });

  it("stores an answer it cannot read as an ERROR score that keeps the raw text", async () => {
    // A Likert answer read against a categorical criterion: no category in it.
    const created = await start(pointwiseSpecs(fixture, { temperature: 0 }, "tone").slice(0, 3));
    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done).toMatchObject({ done: 3, errors: 3 });
    const scores = await db.judgeScore.findMany({ where: { judgeId: fixture.judge.id } });
    expect(scores).toHaveLength(3);
    for (const score of scores) {
      expect(score.error).toMatch(/^Unreadable answer: /);
      expect(JSON.parse(score.rawText!)).toHaveProperty("score");
    }
  });

  it("stops the whole run at a fatal error with the provider's message, leaving the rest un-run", async () => {
    await db.llmConnection.update({ where: { id: fixture.connection.id }, data: { maxConcurrency: 1 } });
    server.setFaults([{ kind: "bad-key", requests: [3] }]);
    const created = await start();
    const failed = await waitForRun(fixture.project.id, created.id, ["FAILED"]);
    expect(failed.failure).toMatch(/Incorrect API key/);
    expect(failed.done).toBeLessThan(12);
    // Nothing more is sent once the run failed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = server.stats.chatRequests;
    expect(sent).toBeLessThanOrEqual(4);
    expect(await db.judgeScore.count({ where: { judgeId: fixture.judge.id } })).toBe(failed.done);
    expect((await callsOf(created.id)).filter((call) => !call.done).length).toBe(12 - failed.done);
  });
});

describe("the response cache", () => {
  it("answers a deterministic re-run from the cache, at no cost, and never a sampled one", async () => {
    const first = await start();
    await waitForRun(fixture.project.id, first.id, ["DONE"]);
    expect(server.stats.chatRequests).toBe(12);

    const version2 = await db.judge.create({
      data: { projectId: fixture.project.id, name: fixture.judge.name, promptVersion: "v2", model: fixture.connection.model, connectionId: fixture.connection.id },
    });
    const again = await start(pointwiseSpecs(fixture), version2.id);
    expect(again.estimatedCostUsd).toBe(0);
    const done = await waitForRun(fixture.project.id, again.id, ["DONE"]);
    expect(done).toMatchObject({ done: 12, cached: 12, costUsd: 0 });
    expect(server.stats.chatRequests).toBe(12);
    const [a, b] = await Promise.all([fixture.judge.id, version2.id].map((judgeId) => db.judgeScore.findMany({ where: { judgeId }, orderBy: { outputId: "asc" } })));
    expect(b!.map((s) => [s.outputId, s.value])).toEqual(a!.map((s) => [s.outputId, s.value]));

    const version3 = await db.judge.create({
      data: { projectId: fixture.project.id, name: fixture.judge.name, promptVersion: "v3", model: fixture.connection.model, connectionId: fixture.connection.id },
    });
    const sampled = await start(pointwiseSpecs(fixture, { temperature: 0.7 }), version3.id);
    expect((await waitForRun(fixture.project.id, sampled.id, ["DONE"])).cached).toBe(0);
    expect(server.stats.chatRequests).toBe(24);
  });
});

describe("pause, resume and cancel", () => {
  it("pauses (nothing more is sent), resumes to the end with one score per call, and audits each step", async () => {
    await db.llmConnection.update({ where: { id: fixture.connection.id }, data: { maxConcurrency: 2 } });
    server.setLatency(150);
    const created = await start();
    await waitForDone(fixture.project.id, created.id, 2);
    const paused = await pauseJudgeRun(fixture.project.id, created.id, actor());
    expect(paused.status).toBe("PAUSED");
    // Calls in flight finish; then nothing more goes out.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const sent = server.stats.chatRequests;
    const settled = await waitForRun(fixture.project.id, created.id, ["PAUSED"]);
    expect(settled.done).toBeLessThan(12);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.stats.chatRequests).toBe(sent);

    await expect(pauseJudgeRun(fixture.project.id, created.id, actor())).rejects.toThrow(/paused; only queued or running/);
    await resumeJudgeRun(fixture.project.id, created.id, actor());
    const done = await waitForRun(fixture.project.id, created.id, ["DONE"]);
    expect(done.done).toBe(12);
    expect(await db.judgeScore.count({ where: { judgeId: fixture.judge.id } })).toBe(12);
    const actions = await db.auditEvent.findMany({ where: { targetId: created.id }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true } });
    expect(actions.map((a) => a.action)).toEqual(["judgeRun.start", "judgeRun.pause", "judgeRun.resume"]);
    expect(actions.every((a) => a.actorId === fixture.members.LEAD.id)).toBe(true);
  });

  it("cancels: the run stops for good and cannot be resumed", async () => {
    await db.llmConnection.update({ where: { id: fixture.connection.id }, data: { maxConcurrency: 1 } });
    server.setLatency(200);
    const created = await start();
    await waitForDone(fixture.project.id, created.id, 1);
    expect((await cancelJudgeRun(fixture.project.id, created.id, actor())).status).toBe("CANCELLED");
    await new Promise((resolve) => setTimeout(resolve, 800));
    const after = await waitForRun(fixture.project.id, created.id, ["CANCELLED"]);
    expect(after.done).toBeLessThan(12);
    await expect(resumeJudgeRun(fixture.project.id, created.id, actor())).rejects.toThrow(/cancelled/);
    expect(await db.auditEvent.count({ where: { targetId: created.id, action: "judgeRun.cancel" } })).toBe(1);
  });

  it("refuses runs of another project", async () => {
    const created = await start();
    const other = await createRunFixture({ items: 1, baseUrl: server.baseURL });
    await expect(pauseJudgeRun(other.project.id, created.id, actor())).rejects.toThrow(/does not exist in this project/);
    await waitForRun(fixture.project.id, created.id, ["DONE"]);
  });
});
