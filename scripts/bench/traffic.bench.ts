import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { generateApiToken } from "../../lib/auth/tokens";
import { appServerNodeOptions } from "../app-server-flags";
import { needsBuild } from "../build-freshness";
import type { Benchmark, BenchContext } from "./types";
import { benchServerSecrets, freePort } from "./helpers";

// Production traffic through the HTTP API, as an application would send it:
// BENCH_TRAFFIC_ROWS rows (1,000,000 by default) in batches of 1,000 to
// POST /api/v1/projects/{id}/traffic on one built app server (`next start`),
// a few batches in flight at once, with a masking rule on so every text is
// scanned. Reports rows per second over the whole run, the app server's
// peak resident memory (its whole process tree, sampled every 200 ms) and its
// CPU time per batch (what to compare on a loaded machine).
// Goals (issue 17): ≥ 20,000 rows/s, < 400 MB.
//
// BENCH_TRAFFIC_ROWS=20000 checks that it runs in a few seconds.

const ROWS = Number(process.env.BENCH_TRAFFIC_ROWS ?? 1_000_000);
const BATCH = 1000;
const IN_FLIGHT = Number(process.env.BENCH_TRAFFIC_CONCURRENCY ?? 4);

async function seed(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { secret, hash, prefix } = generateApiToken();
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('bench-admin', 'admin@bench.local', 'Admin', 'x', now())`);
    await client.query(`INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('bench-traffic', 'bench-traffic', 'Traffic bench', now())`);
    await client.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ('bench-m', 'bench-traffic', 'bench-admin', 'ADMIN')`);
    await client.query(`INSERT INTO "ApiToken" (id, "projectId", name, "tokenHash", prefix, scope, "createdById") VALUES ('bench-t', 'bench-traffic', 'bench', $1, $2, 'WRITE', 'bench-admin')`, [hash, prefix]);
    await client.query(
      `INSERT INTO "TrafficSettings" ("projectId", "retentionDays", "maskingRules", "updatedAt") VALUES ('bench-traffic', 30, $1, now())`,
      [JSON.stringify([{ pattern: "[\\w.+-]+@[\\w-]+\\.[\\w.]+", flags: "", replacement: "[email]" }])],
    );
    return { projectId: "bench-traffic", token: secret };
  } finally {
    await client.end();
  }
}

const SEGMENTS = ["free", "pro", "enterprise", "trial", "internal", "edu", "partner", "gov", "startup", "other"];

/** One batch of realistic rows (≈ 1 KB each: a system prompt, a question, an answer, two context documents). */
function batchBody(start: number, now: number) {
  const rows = [];
  for (let i = start; i < Math.min(start + BATCH, ROWS); i++) {
    rows.push({
      id: `req-${i}`,
      timestamp: new Date(now - (i % 86_400) * 1000).toISOString(),
      messages: [
        { role: "system", content: "You are the support assistant of an online shop. Answer briefly and politely." },
        { role: "user", content: `Hello, this is customer${i}@example.com. Where is my order #${100000 + i}? It was due yesterday.` },
      ],
      answer: `Your order #${100000 + i} left the warehouse this morning and should arrive within two working days. You will get a tracking link by e-mail.`,
      context: [{ id: "kb-12", content: "Orders ship within 24 hours on working days." }, { id: "kb-31", content: "Tracking links are e-mailed when a parcel leaves the warehouse." }],
      model: i % 2 ? "gpt-4o-mini" : "claude-haiku",
      appVersion: `1.${i % 5}.0`,
      latencyMs: 300 + (i % 900),
      inputTokens: 180 + (i % 50),
      outputTokens: 40 + (i % 30),
      costUsd: 0.0002,
      metadata: { segment: SEGMENTS[i % SEGMENTS.length], locale: i % 3 ? "en-GB" : "de-DE" },
    });
  }
  return JSON.stringify({ rows });
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
function treeRssMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let kb = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(match?.[1] ?? 0);
    } catch {
      continue;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return kb / 1024;
}

/** CPU time (user + system) of a process and all its descendants so far, in ms: unlike wall time, not inflated by other load on the machine. */
function treeCpuMs(rootPid: number): number {
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture Node runs on
  let ticks = 0;
  const parents = new Map<number, number>();
  const times = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      times.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  for (const [pid, time] of times) {
    for (let ancestor: number | undefined = pid; ancestor; ancestor = parents.get(ancestor)) {
      if (ancestor === rootPid) {
        ticks += time;
        break;
      }
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

async function startServer(context: BenchContext) {
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
  // BENCH_TRAFFIC_SERVER_FLAGS: Node flags for the app server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof).
  const flags = (process.env.BENCH_TRAFFIC_SERVER_FLAGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...flags, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: root,
    // API rate limits off: one token sending 20 batches a second is past the default 600 a minute by design.
    // NODE_OPTIONS as `npm start` sets them (scripts/app-server-flags.ts): the server measured is the one that runs.
    env: {
      ...env,
      NODE_ENV: "production",
      NODE_OPTIONS: appServerNodeOptions(),
      DATABASE_URL: context.databaseUrl,
      ...benchServerSecrets(),
      NEXTAUTH_URL: baseUrl,
      TOUCHSTONE_API_TOKEN_LIMIT: "0",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const stop = () => server.pid && process.kill(-server.pid, "SIGTERM");
  for (let i = 0; ; i++) {
    if (i > 600) {
      stop();
      throw new Error("the app did not start");
    }
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { baseUrl, pid: server.pid!, stop };
}

const bench: Benchmark = {
  prefixes: ["traffic.ingest"],
  async run(context) {
    const { projectId, token } = await seed(context.databaseUrl);
    const server = await startServer(context);
    let peakRss = treeRssMb(server.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMb(server.pid))), 200);
    try {
      const url = `${server.baseUrl}/api/v1/projects/${projectId}/traffic`;
      const send = async (start: number, now: number) => {
        const response = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: batchBody(start, now) });
        const text = await response.text();
        if (!response.ok) throw new Error(`batch at row ${start}: HTTP ${response.status} ${text.slice(0, 300)}`);
        return JSON.parse(text) as { inserted: number };
      };
      const now = Date.now();
      // Unmeasured: the first request compiles the route's code paths and creates today's partitions.
      await send(0, now);
      let next = BATCH;
      let inserted = BATCH;
      const cpuBefore = treeCpuMs(server.pid);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < ROWS) {
            const start = next;
            next += BATCH;
            // Awaited first: `inserted += await …` would read `inserted` before the await and lose other workers' counts.
            const { inserted: stored } = await send(start, now);
            inserted += stored;
            if ((start / BATCH) % 100 === 0) context.log(`${start.toLocaleString("en")} rows sent`);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const serverCpuMs = treeCpuMs(server.pid) - cpuBefore;
      if (inserted !== ROWS) throw new Error(`expected ${ROWS} rows stored, the API reported ${inserted}`);
      context.report("traffic.ingest.rows_per_s", (ROWS - BATCH) / seconds, "rows/s");
      context.report("traffic.ingest.peak_rss_mb", peakRss, "MB");
      // The app server's own work per batch (HTTP, JSON, validation, masking, encoding), PostgreSQL's excluded.
      context.report("traffic.ingest.server_cpu_ms_per_batch", serverCpuMs / ((ROWS - BATCH) / BATCH), "ms");
    } finally {
      clearInterval(sampler);
      server.stop();
    }
  },
};

export default bench;
