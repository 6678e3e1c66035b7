import { setMaxListeners } from "node:events";
import type pg from "pg";

// What a worker knows about the runs it is working on: whether each may start
// calls (a pause, cancel or failure is seen within one poll, from any process
// that made it), and one AbortSignal per run that a fatal error trips, so
// every batch of that run on this worker stops its calls at once.

type Watched = { refs: number; controller: AbortController; stopped: boolean };

export type RunHandle = {
  signal: AbortSignal;
  /** True once the run is paused, cancelled, failed or done: start no more calls. */
  stopped(): boolean;
  release(): void;
};

export class RunWatch {
  private readonly runs = new Map<string, Watched>();
  private halted = false;

  constructor(private readonly pool: pg.Pool) {}

  watch(runId: string): RunHandle {
    let run = this.runs.get(runId);
    if (!run) {
      const controller = new AbortController();
      // Every call in flight listens (execute-batch.ts): as many as the connection's concurrency, not a leak.
      setMaxListeners(0, controller.signal);
      this.runs.set(runId, (run = { refs: 0, controller, stopped: this.halted }));
    }
    run.refs++;
    const watched = run;
    let released = false;
    return {
      signal: watched.controller.signal,
      stopped: () => watched.stopped,
      release: () => {
        if (released) return;
        released = true;
        if (--watched.refs === 0 && this.runs.get(runId) === watched) this.runs.delete(runId);
      },
    };
  }

  /** The worker is stopping: no run starts another call here. */
  haltAll() {
    this.halted = true;
    for (const run of this.runs.values()) run.stopped = true;
  }

  /** One query for every watched run. */
  async poll() {
    const ids = [...this.runs.keys()];
    if (!ids.length) return;
    const { rows } = await this.pool.query<{ id: string; status: string }>(
      `SELECT id, status::text AS status FROM "JudgeRun" WHERE id = ANY($1::text[])`,
      [ids],
    );
    const statuses = new Map(rows.map((row) => [row.id, row.status]));
    for (const [id, run] of this.runs) {
      const status = statuses.get(id);
      if (status === "QUEUED" || status === "RUNNING") continue;
      run.stopped = true;
      // A failed or deleted run's calls are pointless: cut them short.
      if (status === "FAILED" || status === undefined) run.controller.abort();
    }
  }

  /** A fatal error: the run fails with the provider's message, and its calls here stop now. */
  async fail(runId: string, message: string) {
    const run = this.runs.get(runId);
    if (run) {
      run.stopped = true;
      run.controller.abort();
    }
    await this.pool.query(
      `UPDATE "JudgeRun" SET status = 'FAILED', failure = $2, "finishedAt" = now() WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [runId, message],
    );
  }
}
