import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Runs one read-only analytical query with enough sort/hash memory (256 MB, for
 * this one read) that PostgreSQL aggregates and joins the 100k–1M-row sets of
 * comparisons and agreement tables in memory instead of spilling to disk.
 */
export async function analyticalQuery<T>(query: Prisma.Sql, opts: { parallel?: boolean; mergeJoin?: boolean } = {}): Promise<T[]> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '256MB'`;
      if (opts.parallel) {
        // One big join feeding a small aggregate: PostgreSQL's default costs keep it on one
        // core; worker start-up and passing tuples up are cheap next to half a million rows.
        await tx.$executeRaw`SET LOCAL parallel_setup_cost = 100`;
        await tx.$executeRaw`SET LOCAL parallel_tuple_cost = 0.01`;
      }
      if (opts.mergeJoin) {
        // For queries written to merge-join index-only scans that are already in join
        // order: the cost model, blind to the hash build's memory traffic, prefers
        // hashing half a million keys across parallel workers, which is ~2-3× slower.
        await tx.$executeRaw`SET LOCAL enable_hashjoin = off`;
        await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
      }
      return tx.$queryRaw<T[]>(query);
    },
    // A loaded server can take a while on large sets; the default 5 s would abort a valid read.
    // maxWait: the analytics pool has one connection per analytic read by default
    // (lib/db/analytics.ts), so a loader's parallel parts take turns on it; waiting
    // there is the design, and each statement is bounded by the pool's timeout.
    { timeout: 120_000, maxWait: 120_000 },
  );
}
