import { z } from "zod";

// The judge worker's environment (scripts/worker.ts), validated at start. A
// worker on another machine needs DATABASE_URL and TOUCHSTONE_ENCRYPTION_KEY
// (to open connections' API keys), not the web app's secrets.

const workerEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set: point the worker at the app's PostgreSQL (`npm start` sets it for its own worker)." })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL."),
  TOUCHSTONE_ENCRYPTION_KEY: z.string().optional(),
  // Batch jobs one worker holds at once; more keeps a connection's slots busy across batch ends.
  TOUCHSTONE_WORKER_BATCHES: z.coerce.number().int().min(1).max(64).default(4),
  TOUCHSTONE_WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  // A worker silent this long is dead and its jobs go back to the queue.
  TOUCHSTONE_WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === "production" && !env.TOUCHSTONE_ENCRYPTION_KEY) {
    ctx.addIssue({ code: "custom", path: ["TOUCHSTONE_ENCRYPTION_KEY"], message: "TOUCHSTONE_ENCRYPTION_KEY must be set (the app's key) to open connections' API keys." });
  }
  if (env.TOUCHSTONE_WORKER_DEAD_AFTER_MS < 3 * env.TOUCHSTONE_WORKER_HEARTBEAT_MS) {
    ctx.addIssue({ code: "custom", path: ["TOUCHSTONE_WORKER_DEAD_AFTER_MS"], message: "must be at least 3 heartbeats, or a busy worker is taken for dead." });
  }
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`The judge worker cannot start; fix the environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
