import PgBoss from "pg-boss";
import type pg from "pg";

// The durable queue under judge runs: pg-boss (PostgreSQL, schema "pgboss",
// created and upgraded by pg-boss itself). A job carries one batch of a run's
// calls, never one call: at 10,000 calls per run a job per call would cost
// more in queue bookkeeping than the calls' own writes. What happened to each
// call lives in "JudgeCall" (the queue only says which batch to work on).

export const JUDGE_QUEUE = "judge-run-batches";
export const QUEUE_SCHEMA = "pgboss";

export type BatchJob = { runId: string; batch: number };

// A job fails only when its worker dies or loses the database; call errors are
// handled inside the batch. So many retries are fine, each resuming where the
// batch's calls stand.
const QUEUE_OPTIONS = {
  retryLimit: 50,
  retryDelay: 2,
  retryBackoff: true,
  // Backstop only: a dead worker's jobs are handed back by the live workers
  // within seconds (worker/heartbeat.ts); this catches a worker that hangs.
  expireInSeconds: 3600,
  retentionMinutes: 60 * 24,
} satisfies Omit<PgBoss.Queue, "name">;

/** pg-boss's constructor options without polling or maintenance: for sending jobs in our own transactions. */
export function bossOptions(connectionString: string): PgBoss.ConstructorOptions {
  return { connectionString, schema: QUEUE_SCHEMA, max: 2, supervise: false, schedule: false, migrate: false };
}

/**
 * Creates or upgrades pg-boss's schema and the judge queue. Called after the
 * app's migrations (lib/db/migrate.ts: `npm start`, test templates, benches)
 * and by every worker at start, so a database migrated only with
 * `prisma migrate deploy` gets it from its first worker.
 */
export async function ensureJudgeQueue(connectionString: string) {
  const boss = new PgBoss({ ...bossOptions(connectionString), max: 1, migrate: true });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    if (!(await boss.getQueue(JUDGE_QUEUE))) await boss.createQueue(JUDGE_QUEUE, { name: JUDGE_QUEUE, ...QUEUE_OPTIONS });
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

/** pg-boss's `db` option over one node-postgres client, so jobs commit with the rows they point at. */
export function bossDb(client: pg.ClientBase): PgBoss.Db {
  return { executeSql: (text, values) => client.query(text, values) };
}

let sender: PgBoss | undefined;

/** Inserts batch jobs through `client` (inside its transaction); no pg-boss pool is opened. */
export async function sendBatchJobs(client: pg.ClientBase, jobs: BatchJob[]) {
  // insert() only runs SQL on the db it is given; the instance is never started and has no pool.
  const noPool: PgBoss.Db = { executeSql: () => Promise.reject(new Error("sendBatchJobs passes its own client")) };
  sender ??= new PgBoss({ db: noPool, schema: QUEUE_SCHEMA, supervise: false, schedule: false, migrate: false });
  if (jobs.length) await sender.insert(jobs.map((data) => ({ name: JUDGE_QUEUE, data })), { db: bossDb(client) });
}
