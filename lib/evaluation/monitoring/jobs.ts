import PgBoss from "pg-boss";
import { db } from "@/lib/db/client";
import { bossDb, bossOptions } from "@/lib/judge-runner/queue";
import { raiseDriftAlerts, type QueueAlertDelivery } from "./drift";
import { deliverAlert } from "./webhook";

// The monitor's two pg-boss queues, run by the worker (scripts/worker.ts):
// a scheduled drift check every few minutes over every project with an
// enabled rule, and one job per new alert delivering it to the project's
// webhook, retried by pg-boss with exponential backoff when it fails. The job
// is inserted in the transaction that stores its alert (pg-boss's `db`
// option over that transaction's client), so no crash can leave an alert
// that is never delivered.

export const DRIFT_QUEUE = "monitor-drift";
export const WEBHOOK_QUEUE = "monitor-webhook";
const DRIFT_CRON = "*/10 * * * *";

export type MonitorJobsOptions = {
  databaseUrl: string;
  /** First retry delay of a failed delivery; backoff doubles it (8 retries ≈ 40 minutes at 10 s). */
  retryDelaySeconds?: number;
  retryLimit?: number;
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
};

/** Checks drift in every project with an enabled rule; each new alert is stored with its delivery job. */
export async function runDriftCheck(send: QueueAlertDelivery, now = new Date()): Promise<number> {
  const projects = await db.evaluationRule.findMany({ where: { enabled: true }, distinct: ["projectId"], select: { projectId: true } });
  let created = 0;
  for (const { projectId } of projects) {
    const ids = await raiseDriftAlerts(projectId, now, send);
    created += ids.length;
  }
  return created;
}

export async function startMonitorJobs(options: MonitorJobsOptions) {
  const log = options.log ?? ((message: string) => console.info(`[touchstone] ${message}`));
  const boss = new PgBoss({ ...bossOptions(options.databaseUrl), supervise: true, schedule: true, migrate: true });
  boss.on("error", (error) => log(`monitor: queue error: ${error.message}`));
  await boss.start();
  if (!(await boss.getQueue(DRIFT_QUEUE))) await boss.createQueue(DRIFT_QUEUE, { name: DRIFT_QUEUE, policy: "singleton", retryLimit: 0 });
  if (!(await boss.getQueue(WEBHOOK_QUEUE))) {
    await boss.createQueue(WEBHOOK_QUEUE, {
      name: WEBHOOK_QUEUE,
      retryLimit: options.retryLimit ?? 8,
      retryDelay: options.retryDelaySeconds ?? 10,
      retryBackoff: true,
      expireInSeconds: 60,
      retentionMinutes: 60 * 24 * 7,
    });
  }
  const send: QueueAlertDelivery = async (alertId, client) => {
    const jobId = await boss.send(WEBHOOK_QUEUE, { alertId }, { db: bossDb(client) });
    // pg-boss inserts nothing (null) when the queue is missing: roll the alert back rather than keep it undelivered.
    if (!jobId) throw new Error(`monitor: the ${WEBHOOK_QUEUE} queue did not take the delivery of alert ${alertId}`);
    return jobId;
  };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work<{ alertId: string }>(WEBHOOK_QUEUE, polling, async ([job]) => {
    if (job) await deliverAlert(job.data.alertId);
  });
  await boss.work(DRIFT_QUEUE, polling, async () => {
    const created = await runDriftCheck(send);
    if (created) log(`monitor: ${created} new drift alert(s)`);
  });
  await boss.schedule(DRIFT_QUEUE, DRIFT_CRON);
  return { send, stop: () => boss.stop({ graceful: true, close: true }) };
}
