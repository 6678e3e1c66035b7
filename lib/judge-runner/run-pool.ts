import type pg from "pg";
import { sharedPool } from "@/lib/db/pg-pools";
import { env } from "@/lib/env";

// node-postgres for the judge runner's bulk writes (10,000 planned calls in a
// few statements; scores written in batches), where Prisma's per-query
// overhead would dominate. Same database as the Prisma client.

export function runnerPool(connectionString = env().DATABASE_URL): pg.Pool {
  return sharedPool("judge-runner", { connectionString, max: 4, allowExitOnIdle: true });
}

/** Runs `work` in one transaction on a client of `pool`. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
