import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { traversableByOthers } from "./embedded-server";

// Where the launcher keeps its state: the embedded database, its password,
// the generated session secret and runtime.json. Only scripts (start, tests,
// prisma.config.ts) use this; the Next.js server just reads DATABASE_URL.

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export function stateDir() {
  const dir = path.resolve(process.env.TOUCHSTONE_DATA_DIR ?? path.join(projectRoot, ".data"));
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

// As root, PostgreSQL runs as the `postgres` user, which must be able to reach
// its data folder. A checkout under a private folder (such as /root) cannot
// hold it, so the cluster moves to /var/lib/touchstone/<hash of the state dir>.
export function postgresDataDir() {
  const state = stateDir();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || traversableByOthers(state)) return path.join(state, "postgres");
  const key = crypto.createHash("sha256").update(state).digest("hex").slice(0, 12);
  return path.join("/var/lib/touchstone", key, "postgres");
}
