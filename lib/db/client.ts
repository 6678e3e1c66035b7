import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { lowerBackendPriority } from "./analytic-priority";
import { ANALYTIC_SESSION_OPTIONS, inAnalyticScope } from "./analytic-scope";

// The one Prisma client. Cached on globalThis so development reloads and test
// files do not open a new pool each time. Password hashes are omitted unless a
// query asks for them explicitly (sign-in does). Code running for an analytic
// request (lib/db/analytics.ts) gets a twin on its own small pool whose
// statements time out, so heavy reads never hold the connections that review
// submits and imports need.

function createClient(analytic: boolean) {
  const { DATABASE_URL, TOUCHSTONE_DB_POOL_SIZE, TOUCHSTONE_ANALYTICS_CONCURRENCY, TOUCHSTONE_ANALYTICS_TIMEOUT_MS, TOUCHSTONE_ANALYTICS_NICE } = env();
  const adapter = analytic
    ? new PrismaPg(
        lowerBackendPriority(
          new pg.Pool({ connectionString: DATABASE_URL, max: TOUCHSTONE_ANALYTICS_CONCURRENCY, statement_timeout: TOUCHSTONE_ANALYTICS_TIMEOUT_MS, options: ANALYTIC_SESSION_OPTIONS }),
          DATABASE_URL,
          TOUCHSTONE_ANALYTICS_NICE,
        ),
      )
    : new PrismaPg({ connectionString: DATABASE_URL, max: TOUCHSTONE_DB_POOL_SIZE });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type Db = ReturnType<typeof createClient>;
const globalForDb = globalThis as unknown as { touchstoneDb?: Db; touchstoneAnalyticsDb?: Db };

function client(): Db {
  if (inAnalyticScope()) return (globalForDb.touchstoneAnalyticsDb ??= createClient(true));
  return (globalForDb.touchstoneDb ??= createClient(false));
}

// Created on first use, not at import: `next build` imports server modules
// without a database, and the environment is validated only when needed.
export const db = new Proxy({} as Db, {
  get(_target, property) {
    const real = client();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
