import type pg from "pg";
import { closeSharedPools, sharedPool } from "@/lib/db/pg-pools";
import { env } from "@/lib/env";

// Ingest and the retention job talk to PostgreSQL through plain `pg`: a batch
// is a COPY and an INSERT … SELECT (store.ts), which Prisma cannot express. Its own small pool, so a burst of traffic
// never takes the connections the review screen needs.

export function trafficPool(url = env().DATABASE_URL): pg.Pool {
  return sharedPool("traffic", { connectionString: url, max: 4, connectionTimeoutMillis: 15_000 });
}

export function closeTrafficPools() {
  return closeSharedPools("traffic");
}
