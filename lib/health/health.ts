import { sharedPool } from "@/lib/db/pg-pools";
import { env } from "@/lib/env";
import { workerHealth } from "@/lib/judge-runner/worker/heartbeat";

// What GET /api/health reports: enough for a load balancer, a container
// runtime or a person to tell "the app is up but PostgreSQL is gone" from
// "all is well", and nothing else (no versions, hosts or counts).

export type ComponentState = "ok" | "down";
/**
 * The judge workers, from their heartbeats in the database: "ok" when one beat
 * within WORKER_ALIVE_MS, "down" when workers ran but none beats (or the
 * database is down: no worker can work then), "none" when none ever ran.
 */
export type WorkerState = "ok" | "down" | "none";
export type Health = { app: "ok"; database: ComponentState; worker: WorkerState };

const PROBE_TIMEOUT_MS = 2000;
// The default time after which workers take a silent worker for dead (worker-env.ts).
const WORKER_ALIVE_MS = 30_000;

/**
 * `SELECT 1` on a one-connection pool of its own, so a dashboard holding every
 * connection of the app's pool does not make a healthy database look down, and
 * bounded in time: a database that accepts connections but never answers is down.
 */
export async function databaseState(connectionString: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ComponentState> {
  const pool = sharedPool("health", { connectionString, max: 1, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ComponentState>((resolve) => (timer = setTimeout(() => resolve("down"), timeoutMs)));
  const probe = pool.query("SELECT 1").then(
    () => "ok" as const,
    () => "down" as const,
  );
  try {
    return await Promise.race([probe, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export async function workerState(connectionString: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<WorkerState> {
  const pool = sharedPool("health", { connectionString, max: 1, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  return workerHealth(pool, WORKER_ALIVE_MS).catch(() => "down" as const);
}

export async function health(): Promise<Health> {
  const url = env().DATABASE_URL;
  const database = await databaseState(url);
  return { app: "ok", database, worker: database === "ok" ? await workerState(url) : "down" };
}
