import crypto from "node:crypto";
import PgBoss from "pg-boss";
import { bossOptions, ensureJudgeQueue, JUDGE_QUEUE, type BatchJob } from "@/lib/judge-runner/queue";
import { runnerPool } from "@/lib/judge-runner/run-pool";
import { executeBatch, type WorkerConnection, type WorkerDeps } from "./execute-batch";
import { beat, claimOrphans, reapDeadWorkers, registerWorker, stopWorker } from "./heartbeat";
import { ConnectionLimiter } from "./limiter";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry";
import { RunWatch } from "./run-watch";
import type { ChatModel } from "@/lib/llm/types";

// The judge worker: fetches batch jobs from the queue, keeps a few batches in
// flight (so a connection's slots stay busy while one batch drains), runs
// them (execute-batch.ts), completes or fails the jobs, beats, and hands the
// jobs of dead workers back to the queue (or, at start, takes over those of a
// dead worker on its own host). Run by scripts/worker.ts.

export type WorkerOptions = {
  databaseUrl: string;
  /** Batch jobs held at once by this process. */
  batchesInFlight?: number;
  pollMs?: number;
  heartbeatMs?: number;
  /** A worker silent this long is dead; its jobs go back to the queue. */
  deadAfterMs?: number;
  retry?: RetryPolicy;
  /** On stop, how long calls in flight may take to finish. */
  stopGraceMs?: number;
  log?: (line: string) => void;
};

export type RunningWorker = { id: string; stop(): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startJudgeWorker(options: WorkerOptions, deps: WorkerDeps): Promise<RunningWorker> {
  const batchesInFlight = options.batchesInFlight ?? 4;
  const pollMs = options.pollMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const deadAfterMs = options.deadAfterMs ?? 30_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const id = crypto.randomUUID();
  let stopping = false;

  await ensureJudgeQueue(options.databaseUrl);
  const pool = runnerPool(options.databaseUrl);
  // Our own fetch loop, not boss.work(): work() waits for a whole fetched
  // group before fetching again, which would idle the slots while the slowest
  // batch of a group drains. pg-boss still runs its maintenance (expiry) here.
  const boss = new PgBoss({ ...bossOptions(options.databaseUrl), supervise: true });
  // While stopping, a database going down with us is expected, not news.
  boss.on("error", (error) => !stopping && log(`judge worker: queue error: ${error.message}`));
  await boss.start();
  await registerWorker(pool, id);

  const watch = new RunWatch(pool);
  const limiters = new Map<string, { version: number; limiter: ConnectionLimiter }>();
  const limiterFor = (connection: WorkerConnection) => {
    const version = connection.updatedAt.getTime();
    let entry = limiters.get(connection.id);
    // Edited limits take effect for the next batch.
    if (!entry || entry.version !== version) limiters.set(connection.id, (entry = { version, limiter: new ConnectionLimiter(connection) }));
    return entry.limiter;
  };
  // One client per connection (and version), not one per batch: its set-up is not free.
  const models = new Map<string, { version: number; model: ChatModel }>();
  const cachedDeps: WorkerDeps = {
    ...deps,
    async modelFor(connection) {
      const version = connection.updatedAt.getTime();
      const hit = models.get(connection.id);
      if (hit?.version === version) return hit.model;
      const model = await deps.modelFor(connection);
      models.set(connection.id, { version, model });
      return model;
    },
  };
  const context = { pool, deps: cachedDeps, watch, retry: options.retry ?? DEFAULT_RETRY, limiterFor };
  const active = new Map<string, Promise<void>>();
  // Jobs whose hand-back failed (the database was away): retried with each beat.
  const toFail = new Set<string>();

  const runJob = async (job: PgBoss.Job<BatchJob>) => {
    try {
      await executeBatch(job.data, context);
      // Stopping leaves calls pending: the job goes back to the queue (stop()).
      if (!stopping) await boss.complete(JUDGE_QUEUE, job.id);
    } catch (error) {
      log(`judge worker: batch ${job.data.batch} of run ${job.data.runId} failed, will retry: ${(error as Error).message}`);
      await boss.fail(JUDGE_QUEUE, job.id, { message: (error as Error).message }).catch(() => toFail.add(job.id));
    }
  };

  // A restart after kill -9 on this host: the dead worker's jobs are ours at
  // once, not after its heartbeat goes silent and a retry delay passes.
  const orphans = await claimOrphans(pool, id);
  for (const jobId of orphans) {
    const job = await boss.getJobById<BatchJob>(JUDGE_QUEUE, jobId);
    if (job?.state === "active") active.set(job.id, runJob(job).finally(() => active.delete(job.id)));
  }
  if (orphans.length) {
    await beat(pool, id, [...active.keys()]);
    log(`judge worker: took over ${active.size} job(s) of a dead worker on this host`);
  }

  const fetchLoop = (async () => {
    while (!stopping) {
      const free = batchesInFlight - active.size;
      let fetched: PgBoss.Job<BatchJob>[] = [];
      if (free > 0) {
        try {
          fetched = await boss.fetch<BatchJob>(JUDGE_QUEUE, { batchSize: free });
        } catch (error) {
          log(`judge worker: cannot fetch jobs: ${(error as Error).message}`);
        }
      }
      for (const job of fetched) {
        active.set(job.id, runJob(job).finally(() => active.delete(job.id)));
      }
      // Publish held jobs at once, so a kill right after a fetch loses nothing.
      if (fetched.length) await beat(pool, id, [...active.keys()]).catch(() => undefined);
      if (!fetched.length || active.size >= batchesInFlight) {
        await Promise.race([sleep(pollMs), ...(active.size >= batchesInFlight ? active.values() : [])]);
      }
    }
  })();

  const timers = [
    setInterval(() => void watch.poll().catch((error) => log(`judge worker: cannot read run states: ${error.message}`)), Math.min(pollMs, 1000)),
    setInterval(() => {
      void beat(pool, id, [...active.keys(), ...toFail])
        .then(async () => {
          if (toFail.size) {
            const ids = [...toFail];
            await boss.fail(JUDGE_QUEUE, ids);
            ids.forEach((jobId) => toFail.delete(jobId));
          }
          return reapDeadWorkers(pool, boss, deadAfterMs);
        })
        .then((handedBack) => handedBack && log(`judge worker: handed ${handedBack} job(s) of a dead worker back to the queue`))
        .catch((error) => log(`judge worker: heartbeat failed: ${error.message}`));
    }, heartbeatMs),
  ];
  log(`judge worker ${id} started (pid ${process.pid}, ${batchesInFlight} batches in flight)`);

  return {
    id,
    async stop() {
      stopping = true;
      timers.forEach(clearInterval);
      await fetchLoop;
      // No new calls; calls in flight get a few seconds to finish and be
      // stored (the supervisor kills after 10 s), then the held jobs go back
      // to the queue for another worker, or this one's next start.
      const held = [...active.keys()];
      watch.haltAll();
      await Promise.race([Promise.allSettled(active.values()), sleep(options.stopGraceMs ?? 7000)]);
      if (held.length) await boss.fail(JUDGE_QUEUE, held).catch(() => undefined);
      await stopWorker(pool, id).catch(() => undefined);
      await boss.stop({ graceful: false, close: true });
      log(`judge worker ${id} stopped`);
    },
  };
}
