// `npm run worker`: one judge worker against DATABASE_URL (and the hourly
// traffic retention job, lib/traffic/retention-job.ts). `npm start` runs
// one beside the app (under its supervisor); more can run on other machines
// against the same database to scale judge throughput out. SIGINT/SIGTERM
// stop it cleanly: calls in flight finish, its jobs go back to the queue.

import { startOnlineScoring } from "../lib/evaluation/online-loop";
import { startMonitorJobs } from "../lib/evaluation/monitoring/jobs";
import { productionDeps } from "../lib/judge-runner/worker/deps";
import { startJudgeWorker } from "../lib/judge-runner/worker/worker";
import { parseWorkerEnv } from "../lib/judge-runner/worker/worker-env";
import { startTrafficRetentionJob } from "../lib/traffic/retention-job";

async function main() {
  let env;
  try {
    env = parseWorkerEnv(process.env);
  } catch (error) {
    console.error(`\n✖ ${(error as Error).message}\n`);
    process.exit(1);
  }
  const worker = await startJudgeWorker(
    {
      databaseUrl: env.DATABASE_URL,
      batchesInFlight: env.TOUCHSTONE_WORKER_BATCHES,
      heartbeatMs: env.TOUCHSTONE_WORKER_HEARTBEAT_MS,
      deadAfterMs: env.TOUCHSTONE_WORKER_DEAD_AFTER_MS,
    },
    productionDeps,
  );
  // After the judge worker, which creates pg-boss's schema on a new database.
  const retention = await startTrafficRetentionJob(env.DATABASE_URL);
  // Online judges: sampled production traffic becomes judge runs on the same queue.
  const online = startOnlineScoring({ databaseUrl: env.DATABASE_URL });
  // Drift checks and alert webhooks (issue 17) share the worker's process.
  const monitor = await startMonitorJobs({ databaseUrl: env.DATABASE_URL });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([online.stop(), retention.stop(), monitor.stop()]);
    await worker.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error) => {
  console.error(`\n✖ The judge worker stopped: ${(error as Error).message}\n`);
  process.exit(1);
});
