import { SafeError } from "@/lib/errors";
import { env } from "@/lib/env";
import { AnalyticCache, type Cached } from "./analytic-cache";
import { withinAnalyticScope } from "./analytic-scope";
import { rawSql } from "./raw-sql";

// Expensive reads take turns. At most TOUCHSTONE_ANALYTICS_CONCURRENCY of them
// run at once in this server (the rest wait in line, at most
// TOUCHSTONE_ANALYTICS_QUEUE of them; past that the caller is told to come back
// later with 503 + Retry-After), on their own small pool whose statements are
// cancelled after TOUCHSTONE_ANALYTICS_TIMEOUT_MS. Forty parallel agreement
// requests then cost reviewers nothing: they queue here, not in PostgreSQL.

type Waiter = { resolve: () => void; reject: (error: unknown) => void; timer: NodeJS.Timeout };

export class AnalyticGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly concurrency: () => number,
    private readonly queueLimit: () => number,
    private readonly waitLimitMs: () => number,
  ) {}

  async acquire(): Promise<() => void> {
    if (this.running < this.concurrency() && this.waiting.length === 0) {
      this.running++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queueLimit()) throw busy();
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(busy());
        }, this.waitLimitMs()),
      };
      this.waiting.push(waiter);
    });
    return this.releaser();
  }

  private releaser() {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next in line: running stays the same.
        clearTimeout(next.timer);
        next.resolve();
      } else this.running--;
    };
  }

  snapshot() {
    return { running: this.running, waiting: this.waiting.length };
  }
}

function busy() {
  return new SafeError("UNAVAILABLE", "The server is busy computing other figures; try again in a few seconds.", undefined, 5);
}

const globalForGate = globalThis as unknown as { touchstoneAnalyticGate?: AnalyticGate; touchstoneAnalyticCache?: AnalyticCache };

function gate() {
  globalForGate.touchstoneAnalyticGate ??= new AnalyticGate(
    () => env().TOUCHSTONE_ANALYTICS_CONCURRENCY,
    () => env().TOUCHSTONE_ANALYTICS_QUEUE,
    () => env().TOUCHSTONE_ANALYTICS_TIMEOUT_MS,
  );
  return globalForGate.touchstoneAnalyticGate;
}

/** PostgreSQL's query_canceled, raised by statement_timeout; it may arrive wrapped by Prisma's driver adapter. */
export function isStatementTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown };
    if (candidate.code === "57014" || candidate.originalCode === "57014") return true;
    if (typeof candidate.message === "string" && candidate.message.includes("canceling statement due to statement timeout")) return true;
    current = candidate.cause;
  }
  return false;
}

/** Runs an analytic read: in line behind at most N others, on the analytics pool, with a statement timeout. */
export async function runAnalytic<T>(work: () => Promise<T>): Promise<T> {
  const release = await gate().acquire();
  try {
    return await withinAnalyticScope(work);
  } catch (error) {
    if (isStatementTimeout(error)) {
      const seconds = Math.round(env().TOUCHSTONE_ANALYTICS_TIMEOUT_MS / 1000);
      throw new SafeError("UNAVAILABLE", `These figures took longer than ${seconds} s to compute and were stopped; narrow the filters (one rubric version, fewer runs) or try again later.`, undefined, 30);
    }
    throw error;
  } finally {
    release();
  }
}

/** For /api/health and tests: how many analytic reads run and wait in this server. */
export function analyticLoad() {
  return gate().snapshot();
}

function cache() {
  globalForGate.touchstoneAnalyticCache ??= new AnalyticCache(() => ({
    refreshMs: env().TOUCHSTONE_ANALYTICS_REFRESH_SECONDS * 1000,
    staleMs: env().TOUCHSTONE_ANALYTICS_STALE_SECONDS * 1000,
    maxEntries: 200,
  }));
  return globalForGate.touchstoneAnalyticCache;
}

/**
 * The data version: a database-wide sequence that every write to a table
 * figures are computed from moves (migration 20261205040000). Read on the main
 * pool before computing, so a write that commits during the computation makes
 * the result stale rather than passing for current.
 */
export async function dataVersion(): Promise<string> {
  const rows = await rawSql.$queryRaw<{ version: string }[]>`SELECT last_value::text AS version FROM analytic_data_version`;
  return rows[0]!.version;
}

/**
 * An analytic read answered from the per-server result cache (./analytic-cache.ts)
 * when the data has not changed, else computed through runAnalytic and
 * serialized once. `key` must name the query and every parameter it depends
 * on, the project included; the caller has already checked the permission.
 * `staleOk: false` for answers that decide something (the CI gate): those are
 * served only while the data is unchanged.
 */
export async function cachedAnalytic(key: string, compute: () => Promise<string>, options: { staleOk: boolean }): Promise<Cached> {
  return cache().get(key, await dataVersion(), () => runAnalytic(compute), options);
}
