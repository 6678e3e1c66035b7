// `npm start`: one command from a fresh clone to a running Touchstone.
// PostgreSQL (embedded unless DATABASE_URL is set) → migrations → demo seed on
// first run → production build when missing or stale → `next start`.
// Ctrl-C stops the app, then PostgreSQL, cleanly.

import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { postgresDataDir, projectRoot, stateDir } from "../lib/db/data-dir";
import { portIsFree, startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-server";
import { applyMigrations, createDatabaseIfMissing } from "../lib/db/migrate";
import { isLiveProcess, runtimeFilePath } from "../lib/db/runtime-file";
import { needsBuild } from "./build-freshness";

const DATABASE_NAME = "touchstone";

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, not "${process.env.PORT}".`);
  const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;

  const runtimeFile = runtimeFilePath();
  fs.mkdirSync(path.dirname(runtimeFile), { recursive: true });
  refuseSecondInstance(runtimeFile);
  if (!(await portIsFree(port, "0.0.0.0"))) fail(`Port ${port} is already in use. Stop what uses it, or start on another port: PORT=3001 npm start`);
  // Claimed before anything starts, so a second `npm start` is refused even
  // while this one is still building; the database URL is added once known.
  const writeRuntime = (databaseUrl?: string): void =>
    fs.writeFileSync(runtimeFile, JSON.stringify({ pid: process.pid, databaseUrl, appUrl }, null, 2), { mode: 0o600 });
  writeRuntime();

  let embedded: EmbeddedPostgres | undefined;
  let app: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app!.once("exit", resolve));
    }
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
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      await checkReachable(databaseUrl);
    } else {
      const dataDir = postgresDataDir();
      console.log(`Starting embedded PostgreSQL (data in ${dataDir})…`);
      embedded = await startEmbeddedPostgres({
        dataDir,
        preferredPort: Number(process.env.TOUCHSTONE_PG_PORT ?? 54329),
        replaceOrphan: true,
      });
      await createDatabaseIfMissing(embedded.urlFor("postgres"), DATABASE_NAME);
      databaseUrl = embedded.urlFor(DATABASE_NAME);
      console.log(`PostgreSQL ready on 127.0.0.1:${embedded.port}.`);
    }
    process.env.DATABASE_URL = databaseUrl;
    process.env.NEXTAUTH_URL = appUrl;
    writeRuntime(databaseUrl);
    process.env.NEXTAUTH_SECRET ??= embedded ? localSecret() : fail(
      "NEXTAUTH_SECRET is not set. With your own DATABASE_URL, set NEXTAUTH_SECRET too (e.g. `openssl rand -base64 32`).",
    );

    const applied = await applyMigrations(databaseUrl);
    if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);

    // Imported after DATABASE_URL is set: the seed uses the app's Prisma client.
    const { seedDemoIfEmpty } = await import("../prisma/seed");
    const seeded = await seedDemoIfEmpty();
    if (seeded) printCredentials(seeded);

    if (needsBuild()) {
      console.log("Building Touchstone (first start or changed sources)…");
      await runStep("next", ["build"]);
    }

    app = spawn(nextBin(), ["start", "-p", String(port)], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    app.on("exit", (code) => void stop(code ?? 0));
    console.log(`\nTouchstone is running at ${appUrl}  (Ctrl-C to stop)\n`);
  } catch (error) {
    console.error(`\n✖ ${(error as Error).message}\n`);
    await stop(1);
  }
}

function refuseSecondInstance(runtimeFile: string) {
  if (!fs.existsSync(runtimeFile)) return;
  try {
    const running = JSON.parse(fs.readFileSync(runtimeFile, "utf8")) as { pid: number; appUrl: string };
    if (isLiveProcess(running.pid)) fail(`Touchstone is already running at ${running.appUrl} (pid ${running.pid}). Stop it first (Ctrl-C in its terminal).`);
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

function runStep(command: "next", args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(nextBin(), args, { stdio: "inherit", cwd: projectRoot, env: { ...process.env, NODE_ENV: "production" } });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (exit ${code}).`))));
  });
}

function printCredentials(users: { role: string; email: string; password: string }[]) {
  console.log("\nDemo data created. Sign in with:");
  for (const user of users) console.log(`  ${user.role.padEnd(9)} ${user.email.padEnd(26)} ${user.password}`);
  console.log("");
}

void main();
