import fs from "node:fs";
import os from "node:os";
import type pg from "pg";

// Analytic queries (dashboards, comparisons, leaderboards) are capped to one
// per app server, but on a one- or two-core machine where PostgreSQL runs
// beside the app (the embedded default) one scan of a million labels per
// server still takes every core the reviewers' submits need. When the
// database server is on this machine, each analytic connection's backend
// process is given a lower CPU priority (a higher nice value): it still uses
// every idle cycle, but the kernel runs the review path's backends first.
// A database elsewhere is left as it is (its pids are not this machine's).

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Whether `databaseUrl` names a server on this machine (loopback or a Unix socket). */
export function isLocalDatabase(databaseUrl: string): boolean {
  // A socket directory (?host=/run/postgresql) leaves the URL without a host, which URL refuses.
  if (/[?&]host=(\/|%2F)/i.test(databaseUrl)) return true;
  try {
    return LOOPBACK.has(new URL(databaseUrl).hostname);
  } catch {
    return false;
  }
}

function deprioritise(pid: number, nice: number) {
  try {
    // Only a PostgreSQL process of this machine: behind a forwarded port (a
    // container) the pid belongs to another process namespace.
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("postgres")) return;
    if (os.getPriority(pid) < nice) os.setPriority(pid, nice);
  } catch {
    // Not Linux, or not allowed to change it: the backend keeps its priority.
  }
}

/** Lowers the CPU priority of the backend of every connection `pool` opens, when the server is local. */
export function lowerBackendPriority(pool: pg.Pool, databaseUrl: string, nice: number): pg.Pool {
  if (nice <= 0 || process.platform !== "linux" || !isLocalDatabase(databaseUrl)) return pool;
  // The backend's pid arrives with the connection (BackendKeyData): no query, so none
  // runs beside the caller's first one.
  pool.on("connect", (client) => {
    const pid = (client as unknown as { processID: number | null }).processID;
    if (pid) deprioritise(pid, nice);
  });
  return pool;
}
