import fs from "node:fs";
import os from "node:os";
import type PgBoss from "pg-boss";
import type pg from "pg";
import { JUDGE_QUEUE } from "@/lib/judge-runner/queue";
import { inTransaction } from "@/lib/judge-runner/run-pool";

// Worker liveness in "JudgeWorker": each worker beats every few seconds with
// the queue jobs it holds. A worker whose beat stopped (kill -9, a lost
// machine) is declared dead by any live worker, which hands its jobs back to
// the queue (pg-boss fail → retry) in the same transaction, so they resume
// within seconds instead of waiting for pg-boss's expiry. A worker that only
// stalled may then finish a batch another also runs: calls still turn done
// once, with one score (store.ts). A worker starting on the host of a dead
// one (a supervisor's restart after kill -9) need not wait for the silence:
// it sees the old pid is gone and takes its jobs over at once (claimOrphans).

/**
 * Where pids mean something: the host name, plus on Linux the boot and the pid
 * namespace (two containers, or two machines, with one host name never
 * mistake each other's pids).
 */
export function hostKey(): string {
  try {
    const boot = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim().slice(0, 8);
    const pidNamespace = /\d+/.exec(fs.readlinkSync("/proc/self/ns/pid"))?.[0] ?? "";
    return `${os.hostname()} (boot ${boot}, pid ns ${pidNamespace})`;
  } catch {
    return os.hostname();
  }
}

/** True unless the process certainly does not exist (EPERM: it exists, under another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

export async function registerWorker(pool: pg.Pool, id: string) {
  await pool.query(`INSERT INTO "JudgeWorker" (id, host, pid) VALUES ($1, $2, $3)`, [id, hostKey(), process.pid]);
}

/**
 * Declares dead the unstopped workers of this host whose process is gone and
 * returns the queue jobs they held, for the caller to run as its own (they are
 * still active in pg-boss: no retry delay). Each dead worker is claimed once
 * (row lock), by this call or by a reaper, never both.
 */
export async function claimOrphans(pool: pg.Pool, id: string): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; pid: number }>(
      `SELECT id, pid FROM "JudgeWorker" WHERE host = $1 AND id <> $2 AND "stoppedAt" IS NULL FOR UPDATE SKIP LOCKED`,
      [hostKey(), id],
    );
    const dead = rows.filter((row) => row.pid !== process.pid && !processAlive(row.pid)).map((row) => row.id);
    if (!dead.length) return [];
    const { rows: claimed } = await client.query<{ activeJobIds: string[] }>(
      `UPDATE "JudgeWorker" SET "stoppedAt" = now() WHERE id = ANY($1::text[]) RETURNING "activeJobIds"`,
      [dead],
    );
    return claimed.flatMap((row) => row.activeJobIds);
  });
}

export async function beat(pool: pg.Pool, id: string, activeJobIds: string[]) {
  await pool.query(`UPDATE "JudgeWorker" SET "heartbeatAt" = now(), "activeJobIds" = $2 WHERE id = $1`, [id, activeJobIds]);
}

export async function stopWorker(pool: pg.Pool, id: string) {
  await pool.query(`UPDATE "JudgeWorker" SET "stoppedAt" = now(), "activeJobIds" = '{}' WHERE id = $1`, [id]);
}

/** Declares workers silent for deadAfterMs dead and gives their jobs back to the queue; returns how many jobs. */
export async function reapDeadWorkers(pool: pg.Pool, boss: PgBoss, deadAfterMs: number): Promise<number> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ activeJobIds: string[] }>(
      `UPDATE "JudgeWorker" SET "stoppedAt" = now()
       WHERE id IN (SELECT id FROM "JudgeWorker" WHERE "stoppedAt" IS NULL AND "heartbeatAt" < now() - make_interval(secs => $1) FOR UPDATE SKIP LOCKED)
       RETURNING "activeJobIds"`,
      [deadAfterMs / 1000],
    );
    const jobIds = rows.flatMap((row) => row.activeJobIds);
    if (jobIds.length) await boss.fail(JUDGE_QUEUE, jobIds, { db: { executeSql: (text, values) => client.query(text, values) } });
    // Old rows only fill the table: keep a week for the record.
    await client.query(`DELETE FROM "JudgeWorker" WHERE "stoppedAt" < now() - interval '7 days'`);
    return jobIds.length;
  });
}

export type WorkerHealth = "ok" | "down" | "none";

/** "ok" when a worker beat recently, "down" when workers ran but none beats now, "none" when none ever ran. */
export async function workerHealth(pool: pg.Pool, aliveWithinMs: number): Promise<WorkerHealth> {
  const { rows } = await pool.query<{ alive: boolean; any: boolean }>(
    `SELECT coalesce(bool_or("stoppedAt" IS NULL AND "heartbeatAt" > now() - make_interval(secs => $1)), false) AS alive,
            count(*) > 0 AS any
     FROM "JudgeWorker"`,
    [aliveWithinMs / 1000],
  );
  return rows[0]!.alive ? "ok" : rows[0]!.any ? "down" : "none";
}
