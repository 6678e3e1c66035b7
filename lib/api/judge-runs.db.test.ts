import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as pauseRoute } from "@/app/api/v1/projects/[projectId]/judge-runs/[runId]/pause/route";
import { POST as resumeRoute } from "@/app/api/v1/projects/[projectId]/judge-runs/[runId]/resume/route";
import { POST as cancelRoute } from "@/app/api/v1/projects/[projectId]/judge-runs/[runId]/cancel/route";
import { GET as progressRoute } from "@/app/api/v1/projects/[projectId]/judge-runs/[runId]/route";
import { POST as startRoute } from "@/app/api/v1/projects/[projectId]/judge-runs/route";
import { generateApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { createDefinition } from "@/lib/judge-runner/definitions";
import { createRunFixture, type RunFixture } from "@/lib/judge-runner/test/run-fixture";
import { waitForRun } from "@/lib/judge-runner/test/run-helpers";
import { productionDeps } from "@/lib/judge-runner/worker/deps";
import { startJudgeWorker } from "@/lib/judge-runner/worker/worker";
import { startFakeOpenAI, type FakeOpenAIServer } from "@/lib/llm/test/fake-openai-server";
import { EXIT, run as runCli } from "@/scripts/cli/judge.mjs";

// The judge-run REST API end to end on a real database: names resolved in the
// project, the run planned and queued with its estimate, controlled, and run
// to the end by a worker against the local OpenAI-compatible server. Only the
// session lookup is replaced (no browser cookie in a unit of test).

const session = vi.hoisted(() => ({ user: null as import("@/lib/auth/session").CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));

let server: FakeOpenAIServer;
let fixture: RunFixture;
let tokens: { read: string; write: string; otherProject: string };
const JUDGE = "Helpfulness judge";

async function token(projectId: string, createdById: string, scope: "READ" | "WRITE") {
  const { secret, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { projectId, name: `${scope} ${prefix}`, scope, tokenHash: hash, prefix, createdById } });
  return secret;
}

beforeAll(async () => {
  server = await startFakeOpenAI({ latencyMs: 2 });
  fixture = await createRunFixture({ items: 4, baseUrl: server.baseURL });
  const admin = fixture.members.ADMIN!;
  await createDefinition({ projectId: fixture.project.id, name: JUDGE, mode: "POINTWISE", rubricId: fixture.rubric.id, criterionKey: "quality", connectionId: fixture.connection.id }, admin.id);
  const other = await createRunFixture({ items: 1, baseUrl: server.baseURL });
  tokens = {
    read: await token(fixture.project.id, admin.id, "READ"),
    write: await token(fixture.project.id, admin.id, "WRITE"),
    otherProject: await token(other.project.id, other.members.ADMIN!.id, "WRITE"),
  };
});

afterAll(async () => {
  await server.close();
  await closeSharedPools("judge-runner");
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, secret: string, params: Record<string, string> = {}, body?: unknown) {
  const request = new Request(`http://localhost:3000/api/v1/projects/${fixture.project.id}/judge-runs`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const response = await handler(request, { params: Promise.resolve({ projectId: fixture.project.id, ...params }) });
  return { status: response.status, body: await response.json() };
}
const datasetName = async () => (await db.dataset.findFirstOrThrow({ where: { projectId: fixture.project.id } })).name;

describe("POST /judge-runs", () => {
  it("needs a WRITE token of this project", async () => {
    const body = { judge: JUDGE, dataset: await datasetName() };
    expect((await call(startRoute, tokens.read, {}, body)).status).toBe(403);
    expect((await call(startRoute, tokens.otherProject, {}, body)).status).toBe(403);
    expect(await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "JudgeRun"`).toEqual([{ n: 0n }]);
  });

  it("names the field of what it cannot find", async () => {
    const dataset = await datasetName();
    expect(await call(startRoute, tokens.write, {}, { judge: "No such judge", dataset })).toMatchObject({ status: 404, body: { issues: [{ field: "judge" }] } });
    expect(await call(startRoute, tokens.write, {}, { judge: `${JUDGE}@v9`, dataset })).toMatchObject({ status: 404, body: { issues: [{ field: "judge" }] } });
    expect(await call(startRoute, tokens.write, {}, { judge: JUDGE, dataset: "nope" })).toMatchObject({ status: 404, body: { issues: [{ field: "dataset" }] } });
    expect(await call(startRoute, tokens.write, {}, { judge: JUDGE, dataset, runs: ["baseline", "ghost"] })).toMatchObject({ status: 404, body: { issues: [{ field: "runs.1" }] } });
    const items = await call(startRoute, tokens.write, {}, { judge: JUDGE, dataset, items: ["item-0", "item-77"] });
    expect(items).toMatchObject({ status: 400, body: { message: expect.stringContaining("item-77"), issues: [{ field: "items" }] } });
    expect(await call(startRoute, tokens.write, {}, { dataset })).toMatchObject({ status: 400, body: { issues: [{ field: "judge" }] } });
  });

  it("plans the calls with an estimated cost, is paused, resumed and run to the end by a worker", async () => {
    const started = await call(startRoute, tokens.write, {}, { judge: `${JUDGE}@v1`, dataset: `${await datasetName()}@v1`, runs: ["baseline"], items: ["item-0", "item-1"] });
    expect(started).toMatchObject({ status: 200, body: { status: "QUEUED", total: 2, done: 0, errors: 0 } });
    expect(started.body.estimatedCostUsd).toBeGreaterThan(0);
    const runId = started.body.id as string;

    expect(await call(pauseRoute, tokens.write, { runId }, {})).toMatchObject({ status: 200, body: { status: "PAUSED" } });
    expect((await call(progressRoute, tokens.read, { runId })).body.status).toBe("PAUSED");
    expect(await call(pauseRoute, tokens.read, { runId }, {})).toMatchObject({ status: 403 });
    expect(await call(resumeRoute, tokens.write, { runId }, {})).toMatchObject({ status: 200, body: { status: "QUEUED" } });

    const worker = await startJudgeWorker({ databaseUrl: process.env.DATABASE_URL!, pollMs: 50, heartbeatMs: 500, deadAfterMs: 2000, log: () => undefined }, productionDeps);
    try {
      await waitForRun(fixture.project.id, runId, ["DONE"]);
    } finally {
      await worker.stop();
    }
    const done = await call(progressRoute, tokens.read, { runId });
    expect(done.body).toMatchObject({ status: "DONE", total: 2, done: 2, errors: 0, failure: null });
    expect(done.body.costUsd).toBeGreaterThan(0);
    expect(done.body.inputTokens).toBeGreaterThan(0);
    const judge = await db.judge.findFirstOrThrow({ where: { projectId: fixture.project.id, name: JUDGE } });
    const scores = await db.judgeScore.findMany({ where: { judgeId: judge.id }, select: { outputId: true } });
    const expected = fixture.outputs.filter((o) => o.runId === fixture.runs[0]!.id && fixture.items.slice(0, 2).some((i) => i.id === o.itemId)).map((o) => o.id);
    expect(scores.map((s) => s.outputId).sort()).toEqual(expected.sort());

    expect(await call(cancelRoute, tokens.write, { runId }, {})).toMatchObject({ status: 409 });
  });

  it("defaults to every run and item of the latest version, and cancels", async () => {
    const started = await call(startRoute, tokens.write, {}, { judge: JUDGE, dataset: await datasetName() });
    expect(started).toMatchObject({ status: 200, body: { total: 8 } });
    expect(await call(cancelRoute, tokens.write, { runId: started.body.id }, {})).toMatchObject({ status: 200, body: { status: "CANCELLED" } });
    expect(await call(progressRoute, tokens.read, { runId: "no-such-run" })).toMatchObject({ status: 404 });
  });
});

describe("judge runs with a session", () => {
  // A page of ours posting with the session cookie (the origin check passes).
  async function asMember(role: "LEAD" | "REVIEWER", handler: Handler, params: Record<string, string>, body: unknown) {
    const member = fixture.members[role] ?? (await createMember(role));
    session.user = { ...member, isInstanceAdmin: false, membership: { projectId: fixture.project.id, role } };
    try {
      const request = new Request(`http://localhost:3000/api/v1/projects/${fixture.project.id}/judge-runs`, {
        method: "POST",
        headers: { origin: "http://localhost:3000", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const response = await handler(request, { params: Promise.resolve({ projectId: fixture.project.id, ...params }) });
      return { status: response.status, body: await response.json() };
    } finally {
      session.user = null;
    }
  }
  async function createMember(role: "LEAD" | "REVIEWER") {
    const user = await db.user.create({ data: { email: `${role.toLowerCase()}-${Date.now()}@test.local`, name: role, passwordHash: "x" } });
    await db.membership.create({ data: { projectId: fixture.project.id, userId: user.id, role } });
    return user;
  }

  it("lets a lead start, pause, resume and cancel a run, as the workbench does; a reviewer may not", async () => {
    const body = { judge: JUDGE, dataset: await datasetName(), items: ["item-0"] };
    expect(await asMember("REVIEWER", startRoute, {}, body)).toMatchObject({ status: 403 });
    const started = await asMember("LEAD", startRoute, {}, body);
    expect(started).toMatchObject({ status: 200, body: { status: "QUEUED" } });
    const runId = started.body.id as string;
    expect(await asMember("REVIEWER", pauseRoute, { runId }, {})).toMatchObject({ status: 403 });
    expect(await asMember("LEAD", pauseRoute, { runId }, {})).toMatchObject({ status: 200, body: { status: "PAUSED" } });
    expect(await asMember("LEAD", resumeRoute, { runId }, {})).toMatchObject({ status: 200, body: { status: "QUEUED" } });
    expect(await asMember("LEAD", cancelRoute, { runId }, {})).toMatchObject({ status: 200, body: { status: "CANCELLED" } });
  });
});

describe("npx touchstone judge run against these routes", () => {
  // The CLI's fetch goes straight to the route handlers: the same requests, without a web server.
  const routes: [RegExp, Record<string, Handler>][] = [
    [/\/judge-runs$/, { POST: startRoute }],
    [/\/judge-runs\/([^/]+)$/, { GET: progressRoute }],
    [/\/judge-runs\/([^/]+)\/cancel$/, { POST: cancelRoute }],
  ];
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const path = new URL(url).pathname;
    for (const [pattern, handlers] of routes) {
      const match = pattern.exec(path);
      const handler = match && handlers[init.method ?? "GET"];
      if (handler) return handler(new Request(url, init), { params: Promise.resolve({ projectId: fixture.project.id, ...(match[1] && { runId: match[1] }) }) });
    }
    return Response.json({ code: "NOT_FOUND", message: "no route" }, { status: 404 });
  };
  const cli = async (extra: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["run", "--project", fixture.project.id, "--judge", JUDGE, "--dataset", await datasetName(), "--token", tokens.write, "--url", "http://localhost:3000", ...extra], {
      fetchImpl,
      stdout: (line: string) => out.push(line),
      stderr: (line: string) => err.push(line),
      env: {},
      sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 100))),
      tty: false,
      writeProgress: (line: string) => err.push(line),
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("exits 0 when the run is done, and 1 with the provider's words when a refused key stops it", async () => {
    const worker = await startJudgeWorker({ databaseUrl: process.env.DATABASE_URL!, pollMs: 50, heartbeatMs: 500, deadAfterMs: 2000, log: () => undefined }, productionDeps);
    try {
      const done = await cli(["--runs", "candidate", "--items", "item-2,item-3"]);
      expect(done.err).toMatch(/Judge run \S+ started: 2 calls, estimated \$/);
      expect(done.out).toContain(": done. 2 scored, 0 failed");
      expect(done.code).toBe(EXIT.DONE);

      server.setFaults([{ kind: "bad-key" }]);
      const refused = await cli(["--runs", "baseline", "--items", "item-3"]);
      expect(refused.out).toContain("Stopped by: The API key was refused (401): Incorrect API key provided.");
      expect(refused.code).toBe(EXIT.FAILED);
    } finally {
      server.setFaults([]);
      await worker.stop();
    }
  });
});
