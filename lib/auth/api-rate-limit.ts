import { rawSql } from "@/lib/db/raw-sql";
import { env } from "@/lib/env";
import { SafeError } from "@/lib/errors";
import type { Actor } from "./authorize";

// API rate limits, per API token and per signed-in user, shared by every app
// server: each request adds its cost to its bucket's counter for the current
// fixed one-minute window, with one upsert in PostgreSQL (an UNLOGGED table;
// a few hundred microseconds), and past the limit the answer is 429 with
// Retry-After until the window ends. Fixed windows can let through up to
// twice the limit around a window boundary; that is the price of one
// statement per request, and it still stops a client that hammers.
// Buckets are separate: a script's token does not use up its creator's
// browser budget, nor one reviewer another's (100 reviewers submitting once a
// second each spend 60 of their own 600 a minute).

export const API_RATE_WINDOW_MS = 60_000;

export type ApiRateLimits = { token: number; user: number; analyticCost: number };

export function apiRateLimits(): ApiRateLimits {
  const { TOUCHSTONE_API_TOKEN_LIMIT, TOUCHSTONE_API_USER_LIMIT, TOUCHSTONE_API_ANALYTIC_COST } = env();
  return { token: TOUCHSTONE_API_TOKEN_LIMIT, user: TOUCHSTONE_API_USER_LIMIT, analyticCost: TOUCHSTONE_API_ANALYTIC_COST };
}

/**
 * What one request costs: analytic reads (routes declared `analytic` in
 * projectRoute: agreement, comparisons, the leaderboard, the gate, estimates, a
 * judge's bias and summary — seconds of database time on big projects, where a
 * listing takes milliseconds) cost `analyticCost`, anything else 1.
 */
export function requestCost(analytic: boolean, limits: Pick<ApiRateLimits, "analyticCost">) {
  return analytic ? Math.max(1, limits.analyticCost) : 1;
}

export function bucketFor(actor: Actor, limits: ApiRateLimits) {
  return actor.kind === "token" ? { key: `token:${actor.tokenId}`, limit: limits.token } : { key: `user:${actor.userId}`, limit: limits.user };
}

export class RateLimitedError extends SafeError {
  constructor(retryAfterSeconds: number, who: string) {
    super("RATE_LIMITED", `Too many requests for this ${who}: try again in ${retryAfterSeconds} s.`, undefined, retryAfterSeconds);
  }
}

/**
 * Spends `cost` from the bucket's budget for the current window, or throws
 * RateLimitedError (429) when the window's spending passes the limit. A limit
 * of 0 is off. The first request of a window also drops the bucket's older
 * windows, so the table holds about one row per active token or user.
 */
export async function spendApiBudget(bucket: { key: string; limit: number }, cost: number, now = Date.now()) {
  if (bucket.limit <= 0) return { spent: 0, limit: 0 };
  const windowStart = Math.floor(now / API_RATE_WINDOW_MS) * API_RATE_WINDOW_MS;
  const [row] = await rawSql.$queryRaw<{ cost: number; inserted: boolean }[]>`
    INSERT INTO "ApiRateWindow" (bucket, "windowStart", cost)
    VALUES (${bucket.key}, to_timestamp(${windowStart}::bigint / 1000.0) AT TIME ZONE 'UTC', ${cost}::int)
    ON CONFLICT (bucket, "windowStart") DO UPDATE SET cost = "ApiRateWindow".cost + EXCLUDED.cost
    RETURNING cost, (xmax = 0) AS inserted`;
  if (row!.inserted) {
    await rawSql.$executeRaw`DELETE FROM "ApiRateWindow" WHERE bucket = ${bucket.key} AND "windowStart" < to_timestamp(${windowStart}::bigint / 1000.0) AT TIME ZONE 'UTC'`;
  }
  if (row!.cost > bucket.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + API_RATE_WINDOW_MS - now) / 1000));
    throw new RateLimitedError(retryAfterSeconds, bucket.key.startsWith("token:") ? "API token" : "user");
  }
  return { spent: row!.cost, limit: bucket.limit };
}

/** The check projectRoute runs for every request once it knows who sends it. */
export function enforceApiRateLimit(actor: Actor, analytic: boolean, limits = apiRateLimits(), now = Date.now()) {
  return spendApiBudget(bucketFor(actor, limits), requestCost(analytic, limits), now);
}
