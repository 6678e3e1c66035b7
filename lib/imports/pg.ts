import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { env } from "@/lib/env";

// Imports talk to PostgreSQL through plain `pg` rather than Prisma: COPY (via
// pg-copy-streams) and one explicit transaction per upload are what make
// 100,000 rows take seconds. One small pool per database URL, created lazily.

const globalForPools = globalThis as unknown as { touchstoneImportPools?: Map<string, pg.Pool> };

export function importPool(url = env().DATABASE_URL): pg.Pool {
  globalForPools.touchstoneImportPools ??= new Map();
  let pool = globalForPools.touchstoneImportPools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle connection dropped by the server must not crash the process.
    pool.on("error", () => {});
    globalForPools.touchstoneImportPools.set(url, pool);
  }
  return pool;
}

export async function closeImportPools() {
  const pools = globalForPools.touchstoneImportPools;
  if (!pools) return;
  globalForPools.touchstoneImportPools = new Map();
  await Promise.all([...pools.values()].map((pool) => pool.end()));
}

// COPY text format: backslash escapes for \, newline, CR and tab; \N is NULL.
function escapeText(value: string) {
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\n" ? "\\n" : ch === "\r" ? "\\r" : "\\t")) : value;
}

export type CopyValue = string | number | null | undefined | { json: unknown } | { textArray: string[] };

function encode(value: CopyValue): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeText(value);
  if ("json" in value) return value.json === undefined ? "\\N" : escapeText(JSON.stringify(value.json));
  const items = value.textArray.map((item) => `"${item.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`);
  return escapeText(`{${items.join(",")}}`);
}

/** Streams rows into `table` with one COPY; rows are arrays in `columns` order. */
export async function copyRows(client: pg.PoolClient, table: string, columns: string[], rows: CopyValue[][]) {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  // Write in ~1 MB pieces: few syscalls, bounded memory.
  let buffer = "";
  for (const row of rows) {
    buffer += row.map(encode).join("\t") + "\n";
    if (buffer.length > 1_000_000) {
      if (!stream.write(buffer)) await new Promise((resolve) => stream.once("drain", resolve));
      buffer = "";
    }
  }
  stream.end(buffer);
  await done;
}

/** Ids for rows written outside Prisma (its cuid() default is client-side). */
export function newId() {
  return crypto.randomUUID();
}
