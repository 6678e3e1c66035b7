import { AsyncLocalStorage } from "node:async_hooks";

// Marks the code running on behalf of an analytic request (dashboards,
// comparisons, leaderboards): the database clients (./client.ts, ./raw-sql.ts)
// send its queries to the analytics pool — few connections and a statement
// timeout — so heavy reads queue among themselves instead of taking the
// connections and cores the review and import paths need.

const scope = new AsyncLocalStorage<true>();

export function inAnalyticScope(): boolean {
  return scope.getStore() === true;
}

export function withinAnalyticScope<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(true, work);
}

/**
 * Session settings of the analytics pools: no parallel workers, so one analytic
 * query keeps to one core (PostgreSQL would otherwise fan a scan of a million
 * labels out over every core and starve the review path while it runs).
 */
export const ANALYTIC_SESSION_OPTIONS = "-c max_parallel_workers_per_gather=0";
