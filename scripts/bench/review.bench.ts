import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { needsBuild } from "../build-freshness";
import { benchServerSecrets, freePort, percentile, runSqlSteps } from "./helpers";
import type { Benchmark, BenchContext } from "./types";

// Review queue at scale: 100k items, 300k outputs, 1M labels.
// 1. Server side: submit a label + lease and load the next task, timed in
//    process through lib/review/queue.ts (review.submit_next.p50_ms / p95_ms).
// 2. Load: 100 simulated reviewers for 60 s over HTTP against the built app,
//    calling the same endpoints the review screen calls (its route handlers
//    for opening the queue and submit + next, with the session cookie), then
//    counting what must never happen
//    (review.load.throughput_rps, review.load.p99_ms, review.load.violations).
//    Each simulated reviewer waits a random 1–2 s "think time" before every
//    action, as a person reads and rates before submitting (real experts take
//    tens of seconds; 1–2 s is a deliberately harsh stand-in). 100 reviewers
//    so offer ≈ 100 / 1.5 s ≈ 67 req/s. A closed loop with no think time would
//    measure queueing at saturation, not what a reviewer experiences; the
//    offered and achieved rates are printed so the two can be told apart.
//    The app runs as one `next start` per core (BENCH_REVIEW_SERVERS), each
//    reviewer pinned to one of them, as a load balancer would, and is warmed
//    up first (a few unmeasured queue openings per server) as a deployed
//    server would be; every live reviewer's own first opening is measured.
// 3. Mixed: the same 100 reviewers while 4 leads load the agreement, run
//    comparison and leaderboard endpoints in a loop, without pause, on the
//    1M-label data (review.mixed.p99_ms: the reviewers' requests only). Analytic
//    answers are cached per server until the data changes (recomputed at most
//    every TOUCHSTONE_ANALYTICS_REFRESH_SECONDS while reviewers keep labelling),
//    and computing one queues behind a per-server cap, one query on one core
//    (lib/db/analytics.ts), so reviewers don't wait behind them. The log counts
//    the leads' answers by cache state (fresh, stale, computed).
// 4. Capacity: 250, 500, 1,000, 1,250, 1,500, 2,000 reviewers with 10–30 s think time,
//    60 s each, stopping at the first size whose p99 reaches 200 ms or that sees
//    a failed request (review.capacity.reviewers: the largest size that passed).
//    "N reviewers at 10–30 s think time" is a steady state of N / 20 s requests
//    per second, so reviewers arrive spread over one mean think time (20 s),
//    at that same rate: 1,000 arrivals in 10 s would be a thundering herd
//    (every reviewer of the team opening the queue at once, twice the steady
//    rate, each opening dearer than a submit), not the load the goal names.
//    Openings are timed all the same.
// BENCH_REVIEW_SECONDS and BENCH_REVIEW_REVIEWERS shorten or shrink the load and mixed runs,
// BENCH_CAPACITY_STEPS ("250,500") and BENCH_CAPACITY_SECONDS the capacity run;
// BENCH_REVIEW_THINK_MS="min,max" changes the think time ("0,0" = closed loop);
// BENCH_NEXT_DIST_DIR picks the build folder (built first when missing).
// `npm run bench -- review.submit_next` skips the HTTP load run.

const ITEMS = 100_000;
const HISTORY_REVIEWERS = 10; // × 100k tasks = 1M historical labels
const LIVE_REVIEWERS = Number(process.env.BENCH_REVIEW_REVIEWERS ?? 100);
const ANALYTIC_CLIENTS = 4;
const CAPACITY_STEPS = (process.env.BENCH_CAPACITY_STEPS ?? "250,500,1000,1250,1500,2000").split(",").map(Number);
const CAPACITY_SECONDS = Number(process.env.BENCH_CAPACITY_SECONDS ?? 60);
const CAPACITY_THINK_MS: [number, number] = [10_000, 30_000];
// Each phase has reviewers of its own (so none starts with another phase's leases).
const PHASE_USERS = { load: LIVE_REVIEWERS, mixed: LIVE_REVIEWERS, capacity: Math.max(...CAPACITY_STEPS) };
const USERS = HISTORY_REVIEWERS + 20 + PHASE_USERS.load + PHASE_USERS.mixed + PHASE_USERS.capacity;

/** The first `count` reviewers of a phase: u<n> ids after the history reviewers and the 20 in-process ones. */
function liveReviewers(phase: keyof typeof PHASE_USERS, count: number) {
  const phases = Object.keys(PHASE_USERS) as (keyof typeof PHASE_USERS)[];
  const offset = HISTORY_REVIEWERS + 20 + phases.slice(0, phases.indexOf(phase)).reduce((sum, name) => sum + PHASE_USERS[name], 0);
  return Array.from({ length: Math.min(count, PHASE_USERS[phase]) }, (_, i) => `u${offset + 1 + i}`);
}
const LOAD_SECONDS = Number(process.env.BENCH_REVIEW_SECONDS ?? 60);
const APP_SERVERS = Number(process.env.BENCH_REVIEW_SERVERS ?? Math.max(1, os.availableParallelism()));
const SERVER_SIDE_ITERATIONS = 1_000;
const [THINK_MIN_MS, THINK_MAX_MS] = (process.env.BENCH_REVIEW_THINK_MS ?? "1000,2000").split(",").map(Number) as [number, number];

async function seed(databaseUrl: string, log: BenchContext["log"]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const step = async (label: string, sql: string) => {
    const started = performance.now();
    await client.query(sql);
    log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  await step("users, project, rubric", `
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
      SELECT 'u' || g, 'reviewer' || g || '@bench.local', 'Reviewer ' || g, 'x', now() FROM generate_series(1, ${USERS}) g;
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('lead', 'lead@bench.local', 'Lead', 'x', now());
    INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
    INSERT INTO "Membership" (id, "projectId", "userId", role) SELECT 'm' || g, 'p1', 'u' || g, 'REVIEWER' FROM generate_series(1, ${USERS}) g;
    INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ('m-lead', 'p1', 'lead', 'LEAD');
    INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
    INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
    INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES
      ('c-help', 'rv1', 'helpfulness', 'Helpfulness', 'LIKERT', true, 0, '{"min":1,"max":5,"anchors":["","","","",""]}'),
      ('c-pref', 'rv1', 'preference', 'Preference', 'PREFERENCE', true, 1, '{}');
    INSERT INTO "Dataset" (id, "projectId", name) VALUES ('d1', 'p1', 'golden');
    INSERT INTO "DatasetVersion" (id, "datasetId", version, "itemCount", "contentHash") VALUES ('dv1', 'd1', 1, ${ITEMS}, 'h');
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES ('r1', 'p1', 'dv1', 'r1', 'm'), ('r2', 'p1', 'dv1', 'r2', 'm'), ('r3', 'p1', 'dv1', 'r3', 'm');`);
  await step("100k items", `
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", reference, tags, "contentHash")
    SELECT 'i' || g, 'dv1', 'item-' || g, g, 'Question number ' || g || '? ' || repeat('context ', 20), 'Answer ' || g,
           ARRAY[(ARRAY['billing','sync','sharing','security'])[1 + g % 4]], md5(g::text)
    FROM generate_series(1, ${ITEMS}) g`);
  await step("300k outputs", `
    INSERT INTO "Output" (id, "runId", "itemId", content)
    SELECT 'o' || r || '-' || g, 'r' || r, 'i' || g, 'Run ' || r || ' answers item ' || g || '. ' || repeat('Some **markdown** text. ', 15)
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN generate_series(1, 3) r`);
  await step("history setup: 100k complete tasks", `
    INSERT INTO "ReviewSetup" (id, "projectId", name, "datasetVersionId", "rubricVersionId", mode, "runIds", selection, overlap, "blindReview", "randomizeOrder", "showReference")
    VALUES ('s-hist', 'p1', 'history', 'dv1', 'rv1', 'PAIRWISE', ARRAY['r1','r3'], '{"strategy":"all","tags":[],"seed":1,"criterionKeys":["preference"]}', ${HISTORY_REVIEWERS}, true, true, false);
    INSERT INTO "ReviewTask" (id, "projectId", "setupId", "itemId", overlap, "labelCount", status)
    SELECT 'th' || g, 'p1', 's-hist', 'i' || g, ${HISTORY_REVIEWERS}, ${HISTORY_REVIEWERS}, 'COMPLETE' FROM generate_series(1, ${ITEMS}) g;
    INSERT INTO "ReviewTaskOutput" ("taskId", "outputId", position)
    SELECT 'th' || g, 'o' || r || '-' || g, CASE WHEN r = 1 THEN 0 ELSE 1 END FROM generate_series(1, ${ITEMS}) g CROSS JOIN (VALUES (1), (3)) v(r)`);
  await step("1M assignments", `
    INSERT INTO "Assignment" (id, "taskId", "reviewerId", status, "leaseExpiresAt", "shownOrder", "submittedAt", "activeMs")
    SELECT 'ah' || g || '-' || u, 'th' || g, 'u' || u, 'SUBMITTED', now(), ARRAY[0, 1], now(), 30000
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN generate_series(1, ${HISTORY_REVIEWERS}) u`);
  await step("1M labels", `
    INSERT INTO "Label" (id, "clientId", "taskId", "assignmentId", "reviewerId", "rubricVersionId", "activeMs", "updatedAt")
    SELECT 'lh' || g || '-' || u, 'hist-' || g || '-' || u, 'th' || g, 'ah' || g || '-' || u, 'u' || u, 'rv1', 30000, now()
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN generate_series(1, ${HISTORY_REVIEWERS}) u`);
  await step("1M label values", `
    INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", "otherOutputId", category)
    SELECT 'vh' || g || '-' || u, 'lh' || g || '-' || u, 'c-pref', 'o1-' || g || ':o3-' || g, 'o1-' || g, 'o3-' || g, (ARRAY['A','B','TIE','BOTH_BAD'])[1 + (g + u) % 4]
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN generate_series(1, ${HISTORY_REVIEWERS}) u`);
  // What the leads of review.mixed read: a pairwise judge on the history pairs
  // (agreement with 1M labels, the judge leaderboard) and a pointwise judge on
  // two runs (run comparison).
  await step("judge j1: 100k pairwise verdicts, 200k helpfulness scores", `
    INSERT INTO "Judge" (id, "projectId", name, model) VALUES ('j1', 'p1', 'judge-1', 'judge-model');
    INSERT INTO "PairwiseJudgeScore" (id, "judgeId", "criterionId", "itemId", "outputAId", "outputBId", "shownOrder", verdict)
    SELECT 'pj' || g, 'j1', 'c-pref', 'i' || g, 'o1-' || g, 'o3-' || g, 'AB', (ARRAY['A','B','TIE','A']::"PairVerdict"[])[1 + g % 4]
    FROM generate_series(1, ${ITEMS}) g;
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
    SELECT 'js' || r || '-' || g, 'j1', 'o' || r || '-' || g, 'c-help', 1 + (g * r) % 5
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN (VALUES (1), (3)) v(r)`);
  // A database of this size in use has been vacuumed; without this, autovacuum
  // of the freshly loaded tables would run during the timed phases.
  await step("vacuum analyze", "VACUUM ANALYZE");
  await client.end();
}

type Field = { id: string; outputId: string | null; criterion: { kind: string } };
type View = { assignmentId: string; taskId: string; fields: Field[]; outputs: { id: string }[] };

function answersFor(view: View) {
  const answers: Record<string, unknown> = {};
  for (const field of view.fields) {
    if (field.criterion.kind === "LIKERT") answers[field.id] = { kind: "score", value: 1 + (field.id.length % 5) };
    else if (field.criterion.kind === "PREFERENCE") answers[field.id] = { kind: "preference", winner: view.outputs[0]!.id };
  }
  return answers;
}

async function countViolations(databaseUrl: string, acknowledged: Set<string>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const one = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].n);
  const overOverlap = await one(`SELECT COUNT(*) AS n FROM "ReviewTask" t WHERE t."labelCount" > t.overlap OR t."labelCount" <> (SELECT COUNT(*) FROM "Label" l WHERE l."taskId" = t.id)`);
  const duplicates = await one(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Label" GROUP BY "taskId", "reviewerId" HAVING COUNT(*) > 1) d`);
  const ids = [...acknowledged];
  const found = ids.length ? await one(`SELECT COUNT(*) AS n FROM "Label" WHERE id = ANY($1::text[])`, [ids]) : 0;
  await client.end();
  return { overOverlap, duplicates, lost: ids.length - found };
}

type Advance = { current: { confirmed: true } | { confirmed: false; task: View | null }; next: View | null };

/** The screen after a submit: the prefetched task it switched to (unless the server replaced it) and the new prefetched one. */
function afterAdvance(prefetched: View | null, advance: Advance) {
  return { view: advance.current.confirmed ? prefetched : advance.current.task, next: advance.next };
}

async function serverSide(context: BenchContext) {
  const { openQueue, submitAndAdvance } = await import("../../lib/review/queue");
  const { createReviewSetup } = await import("../../lib/review/setup");
  const started = performance.now();
  const { setupId, taskCount } = await createReviewSetup(
    {
      projectId: "p1",
      name: "live",
      datasetVersionId: "dv1",
      rubricVersionId: "rv1",
      mode: "PAIRWISE",
      runIds: ["r1", "r2"],
      selection: { strategy: "all", tags: [], seed: 1 },
      criterionKeys: ["preference", "helpfulness"],
      overlap: 2,
      blindReview: true,
      randomizeOrder: true,
      showReference: false,
    },
    null,
  );
  context.log(`live setup: ${taskCount} tasks generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await runSqlSteps(context.databaseUrl, context.log, [["vacuum analyze the live setup's tasks", `VACUUM ANALYZE "ReviewTask", "ReviewTaskOutput"`]]);

  // What the review screen does: open the queue (current + prefetched next),
  // then each submit stores the label, confirms the prefetched task and
  // leases and loads the one after it, in one call.
  const reviewers = Array.from({ length: 20 }, (_, i) => `u${HISTORY_REVIEWERS + 1 + i}`);
  const screens = new Map<string, { view: View | null; next: View | null }>();
  for (const reviewer of reviewers) {
    const screen = await openQueue("p1", reviewer, setupId);
    screens.set(reviewer, { view: screen.task as View | null, next: screen.next as View | null });
  }
  const timings: number[] = [];
  for (let i = 0; i < SERVER_SIDE_ITERATIONS + 50; i++) {
    const reviewer = reviewers[i % reviewers.length]!;
    const { view, next } = screens.get(reviewer)!;
    const t0 = performance.now();
    const result = await submitAndAdvance("p1", reviewer, setupId, { assignmentId: view!.assignmentId, clientId: `ss-${i}-${reviewer}`, answers: answersFor(view!) as never, rationale: "", flags: [], activeMsDelta: 1000 }, next?.assignmentId ?? null);
    if (i >= 50) timings.push(performance.now() - t0); // the first 50 warm caches and plans
    screens.set(reviewer, afterAdvance(next, result as unknown as Advance));
  }
  timings.sort((a, b) => a - b);
  context.log(`server side: p50 ${percentile(timings, 50).toFixed(1)} ms, p95 ${percentile(timings, 95).toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms, max ${timings.at(-1)?.toFixed(1)} ms`);
  context.report("review.submit_next.p50_ms", percentile(timings, 50), "ms");
  context.report("review.submit_next.p95_ms", percentile(timings, 95), "ms");
  return setupId;
}

type Answer = { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };

/** Calls one of the review screen's route handlers exactly as the browser does (session cookie, JSON body) and returns its answer. */
async function callScreen(baseUrl: string, projectId: string, setupId: string, endpoint: "queue" | "submit", cookie: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${baseUrl}/api/v1/projects/${projectId}/review/${setupId}/${endpoint}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", Cookie: cookie, Origin: baseUrl },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (response.ok) return { ok: true, data: payload as Record<string, unknown> };
  if (payload && typeof payload === "object" && "code" in payload) return { ok: false, error: payload as Answer["error"] };
  throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
}

type Servers = { baseUrls: string[]; stop(): void };

async function startServers(context: BenchContext): Promise<Servers> {
  const root = path.resolve(import.meta.dirname, "..", "..");
  const distName = process.env.BENCH_NEXT_DIST_DIR ?? ".next-bench";
  const env = { ...process.env, NEXT_DIST_DIR: distName, NEXT_TELEMETRY_DISABLED: "1" };
  // Rebuilt when any source is newer than the build, so the bench never measures stale code.
  if (needsBuild(distName)) {
    context.log(`building the app into ${distName} …`);
    const build = spawnSync("npx", ["next", "build"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("next build failed");
  }
  // As deployed on this machine: one app server (a single-threaded Node
  // process) per core behind a balancer, reviewers spread over them. The
  // queue's guarantees rest on database locks, so this also checks them
  // across servers.
  const baseUrls: string[] = [];
  const servers: ChildProcess[] = [];
  const stop = () => {
    for (const server of servers) if (server.pid) process.kill(-server.pid, "SIGTERM");
  };
  try {
    for (let n = 0; n < APP_SERVERS; n++) {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      baseUrls.push(baseUrl);
      servers.push(
        spawn("npx", ["next", "start", "-p", String(port)], {
          cwd: root,
          // API rate limits off: the mixed phase's leads must really hammer the
          // analytic reads (with limits on, most of their calls would be 429s).
          env: { ...env, NODE_ENV: "production", DATABASE_URL: context.databaseUrl, ...benchServerSecrets(), NEXTAUTH_URL: baseUrl, TOUCHSTONE_DB_POOL_SIZE: String(Math.ceil(20 / APP_SERVERS)), TOUCHSTONE_API_USER_LIMIT: "0", TOUCHSTONE_API_TOKEN_LIMIT: "0" },
          stdio: ["ignore", "ignore", "inherit"],
          detached: true,
        }),
      );
    }
    for (const baseUrl of baseUrls) {
      for (let i = 0; ; i++) {
        if (i > 600) throw new Error("the app did not start");
        const ok = await fetch(`${baseUrl}/sign-in`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { baseUrls, stop };
}

async function cookieFor(userId: string) {
  const { encode } = await import("next-auth/jwt");
  return `next-auth.session-token=${await encode({ token: { uid: userId, sub: userId, name: userId, email: `reviewer${userId.slice(1)}@bench.local` }, secret: benchServerSecrets().NEXTAUTH_SECRET })}`;
}

type Crowd = { reviewers: string[]; thinkMs: [number, number]; seconds: number };
type CrowdResult = { latencies: number[]; openings: number[]; submits: number[]; acknowledged: Set<string>; seenTwice: number; errors: number; seconds: number };

/**
 * Simulated reviewers doing what the review screen does: open the queue, then
 * think, submit and get the next task, until the time is up. Each waits a
 * random think time before every action and arrives spread over the mean
 * think time, not all in the same millisecond.
 */
async function runCrowd(context: BenchContext, servers: Servers, setupId: string, crowd: Crowd): Promise<CrowdResult> {
  const [thinkMin, thinkMax] = crowd.thinkMs;
  const latencies: number[] = [];
  // Split for the log: opening the queue (each reviewer's first call) and submits.
  const openings: number[] = [];
  const submits: number[] = [];
  const acknowledged = new Set<string>();
  let seenTwice = 0;
  let errors = 0;
  const deadline = performance.now() + crowd.seconds * 1000;
  const think = () => new Promise((resolve) => setTimeout(resolve, thinkMin + Math.random() * (thinkMax - thinkMin)));

  const reviewer = async (userId: string, index: number) => {
    const cookie = await cookieFor(userId);
    const baseUrl = servers.baseUrls[index % servers.baseUrls.length]!;
    const submitted = new Set<string>();
    const timed = async (endpoint: "queue" | "submit", body: unknown) => {
      const t0 = performance.now();
      try {
        return await callScreen(baseUrl, "p1", setupId, endpoint, cookie, body);
      } finally {
        const ms = performance.now() - t0;
        latencies.push(ms);
        (endpoint === "queue" ? openings : submits).push(ms);
      }
    };
    let view: View | null = null;
    let next: View | null = null;
    let clientSeq = 0;
    const received = (task: View | null) => {
      if (task && submitted.has(task.taskId)) seenTwice++;
    };
    // Arrivals spread over one mean think time: the rate of the steady state that follows (see the header).
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.max((thinkMin + thinkMax) / 2, 1000)));
    while (performance.now() < deadline) {
      try {
        if (view) await think(); // reading and rating the task on screen
        if (performance.now() >= deadline) break;
        if (!view) {
          const result = await timed("queue", {});
          if (!result.ok) throw new Error(result.error?.message);
          view = (result.data!.task as View | null) ?? null;
          next = (result.data!.next as View | null) ?? null;
          received(view);
          received(next);
          if (!view) return;
          continue;
        }
        // As the screen does: switch to the prefetched task at once, submit in the background.
        const result = await timed("submit", { showing: next?.assignmentId ?? null, assignmentId: view.assignmentId, clientId: `load-${userId}-${clientSeq++}-${Date.now()}`, answers: answersFor(view), rationale: "", flags: [], activeMsDelta: 1000 });
        if (!result.ok) {
          errors++;
          view = null;
          continue;
        }
        const data = result.data as unknown as { submitted: { labelId: string; taskId: string } } & Advance;
        acknowledged.add(data.submitted.labelId);
        submitted.add(data.submitted.taskId);
        if (!data.current.confirmed) received(data.current.task);
        received(data.next);
        ({ view, next } = afterAdvance(next, data));
        if (!view) return;
      } catch (error) {
        errors++;
        if (errors < 5) context.log(`request failed: ${(error as Error).message}`);
        view = null;
      }
    }
  };
  const started = performance.now();
  await Promise.all(crowd.reviewers.map((userId, index) => reviewer(userId, index)));
  for (const list of [latencies, openings, submits]) list.sort((a, b) => a - b);
  return { latencies, openings, submits, acknowledged, seenTwice, errors, seconds: (performance.now() - started) / 1000 };
}

function logCrowd(context: BenchContext, name: string, crowd: Crowd, result: CrowdResult) {
  context.log(
    `${name}: ${crowd.reviewers.length} reviewers, think ${crowd.thinkMs[0]}–${crowd.thinkMs[1]} ms: ${result.latencies.length} requests in ${result.seconds.toFixed(1)} s, ` +
      `${result.acknowledged.size} labels, ${result.errors} failed; p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p99 ${percentile(result.latencies, 99).toFixed(1)} ms, max ${result.latencies.at(-1)?.toFixed(1)} ms`,
  );
  for (const [label, list] of [["queue openings", result.openings], ["submits", result.submits]] as const) {
    context.log(`  ${label}: ${list.length}, p50 ${percentile(list, 50).toFixed(1)} ms, p99 ${percentile(list, 99).toFixed(1)} ms, max ${list.at(-1)?.toFixed(1)} ms`);
  }
}

async function violationsOf(context: BenchContext, result: CrowdResult) {
  const counts = await countViolations(context.databaseUrl, result.acknowledged);
  context.log(`  over overlap ${counts.overOverlap}, duplicate labels ${counts.duplicates}, lost ${counts.lost}, seen twice ${result.seenTwice}`);
  return counts.overOverlap + counts.duplicates + counts.lost + result.seenTwice;
}

const ANALYTIC_PATHS = [
  "agreement?judge=j1&criterion=preference",
  "compare?baseline=r1&candidate=r3&judge=j1&criterion=helpfulness",
  "leaderboard?source=j1&criterion=preference",
];

/** Leads reloading dashboards in a loop (no think time) until `stop`: each client walks the agreement, comparison and leaderboard endpoints. */
function hammerAnalytics(context: BenchContext, servers: Servers, clients: number) {
  let stopped = false;
  const timings: number[] = [];
  const statuses = new Map<number, number>();
  const cacheStates = new Map<string, number>();
  const run = async (index: number) => {
    const cookie = await cookieFor("lead");
    const baseUrl = servers.baseUrls[index % servers.baseUrls.length]!;
    for (let i = index; !stopped; i++) {
      const t0 = performance.now();
      const response = await fetch(`${baseUrl}/api/v1/projects/p1/${ANALYTIC_PATHS[i % ANALYTIC_PATHS.length]}`, { headers: { Cookie: cookie, Accept: "application/json" } }).catch(() => null);
      await response?.arrayBuffer();
      timings.push(performance.now() - t0);
      const status = response?.status ?? 0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const cacheState = response?.headers.get("X-Touchstone-Cache") ?? "none";
      cacheStates.set(cacheState, (cacheStates.get(cacheState) ?? 0) + 1);
      if (status === 503) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  const running = Promise.all(Array.from({ length: clients }, (_, i) => run(i)));
  return async () => {
    stopped = true;
    await running;
    timings.sort((a, b) => a - b);
    context.log(`  analytics: ${clients} clients, ${timings.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, cache ${JSON.stringify(Object.fromEntries(cacheStates))}, p50 ${percentile(timings, 50).toFixed(0)} ms, max ${timings.at(-1)?.toFixed(0)} ms`);
    return { requests: timings.length, ok: statuses.get(200) ?? 0 };
  };
}

async function httpLoad(context: BenchContext, setupId: string, filter: string) {
  const servers = await startServers(context);
  try {
    // Not measured: a deployed server is warm when reviewers start (route code loaded,
    // its database pool open, setup and team counts cached). Each server answers two
    // rounds of concurrent queue openings from the in-process reviewers above, who
    // already hold their tasks, so no live task is taken.
    for (const [n, baseUrl] of servers.baseUrls.entries()) {
      const warmers = Array.from({ length: 10 }, (_, i) => `u${HISTORY_REVIEWERS + 1 + ((n * 10 + i) % 20)}`);
      for (let round = 0; round < 2; round++) {
        await Promise.all(warmers.map(async (userId) => callScreen(baseUrl, "p1", setupId, "queue", await cookieFor(userId), {})));
      }
      // The analytic routes' code too (a deployed server has answered dashboards before), with
      // a judge that does not exist: their modules load, no figure of the measured queries is cached.
      const lead = await cookieFor("lead");
      for (const route of ANALYTIC_PATHS) {
        const response = await fetch(`${baseUrl}/api/v1/projects/p1/${route.replace("judge=j1", "judge=warm-up").replace("source=j1", "source=warm-up")}`, { headers: { Cookie: lead, Accept: "application/json" } });
        await response.arrayBuffer();
      }
    }
    context.log(`${APP_SERVERS} app server(s)`);
    const wants = (prefix: string) => !filter || prefix.startsWith(filter) || filter.startsWith(prefix);

    if (wants("review.load")) {
      const crowd: Crowd = { reviewers: liveReviewers("load", LIVE_REVIEWERS), thinkMs: [THINK_MIN_MS, THINK_MAX_MS], seconds: LOAD_SECONDS };
      const result = await runCrowd(context, servers, setupId, crowd);
      logCrowd(context, "load", crowd, result);
      const meanThinkSeconds = (THINK_MIN_MS + THINK_MAX_MS) / 2000;
      // What the reviewers would send if every answer were instant; the achieved rate falls short of it only by queueing.
      if (meanThinkSeconds > 0) context.report("review.load.offered_rps", LIVE_REVIEWERS / meanThinkSeconds, "req/s");
      context.report("review.load.throughput_rps", result.latencies.length / result.seconds, "req/s");
      context.report("review.load.p99_ms", percentile(result.latencies, 99), "ms");
      context.report("review.load.violations", await violationsOf(context, result), "count");
    }

    if (wants("review.mixed")) {
      // The same reviewers while leads hammer the heaviest reads on the 1M-label data.
      const crowd: Crowd = { reviewers: liveReviewers("mixed", LIVE_REVIEWERS), thinkMs: [THINK_MIN_MS, THINK_MAX_MS], seconds: LOAD_SECONDS };
      const stopAnalytics = hammerAnalytics(context, servers, ANALYTIC_CLIENTS);
      const result = await runCrowd(context, servers, setupId, crowd);
      const analytics = await stopAnalytics();
      logCrowd(context, "mixed", crowd, result);
      context.report("review.mixed.p99_ms", percentile(result.latencies, 99), "ms");
      context.report("review.mixed.analytic_rps", analytics.ok / result.seconds, "req/s");
      context.report("review.mixed.violations", await violationsOf(context, result), "count");
    }

    if (wants("review.capacity")) {
      // More and more reviewers at a realistic pace (10–30 s per task) until p99 passes 200 ms.
      let capacity = 0;
      let violations = 0;
      for (const size of CAPACITY_STEPS) {
        const crowd: Crowd = { reviewers: liveReviewers("capacity", size), thinkMs: CAPACITY_THINK_MS, seconds: CAPACITY_SECONDS };
        const result = await runCrowd(context, servers, setupId, crowd);
        logCrowd(context, "capacity", crowd, result);
        violations += await violationsOf(context, result);
        const p99 = percentile(result.latencies, 99);
        if (p99 >= 200 || result.errors > 0) break;
        capacity = size;
      }
      context.report("review.capacity.reviewers", capacity, "reviewers");
      context.report("review.capacity.violations", violations, "count");
    }
  } finally {
    servers.stop();
  }
}

const bench: Benchmark = {
  prefixes: ["review.submit_next", "review.load", "review.mixed", "review.capacity"],
  async run(context) {
    process.env.DATABASE_URL = context.databaseUrl;
    process.env.TOUCHSTONE_DB_POOL_SIZE ??= "10";
    await seed(context.databaseUrl, context.log);
    const setupId = await serverSide(context);
    const counts = await countViolations(context.databaseUrl, new Set());
    context.log(`after the server-side run: over overlap ${counts.overOverlap}, duplicate labels ${counts.duplicates}`);
    const filter = process.argv[2] ?? "";
    if (!filter.startsWith("review.submit_next")) await httpLoad(context, setupId, filter);
    const { db } = await import("../../lib/db/client");
    await db.$disconnect();
  },
};

export default bench;
