import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { closeSharedPools, sharedPool } from "@/lib/db/pg-pools";
import { env } from "@/lib/env";

// Imports talk to PostgreSQL through plain `pg` rather than Prisma: COPY (via
// pg-copy-streams) and one explicit transaction per upload are what make
// 100,000 rows take seconds. One small pool per database URL, created lazily.

export function importPool(url = env().DATABASE_URL): pg.Pool {
  return sharedPool("imports", { connectionString: url, max: 4 });
}

export function closeImportPools() {
  return closeSharedPools("imports");
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, surrogates): a superset of COPY's. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(value), without its cost (≈5 µs per kilobyte on Node 20) for the usual plain string: the same text. */
export function jsonText(value: unknown): string {
  return typeof value === "string" && !NEEDS_ESCAPING.test(value) ? `"${value}"` : JSON.stringify(value);
}

// COPY text format: backslash escapes for \, newline, CR and tab; \N is NULL.
export function escapeText(value: string) {
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\n" ? "\\n" : ch === "\r" ? "\\r" : "\\t")) : value;
}

export type CopyValue = string | number | null | undefined | { json: unknown } | { textArray: string[] };

export function encode(value: CopyValue): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeText(value);
  if ("json" in value) return value.json === undefined ? "\\N" : escapeText(JSON.stringify(value.json));
  const items = value.textArray.map((item) => `"${item.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`);
  return escapeText(`{${items.join(",")}}`);
}

/**
 * Whether this connection may skip foreign-key checks inside its own
 * transaction: `SET LOCAL session_replication_role = replica` (what pg_restore's
 * --disable-triggers does) turns off every trigger not enabled ALWAYS, and
 * Touchstone's own triggers all are (migration `*_triggers_fire_always`), so
 * only PostgreSQL's per-row foreign-key checks stop. Allowed to superusers
 * (the embedded server's user is one) and, on PostgreSQL 15+, to roles
 * granted SET on that parameter.
 *
 * A check is a locking look-up of the referenced row, one per inserted row
 * and foreign key: ≈ 35 % of PostgreSQL's time per item row, ≈ 45 % per judge
 * score. Callers skip them only for rows whose references they hold locked
 * until commit (the rows they inserted, or read `FOR KEY SHARE`), which is
 * what the checks would have made sure of.
 */
export async function maySkipForeignKeyChecks(client: pg.ClientBase) {
  const { rows } = await client.query<{ superuser: boolean; version: number }>(
    `SELECT current_setting('is_superuser') = 'on' AS superuser, current_setting('server_version_num')::int AS version`,
  );
  if (rows[0]!.superuser) return true;
  if (rows[0]!.version < 150_000) return false;
  const { rows: granted } = await client.query<{ granted: boolean }>(`SELECT has_parameter_privilege('session_replication_role', 'SET') AS granted`);
  return granted[0]!.granted;
}

const CHECKS_OFF = "SET LOCAL session_replication_role = replica";
const CHECKS_ON = "SET LOCAL session_replication_role = origin";

/**
 * Runs `write` with foreign-key checks off when `skip` (see
 * maySkipForeignKeyChecks), back on after it. After a failure they stay off
 * until the rollback that follows (SET LOCAL ends with the transaction).
 */
export async function withoutForeignKeyChecks<T>(client: pg.ClientBase, skip: boolean, write: () => Promise<T>): Promise<T> {
  if (!skip) return write();
  await client.query(CHECKS_OFF);
  const result = await write();
  await client.query(CHECKS_ON);
  return result;
}

/**
 * One COPY kept open for a whole upload: rows are encoded as they are
 * validated and handed to PostgreSQL a batch at a time (the importer's
 * `batchRows`), so PostgreSQL stores
 * one piece while Node parses the next (two cores busy instead of one at a
 * time). Opened on the first send, so an upload that fails validation early
 * never starts it. While it is open the connection runs nothing else: `end()`
 * it before the next query, whatever happened.
 */
export class CopyWriter {
  private stream: ReturnType<typeof copyFrom> | null = null;
  private done: Promise<void> | null = null;
  private text = "";
  private ended = false;

  /** `skipForeignKeyChecks`: see maySkipForeignKeyChecks; back on when the COPY ends. */
  constructor(
    private client: pg.PoolClient,
    private table: string,
    private columns: string[],
    private options: { skipForeignKeyChecks?: boolean } = {},
  ) {}

  /** Appends one row, already encoded (fields joined by tabs, ending in a newline). */
  push(line: string) {
    this.text += line;
  }

  /** Hands the buffered rows to the connection; resolves when it can take more (back-pressure), rejects if the COPY failed. */
  async send() {
    if (!this.text || this.ended) return;
    const stream = this.open();
    const text = this.text;
    this.text = "";
    if (!stream.write(text)) await Promise.race([once(stream, "drain"), this.done]);
  }

  /** Sends what is left and ends the COPY; rejects with PostgreSQL's error if it failed. */
  async end() {
    if (this.ended) return this.done ?? undefined;
    this.ended = true;
    if (!this.stream && !this.text) return;
    const stream = this.open();
    stream.end(this.text);
    this.text = "";
    await this.done;
    if (this.options.skipForeignKeyChecks) await this.client.query(CHECKS_ON);
  }

  /** Stops writing (the transaction is going to roll back) and frees the connection. */
  async abort() {
    this.text = "";
    await this.end().catch(() => {});
  }

  private open() {
    if (this.stream) return this.stream;
    // Queued on the connection ahead of the COPY, so it applies to it.
    const checksOff = this.options.skipForeignKeyChecks ? this.client.query(CHECKS_OFF) : null;
    const stream = this.client.query(copyFrom(`COPY "${this.table}" (${this.columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
    const copied = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    this.done = checksOff ? Promise.all([checksOff, copied]).then(() => {}) : copied;
    // Observed through send()/end(); never an unhandled rejection.
    this.done.catch(() => {});
    this.stream = stream;
    return stream;
  }
}

/**
 * Ids for one upload's rows, increasing in the order they are generated:
 * UUIDv7-shaped (48-bit milliseconds, version 7, random bits, variant) with
 * the last 8 hex digits a counter. Random v4 ids scatter every insert over the
 * whole primary-key index; increasing ones append at its right edge, which
 * PostgreSQL handles with a cached rightmost-page fast path.
 */
export function idSequence(): () => string {
  let prefix = "";
  let next = 0;
  const restart = () => {
    const time = Date.now().toString(16).padStart(12, "0");
    const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join("");
    const variant = (8 | (parseInt(random[3]!, 16) & 3)).toString(16);
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 11)}`;
    next = 0;
  };
  restart();
  return () => {
    if (next > 0xffffffff) restart();
    return prefix + (next++).toString(16).padStart(8, "0");
  };
}

/** Ids for rows written outside Prisma (its cuid() default is client-side). */
export function newId() {
  return crypto.randomUUID();
}

/**
 * The write half of an importer that streams its rows through one CopyWriter
 * (items, outputs): rows count as buffered until the runner flushes them, and
 * once the upload has an error (discard) none is encoded any more, since
 * nothing will be written.
 */
export function copyBuffer(copy: CopyWriter) {
  let buffered = 0;
  let discarded = false;
  return {
    discarded: () => discarded,
    push(line: string) {
      copy.push(line);
      buffered++;
    },
    /** KindImporter's buffered, flush, discard and close. */
    writes: {
      buffered: () => buffered,
      async flush() {
        buffered = 0;
        await copy.send();
      },
      discard() {
        discarded = true;
        buffered = 0;
      },
      close: () => copy.abort(),
    },
  };
}
