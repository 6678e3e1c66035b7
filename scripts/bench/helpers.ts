import net from "node:net";
import pg from "pg";
import type { BenchContext } from "./types";

// Pieces every SQL-generated benchmark needs: run labelled set-up statements,
// time a call as the median of a few runs after a warm-up, and point the app's
// Prisma client (lib/db/client.ts caches it on globalThis) at the bench database.

export async function runSqlSteps(databaseUrl: string, log: BenchContext["log"], steps: [string, string][]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const [label, text] of steps) {
      const started = performance.now();
      await client.query(text);
      log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await client.end();
  }
}

/** Median milliseconds of `runs` calls, after one warm-up call (connections, plans, JIT). */
export async function medianMs(runs: number, fn: () => Promise<unknown> | unknown) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** Runs `fn` with the app's `db` bound to `databaseUrl`, restoring the previous client afterwards. */
export async function withAppDatabase<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  process.env.DATABASE_URL = databaseUrl;
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaClient } = await import("../../lib/generated/prisma/client");
  const holder = globalThis as unknown as { touchstoneDb?: unknown };
  const previous = holder.touchstoneDb;
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 5 }) });
  holder.touchstoneDb = client;
  try {
    return await fn();
  } finally {
    await client.$disconnect();
    holder.touchstoneDb = previous;
  }
}

/** The p-th percentile of an ascending list (nearest rank, NaN when empty). */
export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A TCP port nobody listens on right now, for an app server the bench starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * What a production app server a bench starts needs beyond the database: the
 * secrets production refuses to start without (fixed, throwaway values).
 */
export function benchServerSecrets() {
  return {
    NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123456789",
    TOUCHSTONE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  };
}
