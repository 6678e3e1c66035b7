// Runs once when the server starts. The check lives in a Node-only module,
// imported only on the Node.js runtime, so the edge bundle never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/env-check");
    // Traffic retention runs on a timer until there is a worker process (lib/traffic/schedule.ts).
    const { startTrafficRetentionSchedule } = await import("./lib/traffic/schedule");
    startTrafficRetentionSchedule();
  }
}
