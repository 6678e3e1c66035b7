import pg from "pg";

// node-postgres pools for the code that bypasses Prisma (imports, the review
// hot path): one per purpose and database URL, created on first use and kept
// on globalThis so development reloads reuse them instead of opening more.

const globalForPools = globalThis as unknown as { touchstonePgPools?: Map<string, pg.Pool> };

function pools() {
  return (globalForPools.touchstonePgPools ??= new Map());
}

/** The pool for `purpose` on `config.connectionString`, created with `config` (and handed to `setUp`) the first time. */
export function sharedPool(purpose: string, config: pg.PoolConfig & { connectionString: string }, setUp?: (pool: pg.Pool) => void): pg.Pool {
  const key = `${purpose}\u0000${config.connectionString}`;
  let pool = pools().get(key);
  if (!pool) {
    pool = new pg.Pool(config);
    // An idle connection the server dropped must not crash the process.
    pool.on("error", () => undefined);
    setUp?.(pool);
    pools().set(key, pool);
  }
  return pool;
}

/** Ends every pool of `purpose` (scripts and tests, before they exit). */
export async function closeSharedPools(purpose: string) {
  const ending = [...pools()].filter(([key]) => key.startsWith(`${purpose}\u0000`));
  for (const [key] of ending) pools().delete(key);
  await Promise.all(ending.map(([, pool]) => pool.end()));
}
