import type pg from "pg";
import { env } from "@/lib/env";
import { SafeError } from "@/lib/errors";
import { importPool } from "./pg";

// Uploads stream inside one transaction each, so every upload in progress holds
// a database connection for as long as its client keeps sending. Two limits
// keep slow or stalled uploads from starving the rest: a project runs at most
// TOUCHSTONE_IMPORTS_PER_PROJECT uploads at once (counted in PostgreSQL, so
// across app servers), and waiting for a free import connection gives up after
// a while with "busy" instead of hanging. Stalled bodies are cut off by
// lib/auth/request-body.ts.

const CONNECT_WAIT_MS = 20_000;

/** A connection from the import pool, or 503 + Retry-After when every one stays busy. */
export async function connectForImport(databaseUrl?: string): Promise<pg.PoolClient> {
  const pool = importPool(databaseUrl);
  let timer: NodeJS.Timeout | undefined;
  const connecting = pool.connect();
  const waited = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SafeError("UNAVAILABLE", "Other uploads are using every import connection; try again in a minute.", undefined, 30)), CONNECT_WAIT_MS);
  });
  try {
    return await Promise.race([connecting, waited]);
  } catch (error) {
    // The connection may still arrive after we gave up: hand it straight back.
    connecting.then((client) => client.release(), () => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Takes one of the project's import slots for the current transaction
 * (transaction-level advisory locks: released by COMMIT or ROLLBACK, or when a
 * crashed server's connection closes), or refuses with 429 + Retry-After.
 */
export async function takeProjectImportSlot(client: pg.PoolClient, projectId: string) {
  const slots = env().TOUCHSTONE_IMPORTS_PER_PROJECT;
  const taken = await client.query<{ slot: number }>(
    `SELECT slot FROM generate_series(0, $2::int - 1) AS slot
      WHERE pg_try_advisory_xact_lock(hashtextextended('touchstone:import-slot:' || $1 || ':' || slot, 0))
      LIMIT 1`,
    [projectId, slots],
  );
  if (taken.rows.length === 0) {
    throw new SafeError(
      "RATE_LIMITED",
      `This project already has ${slots} upload${slots === 1 ? "" : "s"} in progress; try again when one finishes.`,
      [{ field: "(upload)", message: `At most ${slots} uploads at once per project.` }],
      10,
    );
  }
}
