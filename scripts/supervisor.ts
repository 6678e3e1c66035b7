import type { ChildProcess } from "node:child_process";

// Keeps the launcher's long-running children (the app server today, the judge
// worker later) alive. A child that exits while nobody asked it to is a crash,
// whatever its exit code: it is restarted after a growing delay, and after too
// many crashes in a short window the supervisor gives up and says which child
// failed and how. Exits are tracked from the moment a child is spawned, so
// stopping never waits for an `exit` event that has already fired.

export type ChildExit = { code: number | null; signal: NodeJS.Signals | null };

export type ChildSpec = {
  /** Named in every message: "app server", "judge worker". */
  name: string;
  spawn: () => ChildProcess;
};

export type SupervisorOptions = {
  /** Delay before the first restart; doubled after each further crash in the window. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** More crashes than this within `crashWindowMs` and the supervisor gives up. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long a stopping child gets after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  log?: (message: string) => void;
  /** Called whenever a child (re)starts, e.g. to publish its pid. */
  onSpawn?: (name: string, pid: number | undefined) => void;
  /** Called once when a child crashed too often; the launcher then shuts everything down. */
  onGiveUp: (name: string, exit: ChildExit, crashes: number) => void;
};

type Supervised = {
  spec: ChildSpec;
  child?: ChildProcess;
  exited?: Promise<ChildExit>;
  running: boolean;
  crashTimes: number[];
  restartTimer?: NodeJS.Timeout;
};

export function describeExit(exit: ChildExit) {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

export class Supervisor {
  private readonly children = new Map<string, Supervised>();
  private stopping = false;
  private readonly options: Required<Omit<SupervisorOptions, "onSpawn">> & Pick<SupervisorOptions, "onSpawn">;

  constructor(options: SupervisorOptions) {
    this.options = {
      initialBackoffMs: 1000,
      maxBackoffMs: 30_000,
      maxCrashes: 5,
      crashWindowMs: 60_000,
      stopTimeoutMs: 10_000,
      log: (message) => console.error(message),
      ...options,
    };
  }

  start(spec: ChildSpec) {
    if (this.children.has(spec.name)) throw new Error(`${spec.name} is already supervised.`);
    const entry: Supervised = { spec, running: false, crashTimes: [] };
    this.children.set(spec.name, entry);
    this.launch(entry);
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.children].map(([name, entry]) => [name, entry.running ? entry.child?.pid : undefined]));
  }

  /** Stops every child, whatever state it is in (running, crashed, waiting to restart). Safe to call twice. */
  async stop() {
    this.stopping = true;
    await Promise.all([...this.children.values()].map((entry) => this.stopOne(entry)));
  }

  private launch(entry: Supervised) {
    const child = entry.spec.spawn();
    entry.child = child;
    entry.running = true;
    entry.exited = new Promise<ChildExit>((resolve) => {
      // `error` without `exit` happens when the binary cannot be spawned at all.
      child.once("error", (error) => {
        this.options.log(`${entry.spec.name}: ${error.message}`);
        if (child.pid === undefined) resolve({ code: null, signal: null });
      });
      child.once("exit", (code, signal) => resolve({ code, signal }));
    });
    void entry.exited.then((exit) => {
      if (entry.child !== child) return;
      entry.running = false;
      if (!this.stopping) this.crashed(entry, exit);
    });
    this.options.onSpawn?.(entry.spec.name, child.pid);
  }

  private crashed(entry: Supervised, exit: ChildExit) {
    const now = Date.now();
    entry.crashTimes = [...entry.crashTimes.filter((at) => now - at < this.options.crashWindowMs), now];
    const crashes = entry.crashTimes.length;
    if (crashes > this.options.maxCrashes) {
      this.options.log(`✖ The ${entry.spec.name} stopped unexpectedly (${describeExit(exit)}) ${crashes} times within ${Math.round(this.options.crashWindowMs / 1000)} s; giving up.`);
      this.options.onGiveUp(entry.spec.name, exit, crashes);
      return;
    }
    const delay = Math.min(this.options.initialBackoffMs * 2 ** (crashes - 1), this.options.maxBackoffMs);
    this.options.log(`The ${entry.spec.name} stopped unexpectedly (${describeExit(exit)}); restarting in ${(delay / 1000).toFixed(1)} s.`);
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = undefined;
      if (!this.stopping) this.launch(entry);
    }, delay);
  }

  private async stopOne(entry: Supervised) {
    clearTimeout(entry.restartTimer);
    entry.restartTimer = undefined;
    const { child, exited } = entry;
    if (!child || !exited || !entry.running) return;
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), this.options.stopTimeoutMs)));
    if ((await Promise.race([exited, timedOut])) === "timeout") {
      this.options.log(`The ${entry.spec.name} did not stop within ${this.options.stopTimeoutMs / 1000} s; killing it.`);
      child.kill("SIGKILL");
      await exited;
    }
    clearTimeout(timer);
  }
}
