import crypto from "node:crypto";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { bossOptions, ensureJudgeQueue, JUDGE_QUEUE } from "@/lib/judge-runner/queue";
import { runnerPool } from "@/lib/judge-runner/run-pool";
import { claimOrphans, hostKey, reapDeadWorkers } from "./heartbeat";

// Who may take a dead worker's jobs, and when: at start, only workers of this
// host whose pid is gone (claimOrphans); after the silence, any (reapDeadWorkers).

const pool = () => runnerPool(process.env.DATABASE_URL!);
let boss: PgBoss;

beforeAll(async () => {
  await ensureJudgeQueue(process.env.DATABASE_URL!);
  boss = new PgBoss(bossOptions(process.env.DATABASE_URL!));
  boss.on("error", () => undefined);
  await boss.start();
});

afterAll(async () => {
  await boss.stop({ graceful: false, close: true });
  await closeSharedPools("judge-runner");
});

/** A JudgeWorker row as another process would have left it. */
async function workerRow(host: string, pid: number, jobIds: string[], silentForSeconds = 0) {
  const id = crypto.randomUUID();
  await pool().query(
    `INSERT INTO "JudgeWorker" (id, host, pid, "heartbeatAt", "activeJobIds") VALUES ($1, $2, $3, now() - make_interval(secs => $4), $5)`,
    [id, host, pid, silentForSeconds, jobIds],
  );
  return id;
}

const stoppedAt = async (id: string) => (await pool().query(`SELECT "stoppedAt" FROM "JudgeWorker" WHERE id = $1`, [id])).rows[0].stoppedAt;

// A pid far above Linux's pid_max (4194304): no process has it.
const GONE_PID = 99_999_999;

it("takes over the jobs of this host's workers whose process is gone, and of no other", async () => {
  const gone = await workerRow(hostKey(), GONE_PID, ["job-a", "job-b"]);
  const alive = await workerRow(hostKey(), process.pid === 1 ? 2 : 1, ["job-c"]); // pid 1 (init) always runs
  const elsewhere = await workerRow(`other-${crypto.randomUUID()}`, GONE_PID, ["job-d"]);
  const me = crypto.randomUUID();

  const claimed = await claimOrphans(pool(), me);
  expect(claimed).toEqual(expect.arrayContaining(["job-a", "job-b"]));
  expect(claimed).not.toContain("job-c");
  expect(claimed).not.toContain("job-d");
  expect(await stoppedAt(gone)).not.toBeNull();
  expect(await stoppedAt(alive)).toBeNull();
  expect(await stoppedAt(elsewhere)).toBeNull();
  // Claimed once: a second start finds nothing of it.
  expect(await claimOrphans(pool(), crypto.randomUUID())).not.toContain("job-a");
  await pool().query(`UPDATE "JudgeWorker" SET "stoppedAt" = now() WHERE id = ANY($1::text[])`, [[alive, elsewhere]]);
});

it("hands back the jobs of a worker of any host once it is silent for deadAfterMs, not before", async () => {
  await boss.insert([{ name: JUDGE_QUEUE, data: { runId: "none", batch: 0 } }]);
  const [job] = await boss.fetch(JUDGE_QUEUE, { batchSize: 1 });
  const recent = await workerRow(`other-${crypto.randomUUID()}`, GONE_PID, ["job-e"], 1);
  const silent = await workerRow(`other-${crypto.randomUUID()}`, GONE_PID, [job!.id], 60);

  expect(await reapDeadWorkers(pool(), boss, 30_000)).toBe(1);
  expect(await stoppedAt(silent)).not.toBeNull();
  expect(await stoppedAt(recent)).toBeNull();
  // Back in the queue for a retry.
  expect((await boss.getJobById(JUDGE_QUEUE, job!.id))?.state).toBe("retry");
  await pool().query(`UPDATE "JudgeWorker" SET "stoppedAt" = now() WHERE id = $1`, [recent]);
});
