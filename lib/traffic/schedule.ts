import { runTrafficRetention } from "./retention";
import { trafficPool } from "./pool";

// Touchstone has no worker process yet, so each app server runs the traffic
// retention job on a timer (instrumentation.ts); the job's advisory lock lets
// only one server work at a time. Move the call to the worker when it lands.

const EVERY_MS = 60 * 60 * 1000;
const FIRST_AFTER_MS = 5_000;

const globalForSchedule = globalThis as unknown as { touchstoneTrafficRetention?: NodeJS.Timeout };

async function runOnce() {
  try {
    const report = await runTrafficRetention(trafficPool());
    if (report.droppedPartitions.length || report.deletedRows) {
      console.info(`[touchstone] traffic retention: dropped ${report.droppedPartitions.length} day(s), deleted ${report.deletedRows} row(s)`);
    }
  } catch (error) {
    console.error("[touchstone] traffic retention failed; retrying in an hour", error);
  }
}

export function startTrafficRetentionSchedule() {
  if (globalForSchedule.touchstoneTrafficRetention) return;
  setTimeout(runOnce, FIRST_AFTER_MS).unref();
  globalForSchedule.touchstoneTrafficRetention = setInterval(runOnce, EVERY_MS).unref();
}
