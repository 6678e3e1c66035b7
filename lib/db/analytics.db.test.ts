import os from "node:os";
import { describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import { db } from "./client";
import { rawSql, type SqlClient } from "./raw-sql";
import { isLocalDatabase } from "./analytic-priority";
import { AnalyticGate, analyticLoad, runAnalytic } from "./analytics";

// Analytic reads queue among themselves and run on their own time-limited
// connections; everything else keeps the main pool.

const statementTimeout = async (client: Pick<SqlClient, "$queryRaw">) =>
  (await client.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`)[0]!.statement_timeout;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("runAnalytic", () => {
  it("runs analytic reads on backends of lower CPU priority, and nothing else", async (context) => {
    if (!isLocalDatabase(process.env.DATABASE_URL ?? "")) context.skip(); // its backends are another machine's processes
    const backend = async (client: Pick<SqlClient, "$queryRaw">) => (await client.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid;
    expect(os.getPriority(await backend(db))).toBe(0);
    expect(os.getPriority(await backend(rawSql))).toBe(0);
    expect(os.getPriority(await runAnalytic(() => backend(db)))).toBe(10);
    expect(os.getPriority(await runAnalytic(() => backend(rawSql)))).toBe(10);
  });

  it("sends Prisma and raw queries of an analytic read to the time-limited pool, and only those", async () => {
    expect(await statementTimeout(db)).toBe("0");
    expect(await statementTimeout(rawSql)).toBe("0");
    expect(await runAnalytic(() => statementTimeout(db))).toBe("30s");
    expect(await runAnalytic(() => statementTimeout(rawSql))).toBe("30s");
    // Work started inside the scope keeps it across awaits and parallel branches.
    const both = await runAnalytic(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return Promise.all([statementTimeout(db), db.$transaction((tx) => statementTimeout(tx))]);
    });
    expect(both).toEqual(["30s", "30s"]);
    expect(await statementTimeout(db)).toBe("0");
  });

  it("keeps each analytic query to one core: no parallel workers on the analytics pools, as many as configured elsewhere", async () => {
    const workers = async (client: Pick<SqlClient, "$queryRaw">) =>
      (await client.$queryRaw<{ max_parallel_workers_per_gather: string }[]>`SHOW max_parallel_workers_per_gather`)[0]!.max_parallel_workers_per_gather;
    expect(await runAnalytic(() => workers(db))).toBe("0");
    expect(await runAnalytic(() => workers(rawSql))).toBe("0");
    expect(await workers(db)).not.toBe("0");
  });

  it("turns a statement cancelled by its timeout into a plain 503 that says what to do", async () => {
    const slow = runAnalytic(() =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL statement_timeout = 50`;
        return tx.$queryRaw`SELECT pg_sleep(2)`;
      }),
    );
    const error = await slow.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SafeError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryAfterSeconds: 30 });
    expect((error as Error).message).toMatch(/took longer than 30 s.*narrow the filters/);
  });

  it("lets at most the configured number run at once; the others wait their turn in order", async () => {
    const gates = Array.from({ length: 5 }, deferred);
    const order: number[] = [];
    const reads = gates.map((gate, index) =>
      runAnalytic(async () => {
        order.push(index);
        await gate.promise;
        return index;
      }),
    );
    // One at a time by default: one analytic query keeps to one core (no parallel workers).
    await new Promise((r) => setTimeout(r, 20));
    expect(analyticLoad()).toEqual({ running: 1, waiting: 4 });
    expect(order).toEqual([0]);
    gates[0]!.resolve();
    await reads[0];
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([0, 1]);
    expect(analyticLoad()).toEqual({ running: 1, waiting: 3 });
    gates.forEach((gate) => gate.resolve());
    expect(await Promise.all(reads)).toEqual([0, 1, 2, 3, 4]);
    expect(analyticLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses with 503 + Retry-After when the line is full or the wait too long, and frees the slot after a failure", async () => {
    const gate = new AnalyticGate(() => 1, () => 1, () => 50);
    const first = await gate.acquire();
    const waiting = gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ code: "UNAVAILABLE", retryAfterSeconds: 5 });
    await expect(waiting).rejects.toMatchObject({ code: "UNAVAILABLE" });
    first();
    first(); // releasing twice frees one slot only
    expect(gate.snapshot()).toEqual({ running: 0, waiting: 0 });
    await expect(runAnalytic(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(analyticLoad()).toEqual({ running: 0, waiting: 0 });
  });
});
