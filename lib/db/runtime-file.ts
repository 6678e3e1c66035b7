import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The launcher (scripts/start.ts) writes `{ pid, databaseUrl, appUrl }` to
// runtime.json while the embedded PostgreSQL runs, so tools started from
// another terminal (prisma.config.ts → `prisma migrate`, `prisma studio`…) find
// the database without anyone exporting DATABASE_URL.
//
// Kept free of other project imports: prisma.config.ts loads it through
// Prisma's own TypeScript loader, outside Next.js and tsx.

// lib/db/ → project root. fileURLToPath(import.meta.url) rather than
// import.meta.dirname, which not every loader of this file provides.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function runtimeFilePath(): string {
  return path.resolve(path.join(process.env.TOUCHSTONE_DATA_DIR ?? path.join(projectRoot, ".data"), "runtime.json"));
}

/**
 * The URL of the locally running embedded server, or undefined when there is
 * no runtime file, it is unreadable, or the process that wrote it is gone (a
 * stale file after a crash must not point tools at a dead port).
 */
export function readRuntimeDatabaseUrl(): string | undefined {
  let runtime: unknown;
  try {
    runtime = JSON.parse(fs.readFileSync(runtimeFilePath(), "utf8"));
  } catch {
    return undefined;
  }
  if (typeof runtime !== "object" || runtime === null) return undefined;
  const { pid, databaseUrl } = runtime as { pid?: unknown; databaseUrl?: unknown };
  if (typeof databaseUrl !== "string" || !isLiveProcess(pid)) return undefined;
  return databaseUrl;
}

export function isLiveProcess(pid: unknown): boolean {
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    // Signal 0 checks existence without sending anything.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
