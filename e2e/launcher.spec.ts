import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { findFreePort } from "../lib/db/embedded-server";

// A second launcher, started as users start it (scripts/start.ts) on its own
// port and throwaway data folder, reusing the production build the suite's
// own launcher made. Its children are killed behind its back to check that it
// restarts the app server, always obeys SIGTERM, and reports a dead PostgreSQL.

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

// A free port near the suite's, so parallel suites on one machine do not collide.
let PORT = 0;
const healthUrl = () => `http://127.0.0.1:${PORT}/api/health`;
// Made in beforeAll: Playwright also loads this file to list tests, in another process.
let dataDir = "";

type Runtime = { pid: number; postgresPid?: number; children: Record<string, number | undefined> };
type Launcher = { process: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: string | null }> };

let running: Launcher | undefined;

test.beforeAll(async () => {
  PORT = await findFreePort(Number(process.env.E2E_PORT ?? 3100) + 500);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-e2e-launcher-"));
});

function startLauncher(): Launcher {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), TOUCHSTONE_DATA_DIR: dataDir, TOUCHSTONE_PG_PORT: "55350", NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of ["DATABASE_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "HOST"]) delete env[name];
  // Its own process group, so a failed test can clean up everything it started.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  running = { process: child, output: () => output, exited };
  return running;
}

function runtime(): Runtime {
  return JSON.parse(fs.readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as Runtime;
}

function isAlive(pid: number | undefined) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function healthStatus() {
  try {
    const response = await fetch(healthUrl(), { signal: AbortSignal.timeout(3000) });
    return { status: response.status, body: (await response.json()) as unknown };
  } catch {
    return { status: 0, body: undefined };
  }
}

async function waitUntilHealthy(launcher: Launcher, timeout: number) {
  await expect
    .poll(async () => {
      if (launcher.process.exitCode !== null) throw new Error(`The launcher exited:\n${launcher.output()}`);
      return (await healthStatus()).status;
    }, { timeout, intervals: [250] })
    .toBe(200);
}

async function exitWithin<T>(promise: Promise<T>, ms: number) {
  return Promise.race([promise, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), ms))]);
}

test.afterEach(async () => {
  if (running && running.process.exitCode === null && running.process.signalCode === null) {
    process.kill(-running.process.pid!, "SIGKILL");
    await running.exited;
  }
  running = undefined;
});

test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test("a killed app server is restarted, and SIGTERM then stops the launcher and PostgreSQL", async () => {
  const launcher = startLauncher();
  await waitUntilHealthy(launcher, 150_000);
  // The judge worker starts beside the app and beats within a few seconds.
  await expect.poll(async () => (await healthStatus()).body, { timeout: 30_000 }).toEqual({ app: "ok", database: "ok", worker: "ok" });
  const first = runtime();
  const appPid = first.children["app server"]!;
  expect(isAlive(appPid)).toBe(true);

  process.kill(appPid, "SIGKILL");
  await expect.poll(() => runtime().children["app server"], { timeout: 15_000 }).not.toBe(appPid);
  await waitUntilHealthy(launcher, 30_000);
  expect(launcher.output()).toContain("The app server stopped unexpectedly (killed by SIGKILL); restarting in 1.0 s.");
  const restartedPid = runtime().children["app server"]!;

  launcher.process.kill("SIGTERM");
  expect(await exitWithin(launcher.exited, 15_000)).toEqual({ code: 0, signal: null });
  expect([isAlive(restartedPid), isAlive(first.postgresPid)]).toEqual([false, false]);
  expect(fs.existsSync(path.join(dataDir, "runtime.json"))).toBe(false);
});

test("a killed PostgreSQL stops Touchstone with a message and a non-zero exit", async () => {
  const launcher = startLauncher();
  await waitUntilHealthy(launcher, 60_000);
  const { postgresPid, children } = runtime();

  process.kill(postgresPid!, "SIGKILL");
  expect(await exitWithin(launcher.exited, 15_000)).toEqual({ code: 1, signal: null });
  expect(launcher.output()).toMatch(new RegExp(`PostgreSQL \\(pid ${postgresPid}\\) stopped unexpectedly \\(killed by SIGKILL\\); Touchstone stopped\\. See .*postgres\\.log`));
  expect(isAlive(children["app server"])).toBe(false);
});
