import crypto from "node:crypto";
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { lowerBackendPriority } from "./analytic-priority";
import { ANALYTIC_SESSION_OPTIONS, inAnalyticScope } from "./analytic-scope";
import { sharedPool } from "./pg-pools";

// Raw SQL on node-postgres for the few hottest paths (the review queue's
// submit + next, the session lookup), with the same tagged-template
// interface as Prisma's $queryRaw / $executeRaw, so that code written for a
// Prisma transaction client runs unchanged on either. Everything else uses
// the Prisma client (./client.ts). Why: under a team's load the app server's
// CPU is the bottleneck, and each Prisma raw query costs a few hundred
// microseconds of client-side work (query interpretation, the driver-adapter
// layers) on top of the driver; a submit is half a dozen of them.
//
// Results are read as Prisma reads them where the hot paths care: timestamps
// without time zone are UTC (node-postgres would read them as local time),
// json is parsed. bigint columns arrive as strings (Prisma: BigInt); callers
// wrap counts in Number() or cast them to int in SQL.

export type SqlClient = {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
};

const TIMESTAMP_OID = 1114;
const utc = (value: string) => new Date(value.replace(" ", "T") + "Z");

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return utc;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function pool(): pg.Pool {
  const { DATABASE_URL, TOUCHSTONE_DB_POOL_SIZE, TOUCHSTONE_ANALYTICS_CONCURRENCY, TOUCHSTONE_ANALYTICS_TIMEOUT_MS, TOUCHSTONE_ANALYTICS_NICE } = env();
  if (inAnalyticScope()) {
    // Analytic reads (lib/db/analytics.ts): their own few connections, each statement time-limited, at a lower CPU priority.
    return sharedPool(
      "raw-sql-analytics",
      { connectionString: DATABASE_URL, max: TOUCHSTONE_ANALYTICS_CONCURRENCY, statement_timeout: TOUCHSTONE_ANALYTICS_TIMEOUT_MS, options: ANALYTIC_SESSION_OPTIONS, types, allowExitOnIdle: true },
      (created) => lowerBackendPriority(created, DATABASE_URL, TOUCHSTONE_ANALYTICS_NICE),
    );
  }
  return sharedPool("raw-sql", { connectionString: DATABASE_URL, max: TOUCHSTONE_DB_POOL_SIZE, types, allowExitOnIdle: true, connectionTimeoutMillis: 15_000 });
}

// Statements are prepared once per connection under a name derived from
// their text, so PostgreSQL parses and analyses each hot statement once per
// connection instead of on every call (the submit statement took more time to
// plan than to run). The hot paths use a few dozen distinct texts; past
// MAX_NAMED the rest run unnamed rather than fill every connection's cache.
const MAX_NAMED = 500;
const statementNames = new Map<string, string>();

function statementName(text: string) {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED) {
    name = "ts_" + crypto.createHash("sha1").update(text).digest("hex").slice(0, 24);
    statementNames.set(text, name);
  }
  return name;
}

function toQuery(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): pg.QueryConfig {
  const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
  const text = sql.text;
  return { name: statementName(text), text, values: sql.values };
}

function clientFor(runner: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      return (await runner.query(toQuery(query, values))).rows as T;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      return (await runner.query(toQuery(query, values))).rowCount ?? 0;
    },
  };
}

/** Single statements outside a transaction, each on any pooled connection. */
export const rawSql: SqlClient = {
  $queryRaw: (query, ...values) => clientFor(pool()).$queryRaw(query, ...values),
  $executeRaw: (query, ...values) => clientFor(pool()).$executeRaw(query, ...values),
};

/** Runs `work` in one transaction on one pooled connection: committed if it returns, rolled back if it throws. */
export async function rawTransaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
  const connection = await pool().connect();
  // A connection whose BEGIN, COMMIT or ROLLBACK failed is in an unknown state: it is closed, not reused.
  let reusable = false;
  // A connection lost while checked out (server restart, terminated backend)
  // fails the query under way; without a listener it would also crash the process.
  const lost = () => (reusable = false);
  connection.on("error", lost);
  try {
    await connection.query("BEGIN");
    let result: T;
    try {
      result = await work(clientFor(connection));
    } catch (error) {
      await connection.query("ROLLBACK").then(() => (reusable = true), () => undefined);
      throw error;
    }
    await connection.query("COMMIT");
    reusable = true;
    return result;
  } finally {
    connection.off("error", lost);
    connection.release(!reusable);
  }
}

/** True for PostgreSQL's unique_violation, however it reached us (node-postgres or Prisma). */
export function isPgUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}
