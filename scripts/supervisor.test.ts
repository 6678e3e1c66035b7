import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isLiveProcess } from "../lib/db/runtime-file";
import { Supervisor, type ChildExit } from "./supervisor";

// Real child processes (small `node -e` scripts), so exit events, signals and
// timing behave exactly as they do for the app server.

const longRunning = () => spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
let sigtermIgnored = false;
const ignoresSigterm = () => {
  const child = spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  child.stdout.once("data", () => (sigtermIgnored = true));
  return child;
};

function until(condition: () => boolean, timeoutMs = 5000) {
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error("condition not met in time"));
      }
    }, 20);
  });
}

function supervisor(overrides: Partial<ConstructorParameters<typeof Supervisor>[0]> = {}) {
  const log: string[] = [];
  const gaveUp: { name: string; exit: ChildExit; crashes: number }[] = [];
  const instance = new Supervisor({
    initialBackoffMs: 50,
    maxBackoffMs: 200,
    maxCrashes: 3,
    crashWindowMs: 10_000,
    stopTimeoutMs: 500,
    log: (message) => log.push(message),
    onGiveUp: (name, exit, crashes) => gaveUp.push({ name, exit, crashes }),
    ...overrides,
  });
  return { instance, log, gaveUp };
}

describe("Supervisor", () => {
  it("restarts a child killed with SIGKILL and reports how it died", async () => {
    const { instance, log } = supervisor();
    instance.start({ name: "app server", spawn: longRunning });
    const first = instance.pids()["app server"]!;
    process.kill(first, "SIGKILL");
    await until(() => instance.pids()["app server"] !== undefined && instance.pids()["app server"] !== first);
    expect(log.join("\n")).toContain("The app server stopped unexpectedly (killed by SIGKILL); restarting");
    await instance.stop();
  });

  it("treats a clean exit it did not ask for as a crash, and gives up after too many, naming child and exit code", async () => {
    const { instance, gaveUp } = supervisor();
    instance.start({ name: "judge worker", spawn: () => spawn(process.execPath, ["-e", "process.exit(3)"], { stdio: "ignore" }) });
    await until(() => gaveUp.length > 0);
    expect(gaveUp).toEqual([{ name: "judge worker", exit: { code: 3, signal: null }, crashes: 4 }]);
    await instance.stop();
  });

  it("doubles the delay between restarts up to the cap", async () => {
    const { instance, log } = supervisor({ maxCrashes: 10 });
    instance.start({ name: "app server", spawn: () => spawn(process.execPath, ["-e", "process.exit(1)"], { stdio: "ignore" }) });
    await until(() => log.length >= 4);
    await instance.stop();
    expect(log.slice(0, 4).map((line) => line.match(/restarting in ([\d.]+) s/)?.[1])).toEqual(["0.1", "0.1", "0.2", "0.2"]);
  });

  it("stops a child that has already died (the launcher hang) without waiting for an exit event again", async () => {
    const { instance } = supervisor({ initialBackoffMs: 60_000, maxBackoffMs: 60_000 });
    instance.start({ name: "app server", spawn: longRunning });
    const pid = instance.pids()["app server"]!;
    process.kill(pid, "SIGKILL");
    await until(() => instance.pids()["app server"] === undefined);
    const started = Date.now();
    await instance.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("stops a running child with SIGTERM, and kills one that ignores it after the timeout; nothing restarts", async () => {
    const { instance, log } = supervisor();
    instance.start({ name: "app server", spawn: longRunning });
    instance.start({ name: "judge worker", spawn: ignoresSigterm });
    const pids = Object.values(instance.pids()) as number[];
    await until(() => sigtermIgnored);
    await instance.stop();
    expect(pids.map(isLiveProcess)).toEqual([false, false]);
    expect(log).toEqual(["The judge worker did not stop within 0.5 s; killing it."]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(instance.pids()).toEqual({ "app server": undefined, "judge worker": undefined });
  });
});
