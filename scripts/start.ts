// `npm start`: one command from a fresh clone to a running Touchstone.
// PostgreSQL (embedded unless DATABASE_URL is set) → migrations → demo seed on
// first run → production build when missing or stale → `next start` and the
// judge worker, kept running by a supervisor (scripts/supervisor.ts) that
// restarts either when it crashes. Ctrl-C or SIGTERM stops the app, then PostgreSQL, cleanly, whatever
// state they are in; a PostgreSQL that dies under it stops everything with a
// non-zero exit and a message.

import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { postgresDataDir, projectRoot, stateDir } from "../lib/db/data-dir";
import { portIsFree, startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-server";
import { applyMigrations, createDatabaseIfMissing } from "../lib/db/migrate";
import { isLiveProcess, runtimeFilePath } from "../lib/db/runtime-file";
import { hostSchema } from "../lib/env";
import { localEncryptionKey } from "../lib/llm/secret-box";
import { appServerNodeOptions } from "./app-server-flags";
import { needsBuild } from "./build-freshness";
import { accountsWithDemoPassword, DEMO_EMAILS, exposureRefusal, isLoopbackHost } from "./network-exposure";
import { describeExit, Supervisor } from "./supervisor";

const DATABASE_NAME = "touchstone";

// A start-up step that cannot go on: `main` stops what already runs and exits 1.
function fail(message: string): never {
  throw new Error(message);
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) exitEarly(`PORT must be a port number, not "${process.env.PORT}".`);
  const hostInput = hostSchema.safeParse(process.env.HOST ?? "127.0.0.1");
  if (!hostInput.success) exitEarly(`${hostInput.error.issues[0]!.message} Got "${process.env.HOST}".`);
  const host = hostInput.data;
  const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;

  const runtimeFile = runtimeFilePath();
  fs.mkdirSync(path.dirname(runtimeFile), { recursive: true });
  refuseSecondInstance(runtimeFile);
  if (!(await portIsFree(port, host))) exitEarly(`Port ${port} is already in use on ${host}. Stop what uses it, or start on another port: PORT=3001 npm start`);

  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl: string | undefined;
  let buildStep: ChildProcess | undefined;
  let stopping = false;

  const supervisor = new Supervisor({
    onSpawn: () => writeRuntime(),
    onGiveUp: (name, exit) => void stop(1, `The ${name} keeps crashing (last: ${describeExit(exit)}); Touchstone stopped. See the output above.`),
  });
  // Claimed before anything starts, so a second `npm start` is refused even
  // while this one is still building. Child pids are published for tools and tests.
  const writeRuntime = (): void => {
    if (stopping) return;
    const runtime = { pid: process.pid, databaseUrl, appUrl, postgresPid: embedded?.pid, children: supervisor.pids() };
    fs.writeFileSync(runtimeFile, JSON.stringify(runtime, null, 2), { mode: 0o600 });
  };
  writeRuntime();

  const stop = async (code: number, message?: string) => {
    if (stopping) return;
    stopping = true;
    if (message) console.error(`\n✖ ${message}\n`);
    buildStep?.kill("SIGTERM");
    await supervisor.stop();
    if (embedded) {
      console.log("Stopping PostgreSQL…");
      await embedded.stop();
    }
    fs.rmSync(runtimeFile, { force: true });
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      await checkReachable(databaseUrl);
    } else {
      const dataDir = postgresDataDir();
      console.log(`Starting embedded PostgreSQL (data in ${dataDir})…`);
      const server = await startEmbeddedPostgres({
        dataDir,
        preferredPort: Number(process.env.TOUCHSTONE_PG_PORT ?? 54329),
        replaceOrphan: true,
      });
      embedded = server;
      // Not restarted in place: a PostgreSQL that dies (OOM killer, kill -9,
      // full disk) needs a look at its log, and the app cannot serve without
      // it. Stop cleanly and exit non-zero so a service manager (or a person) knows.
      void server.exited.then((exit) => {
        if (!stopping) void stop(1, `PostgreSQL (pid ${server.pid}) stopped unexpectedly (${describeExit(exit)}); Touchstone stopped. See ${server.logFile}, then start again with npm start.`);
      });
      await createDatabaseIfMissing(server.urlFor("postgres"), DATABASE_NAME);
      databaseUrl = server.urlFor(DATABASE_NAME);
      console.log(`PostgreSQL ready on 127.0.0.1:${server.port}.`);
    }
    process.env.DATABASE_URL = databaseUrl;
    process.env.NEXTAUTH_URL = appUrl;
    writeRuntime();
    process.env.NEXTAUTH_SECRET ??= embedded ? localSecret() : fail(
      "NEXTAUTH_SECRET is not set. With your own DATABASE_URL, set NEXTAUTH_SECRET too (e.g. `openssl rand -base64 32`).",
    );
    process.env.TOUCHSTONE_ENCRYPTION_KEY ??= embedded ? localEncryptionKey(stateDir()) : fail(
      "TOUCHSTONE_ENCRYPTION_KEY is not set. With your own DATABASE_URL, set it too: it encrypts LLM connections' API keys (e.g. `openssl rand -base64 32`).",
    );
    // Connections whose base URL is a path (the demo model) are called on the app itself.
    process.env.TOUCHSTONE_INTERNAL_URL ??= `http://${isLoopbackHost(host) || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`;

    const applied = await applyMigrations(databaseUrl);
    if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);

    // Imported after DATABASE_URL is set: the seed uses the app's Prisma client.
    const { seedDemoIfEmpty } = await import("../prisma/seed");
    const seeded = await seedDemoIfEmpty();
    if (seeded) printCredentials(seeded);
    await refuseExposedDemoAccounts(databaseUrl, host);

    if (needsBuild()) {
      console.log("Building Touchstone (first start or changed sources)…");
      buildStep = spawnNext(["build"]);
      await finished(buildStep, "next build");
      buildStep = undefined;
    }
    if (stopping) return;

    supervisor.start({
      name: "app server",
      spawn: () => spawnNext(["start", "-p", String(port), "-H", host], { HOST: host, NODE_OPTIONS: appServerNodeOptions() }),
    });
    // Runs judge runs' calls (scripts/worker.ts); more workers may run elsewhere on the same database.
    supervisor.start({
      name: "judge worker",
      spawn: () =>
        spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", "worker.ts")], {
          stdio: "inherit",
          cwd: projectRoot,
          env: { ...process.env, NODE_ENV: "production" },
        }),
    });
    console.log(`\nTouchstone is running at ${appUrl}  (Ctrl-C to stop)${isLoopbackHost(host) ? "" : `, listening on ${host}`}\n`);
  } catch (error) {
    if (!stopping) await stop(1, (error as Error).message);
  }
}

// Before anything is claimed or started: nothing to clean up.
function exitEarly(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

async function refuseExposedDemoAccounts(databaseUrl: string, host: string) {
  if (isLoopbackHost(host)) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ email: string; passwordHash: string }>(
      `SELECT email, "passwordHash" FROM "User" WHERE email = ANY($1)`,
      [DEMO_EMAILS],
    );
    const refusal = exposureRefusal(host, await accountsWithDemoPassword(rows));
    if (refusal) fail(refusal);
  } finally {
    await client.end();
  }
}

function refuseSecondInstance(runtimeFile: string) {
  if (!fs.existsSync(runtimeFile)) return;
  try {
    const running = JSON.parse(fs.readFileSync(runtimeFile, "utf8")) as { pid: number; appUrl: string };
    if (isLiveProcess(running.pid)) exitEarly(`Touchstone is already running at ${running.appUrl} (pid ${running.pid}). Stop it first (Ctrl-C in its terminal).`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
  }
  fs.rmSync(runtimeFile, { force: true });
}

async function checkReachable(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    const where = safeDatabaseHost(databaseUrl);
    fail(`Cannot reach the database at ${where}: ${(error as Error).message}. Check DATABASE_URL, or unset it to use the embedded PostgreSQL.`);
  }
}

// Never print a URL's password.
function safeDatabaseHost(databaseUrl: string) {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return "(malformed DATABASE_URL)";
  }
}

// A per-installation secret, generated once, so sessions survive restarts.
function localSecret() {
  const file = path.join(stateDir(), "nextauth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

function nextBin() {
  return path.join(projectRoot, "node_modules", ".bin", "next");
}

function spawnNext(args: string[], extraEnv: Record<string, string> = {}) {
  return spawn(nextBin(), args, { stdio: "inherit", cwd: projectRoot, env: { ...process.env, ...extraEnv, NODE_ENV: "production" } });
}

function finished(child: ChildProcess, what: string) {
  return new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${describeExit({ code, signal })}).`))));
  });
}

function printCredentials(users: { role: string; email: string; password: string }[]) {
  console.log("\nDemo data created. Sign in with:");
  for (const user of users) console.log(`  ${user.role.padEnd(9)} ${user.email.padEnd(26)} ${user.password}`);
  console.log("");
}

void main();
