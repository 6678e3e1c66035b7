import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { needsBuild } from "../build-freshness";
import type { Benchmark, BenchContext } from "./types";
import { benchServerSecrets, freePort, percentile } from "./helpers";

// The review screen as an expert drives it: a scripted keyboard reviewer in
// Chromium against the production build answers BENCH_REVIEW_UI_TASKS (200)
// pairwise tasks — helpfulness of A and B, a preference, Enter — with no
// pause between keys, waiting after each Enter only until the next task is
// on screen (keys typed across tasks without even that wait are the e2e
// test's job: e2e/review-flow.spec.ts), then the stored labels are compared
// with what was typed.
// - review.ui.next_ready.p50_ms / p95_ms: from the Enter keydown to the next
//   task on screen, taking keys (the page measures it: a capture-phase
//   keydown listener and a MutationObserver on the task's data-assignment).
// - review.ui.lost_keys: answers typed that are not stored as typed (a
//   missing label counts its three answers).
// BENCH_NEXT_DIST_DIR picks the build folder (built first when stale).

const TASKS = Number(process.env.BENCH_REVIEW_UI_TASKS ?? 200);
const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((candidate) => candidate && fs.existsSync(candidate));

async function seed(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'reviewer1@bench.local', 'Reviewer 1', 'x', now());
    INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
    INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ('m1', 'p1', 'u1', 'REVIEWER');
    INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
    INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
    INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES
      ('c-help', 'rv1', 'helpfulness', 'Helpfulness', 'LIKERT', true, 0, '{"min":1,"max":5,"anchors":["","","","",""]}'),
      ('c-pref', 'rv1', 'preference', 'Preference', 'PREFERENCE', true, 1, '{}');
    INSERT INTO "Dataset" (id, "projectId", name) VALUES ('d1', 'p1', 'golden');
    INSERT INTO "DatasetVersion" (id, "datasetId", version, "itemCount", "contentHash") VALUES ('dv1', 'd1', 1, ${TASKS}, 'h');
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES ('r1', 'p1', 'dv1', 'r1', 'm'), ('r2', 'p1', 'dv1', 'r2', 'm');
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash")
      SELECT 'i' || g, 'dv1', 'item-' || g, g, 'Question number ' || g || '? ' || repeat('context ', 20), '{}', md5(g::text) FROM generate_series(1, ${TASKS}) g;
    INSERT INTO "Output" (id, "runId", "itemId", content)
      SELECT 'o' || r || '-' || g, 'r' || r, 'i' || g, 'Run ' || r || ' answers item ' || g || '. ' || repeat('Some **markdown** text. ', 15)
      FROM generate_series(1, ${TASKS}) g CROSS JOIN generate_series(1, 2) r;
    INSERT INTO "ReviewSetup" (id, "projectId", name, "datasetVersionId", "rubricVersionId", mode, "runIds", selection, overlap, "blindReview", "randomizeOrder", "showReference")
      VALUES ('s1', 'p1', 'ui', 'dv1', 'rv1', 'PAIRWISE', ARRAY['r1','r2'], '{"strategy":"all","tags":[],"seed":1,"criterionKeys":["helpfulness","preference"]}', 1, true, false, false);
    INSERT INTO "ReviewTask" (id, "projectId", "setupId", "itemId", overlap, priority)
      SELECT 't' || g, 'p1', 's1', 'i' || g, 1, ${TASKS} - g FROM generate_series(1, ${TASKS}) g;
    INSERT INTO "ReviewTaskOutput" ("taskId", "outputId", position)
      SELECT 't' || g, 'o' || r || '-' || g, r - 1 FROM generate_series(1, ${TASKS}) g CROSS JOIN generate_series(1, 2) r;`);
  await client.end();
}

const PREFERENCE_KEYS = ["a", "b", "t", "x"] as const;
const STORED: Record<string, string> = { a: "A", b: "B", t: "TIE", x: "BOTH_BAD" };
const typed = (i: number) => ({ a: 1 + (i % 5), b: 1 + ((i * 3 + 1) % 5), preference: PREFERENCE_KEYS[i % 4]! });

/** Answers typed that are not stored as typed, reading labels in the order they were stored (outputs shown in run order). */
async function lostKeys(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(`
    SELECT l.id, json_object_agg(v."criterionId" || COALESCE('@' || v."outputId", ''), COALESCE(v.category, v.value::text)) AS answers
    FROM "Label" l JOIN "LabelValue" v ON v."labelId" = l.id GROUP BY l.id, l."createdAt" ORDER BY l."createdAt", l.id`);
  const { rows: outputs } = await client.query(`SELECT l.id, ARRAY(SELECT o."outputId" FROM "ReviewTaskOutput" o WHERE o."taskId" = l."taskId" ORDER BY o.position) AS ids FROM "Label" l`);
  await client.end();
  const byLabel = new Map(outputs.map((row: { id: string; ids: string[] }) => [row.id, row.ids]));
  let lost = 3 * Math.max(0, TASKS - rows.length);
  rows.forEach((row: { id: string; answers: Record<string, string> }, i: number) => {
    const [a, b] = byLabel.get(row.id)!;
    const want = typed(i);
    // Preference is stored on the sorted ids; with outputs shown in run order "o1-…" < "o2-…", so A is A.
    const got = { a: Number(row.answers[`c-help@${a}`]), b: Number(row.answers[`c-help@${b}`]), preference: row.answers[`c-pref@${a! < b! ? a : b}`] };
    lost += Number(got.a !== want.a) + Number(got.b !== want.b) + Number(got.preference !== STORED[want.preference]);
  });
  return lost;
}

async function run(context: BenchContext) {
  await seed(context.databaseUrl);
  const root = path.resolve(import.meta.dirname, "..", "..");
  const distName = process.env.BENCH_NEXT_DIST_DIR ?? ".next-bench";
  const env = { ...process.env, NEXT_DIST_DIR: distName, NEXT_TELEMETRY_DISABLED: "1" };
  if (needsBuild(distName)) {
    context.log(`building the app into ${distName} …`);
    const build = spawnSync("npx", ["next", "build"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn("npx", ["next", "start", "-p", String(port)], {
    cwd: root,
    env: { ...env, NODE_ENV: "production", DATABASE_URL: context.databaseUrl, ...benchServerSecrets(), NEXTAUTH_URL: baseUrl },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error("the app did not start");
      if (await fetch(`${baseUrl}/sign-in`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { encode } = await import("next-auth/jwt");
    const token = await encode({ token: { uid: "u1", sub: "u1", name: "Reviewer 1", email: "reviewer1@bench.local" }, secret: benchServerSecrets().NEXTAUTH_SECRET });
    const page = await browser.newPage();
    await page.context().addCookies([{ name: "next-auth.session-token", value: token, url: baseUrl }]);
    // Measured in the page: Enter keydown (capture phase, before the screen's own listener) → a new task's id in the DOM.
    await page.addInitScript(() => {
      const samples: number[] = [];
      let pressedAt: number | null = null;
      let from: string | null = null;
      (window as unknown as { __ready: number[] }).__ready = samples;
      window.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" || pressedAt !== null) return;
        pressedAt = performance.now();
        from = document.querySelector("[data-assignment]")?.getAttribute("data-assignment") ?? null;
      }, { capture: true });
      new MutationObserver(() => {
        if (pressedAt === null) return;
        const shown = document.querySelector("[data-assignment]")?.getAttribute("data-assignment") ?? null;
        if (shown && shown !== from) {
          samples.push(performance.now() - pressedAt);
          pressedAt = null;
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-assignment"] });
    });
    await page.goto(`${baseUrl}/projects/p1/review/s1`);
    // The server's HTML shows the task before React takes the keys: wait until the screen has put the focus on its first field.
    await page.locator("[data-assignment] :focus").waitFor();
    context.log(`reviewing ${TASKS} tasks by keyboard`);
    const started = performance.now();
    for (let i = 0; i < TASKS; i++) {
      const answer = typed(i);
      for (const key of [String(answer.a), String(answer.b), answer.preference, "Enter"]) await page.keyboard.press(key);
      // A reviewer reads the next task before answering it: wait until it is on screen (that wait is what is measured).
      if (i < TASKS - 1) {
        await page.waitForFunction((n) => (window as unknown as { __ready: number[] }).__ready.length >= n, i + 1, { timeout: 60_000, polling: "raf" }).catch(async (error: unknown) => {
          const shown = await page.evaluate(() => ({ task: document.querySelector("[data-assignment]")?.getAttribute("data-assignment"), text: document.querySelector("main")?.textContent?.slice(0, 800) }));
          context.log(`task ${i + 1}: the next task did not come: ${JSON.stringify(shown)}`);
          throw error;
        });
      }
    }
    try {
      await page.getByRole("heading", { name: "Nothing left for you here" }).waitFor({ timeout: 120_000 });
    } catch (error) {
      // Say what the screen shows instead, for whoever reads the failure.
      const shown = await page.evaluate(() => ({ task: document.querySelector("[data-assignment]")?.getAttribute("data-assignment"), text: document.querySelector("main")?.textContent?.slice(0, 600) }));
      context.log(`the queue did not end: ${JSON.stringify(shown)}`);
      throw error;
    }
    context.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const ready = (await page.evaluate(() => (window as unknown as { __ready: number[] }).__ready)).sort((x, y) => x - y);
    context.report("review.ui.next_ready.p50_ms", percentile(ready, 50), "ms");
    context.report("review.ui.next_ready.p95_ms", percentile(ready, 95), "ms");
    context.report("review.ui.lost_keys", await lostKeys(context.databaseUrl), "keys");
  } finally {
    await browser.close();
    if (server.pid && server.exitCode === null && server.signalCode === null) process.kill(-server.pid, "SIGTERM");
  }
}

const bench: Benchmark = { prefixes: ["review.ui"], run };
export default bench;
