import PgBoss from "pg-boss";
import { QUEUE_SCHEMA } from "@/lib/judge-runner/queue";
import { trafficPool } from "./pool";
import { runTrafficRetention, type RetentionReport } from "./retention";

// The traffic retention job (retention.ts) as a pg-boss scheduled job of the
// worker process (scripts/worker.ts), not a timer in every app server: the
// schedule lives in the database, pg-boss's clock sends one job per hour
// however many workers run, and one worker takes it. A job is also sent when
// a worker starts, so a new install has its days ahead at once; the queue's
// "stately" policy keeps at most one job waiting and one running.

export const TRAFFIC_RETENTION_QUEUE = "traffic-retention";
/** Hourly, a few minutes past the hour (not on the minute every cron job picks). */
export const TRAFFIC_RETENTION_CRON = "7 * * * *";

export type RunningRetentionJob = { stop(): Promise<void> };

export async function startTrafficRetentionJob(
  databaseUrl: string,
  options: { log?: (line: string) => void; onReport?: (report: RetentionReport) => void } = {},
): Promise<RunningRetentionJob> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Its own small pg-boss: the clock (schedule: true) on, maintenance left to
  // the judge worker's instance in the same process.
  const boss = new PgBoss({ connectionString: databaseUrl, schema: QUEUE_SCHEMA, max: 2, supervise: false, schedule: true, migrate: false });
  let stopping = false;
  boss.on("error", (error) => !stopping && log(`traffic retention: queue error: ${error.message}`));
  await boss.start();
  await boss.createQueue(TRAFFIC_RETENTION_QUEUE, { name: TRAFFIC_RETENTION_QUEUE, policy: "stately", retryLimit: 3, retryDelay: 60, expireInSeconds: 3600 });
  await boss.schedule(TRAFFIC_RETENTION_QUEUE, TRAFFIC_RETENTION_CRON, {}, { tz: "UTC" });
  await boss.send(TRAFFIC_RETENTION_QUEUE, {});
  // An hourly job needs no 2-second polling.
  await boss.work(TRAFFIC_RETENTION_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const report = await runTrafficRetention(trafficPool(databaseUrl)).catch((error: Error) => {
      // Failed, the job is retried (a minute later, three times); said here, since pg-boss does not.
      log(`traffic retention failed, will retry: ${error.message}`);
      throw error;
    });
    if (report.droppedPartitions.length || report.deletedRows || report.deletedSamples) {
      log(`traffic retention: dropped ${report.droppedPartitions.length} day(s), deleted ${report.deletedRows} row(s) and ${report.deletedSamples} sample(s)`);
    }
    options.onReport?.(report);
  });
  return {
    async stop() {
      stopping = true;
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    },
  };
}
