#!/usr/bin/env node
// A drop-in replacement for Prisma's native `schema-engine` binary, built on
// the WebAssembly engine from `@prisma/schema-engine-wasm`.
//
// Why this exists: the Prisma CLI downloads a native schema-engine before
// `generate`, `migrate`, `db`, `validate` and `format`, and our machines reach
// only the npm registry. The CLI accepts any executable in
// PRISMA_SCHEMA_ENGINE_BINARY (set by prisma.config.ts), so this script speaks
// the same protocol as the native binary and forwards the work to the wasm
// build of the very same engine commit (7.10.0 ⇔ 0edf323e…).
//
// Protocol, as the CLI (node_modules/prisma/build/cli.js) uses it:
//   <bin> --version                          -> "schema-engine-cli <commit>"
//   <bin> [--datamodels <file>…] [--datasource '{"url":…}']
//         -> newline-delimited JSON-RPC 2.0 over stdin/stdout until stdin
//            closes; method names/params are those of the wasm SchemaEngine.
//   <bin> --datasource '{"url":…}' cli can-connect-to-database|create-database
//         -> exit code 0/1 and JSON log lines on stderr (the CLI drops the
//            first line and JSON-parses the others, looking for an ERROR
//            record with fields.error_code / fields.message).
//
// Only PostgreSQL is supported: that is the only database this project uses,
// and @prisma/adapter-pg is the only driver adapter installed.

import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { inspect } from "node:util";

const require = createRequire(import.meta.url);

// --------------------------------------------------------------------------
// Command line
// --------------------------------------------------------------------------

const CLI_SUBCOMMANDS = new Set(["can-connect-to-database", "create-database", "drop-database"]);

function parseArgs(argv) {
  const opts = { datamodels: [], datasource: undefined, version: false, help: false, cli: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case "--version":
      case "-V":
        opts.version = true;
        break;
      case "--help":
      case "-h":
        opts.help = true;
        break;
      case "--datamodels":
      case "-d":
        // The CLI repeats the flag once per file, but the native binary also
        // accepts several files after one flag, so take everything up to the
        // next flag (or the `cli` subcommand).
        while (i + 1 < argv.length && !argv[i + 1].startsWith("-") &&
               !(argv[i + 1] === "cli" && CLI_SUBCOMMANDS.has(argv[i + 2]))) {
          opts.datamodels.push(argv[++i]);
        }
        break;
      case "--datasource":
        opts.datasource = JSON.parse(argv[++i]);
        break;
      // Accepted for compatibility; the wasm engine takes neither.
      case "--enabled-preview-features":
      case "--extension-types":
        i++;
        break;
      case "cli":
        opts.cli = argv[++i];
        break;
      default:
        throw new Error(`unknown argument: ${arg}`);
    }
  }
  return opts;
}

// --------------------------------------------------------------------------
// Loading the wasm engine
// --------------------------------------------------------------------------

const wasmBgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
const wasmDir = path.dirname(wasmBgPath);

// The commit hash the CLI expects from `--version`. The wasm package encodes it
// in its version ("7.10.0-4.<commit>"); its package.json is not exported, so
// read it from disk.
function engineCommit() {
  const { version } = JSON.parse(fs.readFileSync(path.join(wasmDir, "package.json"), "utf8"));
  return version.split(".").pop();
}

let wasmModulePromise;
// The package's ESM entry does `import * as wasm from "./x.wasm"`, which Node
// cannot load, so instantiate the wasm by hand against the JS glue module.
function loadWasmEngine() {
  wasmModulePromise ??= (async () => {
    // Without this global, an engine panic turns into the unhelpful
    // "Cannot read properties of undefined (reading 'set_message')". We keep
    // the panic message so that it can be reported to the CLI.
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message) {
        lastPanicMessage = message;
      },
    };
    const bg = await import(wasmBgPath);
    const imports = { ...bg };
    // The engine arms a 10 s timer (a connection/IO timeout) that would keep
    // every process alive for 10 s after its work is done. Unref it so it can
    // still fire during real work but never delays exit.
    for (const name of Object.keys(bg)) {
      if (name.startsWith("__wbg_setTimeout_")) {
        imports[name] = (...args) => {
          const timer = bg[name](...args);
          timer?.unref?.();
          return timer;
        };
      }
    }
    const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(wasmDir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": imports });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return bg;
  })();
  return wasmModulePromise;
}

let lastPanicMessage;

// --------------------------------------------------------------------------
// PostgreSQL connection handling
// --------------------------------------------------------------------------

function parsePostgresUrl(url) {
  if (typeof url !== "string" || url === "") {
    throw new UserFacingError("P1013", "No datasource URL was provided. Set `datasource.url` in prisma.config.ts (DATABASE_URL).");
  }
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new UserFacingError("P1013", `This schema engine shim only supports postgresql:// URLs, got \`${url.split(":")[0]}:\`.`);
  }
  // pg-connection-string is pg's own URL parser (sslmode, ?host=/socket, …);
  // resolve it through pg so we get the exact copy pg uses.
  const { parse } = createRequire(require.resolve("pg"))("pg-connection-string");
  const parsed = parse(url);
  const params = new URL(url).searchParams;
  const schema = params.get("schema") ?? undefined;

  // Everything is passed as separate fields, never as `connectionString`:
  // PrismaPg creates the shadow database config as `{...config, database}`,
  // and pg lets a connectionString override `database`, so with a connection
  // string the "shadow" database silently becomes the main database and
  // migrate dev would wipe real data.
  const config = {
    host: parsed.host || undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user || undefined,
    password: parsed.password ?? undefined,
    database: parsed.database || undefined,
    ssl: parsed.ssl,
    application_name: parsed.application_name ?? "prisma-schema-engine-shim",
    options: parsed.options,
    // Prisma's connect_timeout is in seconds (default 5).
    connectionTimeoutMillis: Number(params.get("connect_timeout") ?? 5) * 1000 || undefined,
  };
  // Prisma URLs select a schema with ?schema=; the native engine sets the
  // search_path accordingly, so unqualified names in migrations land there.
  if (schema && !config.options) config.options = `-c search_path="${schema.replaceAll('"', '""')}"`;
  for (const key of Object.keys(config)) if (config[key] === undefined) delete config[key];
  return { config, schema, location: `${config.host ?? "localhost"}:${config.port ?? 5432}` };
}

// Loaded lazily: `--version` and RPC sessions that never touch a database
// (validate, format, diff between files) should not pay for it.
let pgModules;
async function loadPg() {
  pgModules ??= {
    pg: (await import("pg")).default,
    PrismaPg: (await import("@prisma/adapter-pg")).PrismaPg,
    ...(await import("@prisma/driver-adapter-utils")),
  };
  return pgModules;
}

// PostgreSQL's internal one-byte `"char"` type (OID 18) shows up in catalog
// columns the engine reads when describing a live schema (e.g.
// pg_constraint.contype). @prisma/adapter-pg has no mapping for it and fails
// with UnsupportedNativeDataType; reporting it as plain `text` is not enough
// either, because the schema describer reads those columns as a Rust `char`
// and panics on a Text value ("... as char failed"). So such columns are
// reported as ColumnType Character, whose value pg already gives us as a
// one-character string. The adapter's query class is not exported, hence
// patching the prototype found through an instance; the per-call wrapper
// keeps concurrent queries from seeing each other's column lists.
const CHAR_OID = 18;
const TEXT_OID = 25;
let charPatchApplied = false;
function patchCharType(adapter, ColumnTypeEnum) {
  if (charPatchApplied) return;
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "queryRaw")) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const queryRaw = proto.queryRaw;
  proto.queryRaw = async function (query) {
    const charColumns = [];
    // Let the original code see "text" so it does not throw, remembering
    // which columns were "char".
    const view = Object.create(this, {
      performIO: {
        value: async (q) => {
          const result = await this.performIO(q);
          result?.fields?.forEach((field, i) => {
            if (field.dataTypeID === CHAR_OID) {
              field.dataTypeID = TEXT_OID;
              charColumns.push(i);
            }
          });
          return result;
        },
      },
    });
    const resultSet = await queryRaw.call(view, query);
    for (const i of charColumns) resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
  charPatchApplied = true;
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

// Every adapter handed to the engine. `engine.free()` does not close them, and
// an open pg pool keeps the process alive, so we dispose them on exit.
const liveAdapters = new Set();

function track(adapter, dispose) {
  liveAdapters.add(adapter);
  let disposed;
  // Replace dispose as an own property before the adapter is bound by
  // driver-adapter-utils (which captures `adapter.dispose` at bind time).
  adapter.dispose = () => {
    disposed ??= (async () => {
      liveAdapters.delete(adapter);
      await dispose();
    })();
    return disposed;
  };
  return adapter;
}

// A migration-aware adapter factory, as the wasm engine expects, replacing
// PrismaPg's own connectToShadowDb (see comments inside for why).
function createAdapterFactory({ PrismaPg, pg, ColumnTypeEnum }, datasource) {
  const main = parsePostgresUrl(datasource?.url);
  const shadow = datasource?.shadowDatabaseUrl ? parsePostgresUrl(datasource.shadowDatabaseUrl) : undefined;

  async function connectTo(target, releaseExtra) {
    const factory = new PrismaPg(target.config, target.schema ? { schema: target.schema } : undefined);
    const adapter = await factory.connect();
    patchCharType(adapter, ColumnTypeEnum);
    // adapter-pg's executeScript splits on every ";", which cuts dollar-quoted
    // function bodies (trigger migrations) apart. The native engine sends a
    // migration as one script: do the same with one simple-protocol query.
    adapter.executeScript = async (script) => {
      try {
        await adapter.client.query(script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    const ownDispose = adapter.dispose.bind(adapter);
    return track(adapter, async () => {
      await ownDispose();
      await releaseExtra?.();
    });
  }

  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectTo(main),
    async connectToShadowDb() {
      if (shadow) {
        // An explicitly configured shadow database is, as with the native
        // engine, reset before use.
        const adapter = await connectTo(shadow);
        const schema = quoteIdent(shadow.schema ?? "public");
        await adapter.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
        return adapter;
      }
      // Like the native engine: a throwaway database on the main server.
      // PrismaPg's version never closes its admin pool and issues DROP
      // DATABASE while its own shadow pool is still connected (which fails),
      // so do it ourselves with a dedicated client.
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      const admin = new pg.Client(main.config);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (error) {
        await admin.end().catch(() => {});
        throw error;
      }
      const dropShadow = async () => {
        // Shadow pool is closed by now (ownDispose runs first); FORCE kicks
        // out anything that still lingers.
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        } finally {
          await admin.end().catch(() => {});
        }
      };
      const target = { ...main, config: { ...main.config, database: name } };
      try {
        return await connectTo(target, dropShadow);
      } catch (error) {
        await dropShadow().catch(() => {});
        throw error;
      }
    },
  };
}

// The wasm engine wants an adapter even for commands that never touch a
// database (e.g. `migrate diff --from-empty --to-schema`), and on start-up it
// asks the server for its version (to tell PostgreSQL from CockroachDB). When
// no URL is configured, answer that one probe as a plain PostgreSQL server
// and fail everything else with a clear message, so offline diffs between
// files still work like with the native engine.
function createNoDatabaseFactory(ColumnTypeEnum) {
  const noDatabase = () =>
    new Error("No database URL configured: set datasource.url in prisma.config.ts (e.g. via DATABASE_URL).");
  const fail = async () => {
    throw noDatabase();
  };
  const adapter = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw({ sql }) {
      if (/current_setting\('server_version_num'\)/.test(sql) && /\bversion\(\)/.test(sql)) {
        return {
          columnNames: ["exists", "version", "numeric_version"],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, "PostgreSQL 18.0 (no database configured)", 180000]],
        };
      }
      throw noDatabase();
    },
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
  return { provider: "postgres", adapterName: "@prisma/adapter-pg", connect: async () => adapter, connectToShadowDb: fail };
}

async function disposeAll() {
  const results = await Promise.allSettled([...liveAdapters].map((adapter) => adapter.dispose()));
  for (const r of results) if (r.status === "rejected") logStderr("WARN", `failed to close a connection: ${r.reason?.message ?? r.reason}`);
}

// --------------------------------------------------------------------------
// Errors
// --------------------------------------------------------------------------

class UserFacingError extends Error {
  constructor(code, message, meta) {
    super(message);
    this.errorCode = code;
    this.meta = meta;
  }
}

// Errors thrown by our JS adapter code reach the engine only as an id in the
// bound factory's registry and come back as "External error id#N".
let adapterErrorRegistry;
function resolveExternalErrors(message) {
  return message.replace(/External error id#(\d+)/g, (text, id) => {
    const entry = adapterErrorRegistry?.consumeError(Number(id));
    return entry?.error?.message ?? text;
  });
}

// Turn whatever the wasm engine (or our own code) threw into the JSON-RPC
// error object of the native binary, which the CLI unpacks: `data.error_code`
// (printed, and branched on, e.g. P3005/P3006), `data.message`,
// `data.is_panic`.
function toRpcError(error) {
  if (process.env.PRISMA_SCHEMA_ENGINE_SHIM_DEBUG) {
    // As a JSON log line: the CLI JSON-parses stderr of `cli` subcommands.
    logStderr("DEBUG", `engine error: ${inspect(error, { depth: 5 })}`);
  }
  // A Rust panic surfaces as WebAssembly.RuntimeError ("unreachable"); the
  // real message went to PRISMA_WASM_PANIC_REGISTRY just before.
  const isPanic = error instanceof WebAssembly.RuntimeError;
  const message = isPanic && lastPanicMessage ? lastPanicMessage : (error?.message ?? String(error));
  lastPanicMessage = undefined;
  const data = { is_panic: isPanic, message: resolveExternalErrors(message), meta: error?.meta ?? null };
  // UserFacingError is ours; known engine errors are Errors with a `code`.
  const errorCode = error instanceof UserFacingError ? error.errorCode : error?.code;
  if (typeof errorCode === "string") data.error_code = errorCode;
  // For panics the CLI shows the top-level message as the error title, so put
  // the panic message there rather than the native engine's generic text.
  const title = isPanic ? data.message : "An error happened. Check the data field for details.";
  return { code: 4466, message: title, data };
}

// --------------------------------------------------------------------------
// stderr logging in the native binary's tracing JSON format
// --------------------------------------------------------------------------

function logStderr(level, message, fields = {}, target = "schema_engine::logger") {
  process.stderr.write(
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target }) + "\n",
  );
}

// --------------------------------------------------------------------------
// `cli …` subcommands (used by the CLI to check/create the database)
// --------------------------------------------------------------------------

// Map pg/driver errors to the error codes the CLI acts on (P1003 means "create
// the database and carry on").
function connectionError(error, { config, location }) {
  const db = config.database ?? config.user ?? "postgres";
  switch (error?.code) {
    case "3D000":
      return new UserFacingError("P1003", `Database \`${db}\` does not exist on the database server at \`${location}\`.`,
        { database_name: db, database_host: config.host, database_port: config.port });
    case "28P01":
    case "28000":
      return new UserFacingError("P1000",
        `Authentication failed against database server, the provided database credentials for \`${config.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
        { database_user: config.user, database_host: config.host });
    case "42P04":
      return new UserFacingError("P1009", `Database \`${db}\` already exists on the database server at \`${location}\``,
        { database_name: db, database_host: config.host, database_port: config.port });
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
    case "ECONNRESET":
      return new UserFacingError("P1001",
        `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
        { database_host: config.host, database_port: config.port });
    default:
      if (/timeout/i.test(error?.message ?? "")) {
        return new UserFacingError("P1002", `The database server at \`${location}\` was reached but timed out.`);
      }
      return new UserFacingError("P1000", error?.message ?? String(error));
  }
}

async function withClient(target, fn) {
  const { pg } = await loadPg();
  const client = new pg.Client(target.config);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(error, target);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// CREATE DATABASE must run while connected to another database; use the
// `postgres` maintenance database like the native engine does.
async function createDatabase(target) {
  const name = target.config.database ?? target.config.user ?? "postgres";
  const maintenance = { ...target, config: { ...target.config, database: "postgres" } };
  await withClient(maintenance, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      throw connectionError(error, target);
    }
  });
  return name;
}

async function runCliSubcommand(opts) {
  // The CLI discards the first stderr line (the native binary's start-up log).
  logStderr("INFO", "Starting schema engine CLI", { git_hash: engineCommit() });
  try {
    const target = parsePostgresUrl(opts.datasource?.url);
    switch (opts.cli) {
      case "can-connect-to-database":
        await withClient(target, (client) => client.query("SELECT 1"));
        logStderr("INFO", "Connection successful");
        break;
      case "create-database": {
        const name = await createDatabase(target);
        logStderr("INFO", `Database '${name}' was successfully created.`);
        break;
      }
      case "drop-database": {
        const name = target.config.database;
        const maintenance = { ...target, config: { ...target.config, database: "postgres" } };
        await withClient(maintenance, (client) => client.query(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`));
        logStderr("INFO", `The database '${name}' was successfully dropped.`);
        break;
      }
      default:
        throw new UserFacingError("P1000", `unknown cli subcommand: ${opts.cli}`);
    }
    return 0;
  } catch (error) {
    const { data } = toRpcError(error);
    logStderr("ERROR", data.message, { is_panic: data.is_panic, error_code: data.error_code ?? "P1000" });
    return 1;
  }
}

// --------------------------------------------------------------------------
// JSON-RPC server
// --------------------------------------------------------------------------

async function runRpcServer(opts) {
  const bg = await loadWasmEngine();
  const datamodels = opts.datamodels.length
    ? opts.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")])
    // An empty array panics inside the engine; undefined means "no schema".
    : undefined;

  let adapterFactory;
  if (opts.datasource?.url) {
    const mods = await loadPg();
    adapterFactory = mods.bindMigrationAwareSqlAdapterFactory(createAdapterFactory(mods, opts.datasource));
  } else {
    const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = await import("@prisma/driver-adapter-utils");
    adapterFactory = bindMigrationAwareSqlAdapterFactory(createNoDatabaseFactory(ColumnTypeEnum));
  }
  adapterErrorRegistry = adapterFactory.errorRegistry;

  // Forward engine logs to stderr, where the CLI collects them to explain a
  // crash (it reads `fields.message` and remembers ERROR records).
  const onLog = (line) => {
    if (typeof line === "string" && line.trim().startsWith("{")) process.stderr.write(line.trim() + "\n");
  };

  let engine;
  try {
    engine = await bg.SchemaEngine.new({ datamodels }, onLog, adapterFactory);
  } catch (error) {
    const { data } = toRpcError(error);
    logStderr("ERROR", data.message, { is_panic: data.is_panic, error_code: data.error_code });
    await disposeAll();
    return 1;
  }

  const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");

  // Requests *we* send to the CLI (only `print`), awaiting its response.
  const outgoing = new Map();
  let nextOutgoingId = 1;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextOutgoingId++;
      outgoing.set(id, { resolve, reject });
      send({ jsonrpc: "2.0", id, method, params });
    });

  // Methods the CLI calls that the wasm class names differently or lacks.
  const extraMethods = {
    // The native engine prints the diff through a `print` request and returns
    // stdout: null; `migrate diff --output` relies on capturing that print.
    async diff(params) {
      const result = await engine.diff(params);
      if (result?.stdout != null) {
        await request("print", { content: result.stdout });
      }
      return { ...result, stdout: null };
    },
    // The wasm engine's evaluateDataLoss/createMigration get no shadow
    // database factory: they rely on devDiagnostic having cached the schema
    // produced by *all* migration directories. devDiagnostic only caches the
    // *applied* ones, so when `migrate dev` first applies pending migrations
    // (e.g. after `--create-only`) the cache misses and the engine fails with
    // "PostgreSQL shadow DB must be provided through an external factory".
    // Re-running the (read-only) devDiagnostic now that everything is
    // applied fills the cache, after which a retry succeeds.
    evaluateDataLoss: (params) => withMigrationCacheRetry(params, () => engine.evaluateDataLoss(params)),
    createMigration: (params) => withMigrationCacheRetry(params, () => engine.createMigration(params)),
    getDatabaseVersion: (params) => engine.version(params ?? undefined),
    async createDatabase(params) {
      const url = params?.datasource?.tag === "ConnectionString" ? params.datasource.url : opts.datasource?.url;
      return { databaseName: await createDatabase(parsePostgresUrl(url)) };
    },
  };

  async function withMigrationCacheRetry(params, run) {
    try {
      return await run();
    } catch (error) {
      if (!/shadow DB must be provided through an external factory/.test(error?.message ?? "")) throw error;
      await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return await run();
    }
  }

  async function dispatch(message) {
    const { id, method } = message;
    const params = message.params ?? undefined;
    try {
      let result;
      if (Object.hasOwn(extraMethods, method)) {
        result = await extraMethods[method](params);
      } else if (typeof bg.SchemaEngine.prototype[method] === "function" && !["free", "constructor"].includes(method)) {
        result = await engine[method](params);
      } else {
        if (id !== undefined) send({ jsonrpc: "2.0", id, error: { code: -32601, message: `Method not found: ${method}` } });
        return;
      }
      // JSON-RPC needs a `result` member; void methods (reset, dbExecute…)
      // answer with `{}` like the native engine.
      if (id !== undefined) send({ jsonrpc: "2.0", id, result: result ?? {} });
    } catch (error) {
      if (id !== undefined) send({ jsonrpc: "2.0", id, error: toRpcError(error) });
    }
  }

  // The engine is not re-entrant, and the native binary handles requests one
  // at a time as well, so requests are queued.
  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (message.method === undefined) {
      // A response to one of our own requests.
      const pending = outgoing.get(message.id);
      if (pending) {
        outgoing.delete(message.id);
        if (message.error) pending.reject(new Error(message.error.message ?? "print failed"));
        else pending.resolve(message.result);
      }
      return;
    }
    queue = queue.then(() => dispatch(message));
  });

  // The CLI stops the engine by closing stdin: finish in-flight work, then
  // release everything so the process exits by itself.
  await new Promise((resolve) => rl.once("close", resolve));
  for (const { reject } of outgoing.values()) reject(new Error("stdin closed"));
  await queue;
  try {
    engine.free();
  } catch {
    // already freed or poisoned by a panic — nothing left to release
  }
  await disposeAll();
  return 0;
}

// --------------------------------------------------------------------------
// main
// --------------------------------------------------------------------------

// A panic inside a wasm callback (run from a promise job) cannot be caught by
// the request that caused it. Report it the way the native binary does — an
// ERROR log line with is_panic, exit code 101 — so the CLI shows the panic
// message instead of a bare "unreachable".
process.on("uncaughtException", (error) => {
  const message = lastPanicMessage ?? error?.stack ?? String(error);
  logStderr("ERROR", message, { is_panic: true, backtrace: error?.stack });
  // Still close pools and drop any shadow database, but never hang on it.
  setTimeout(() => process.exit(101), 3000).unref();
  disposeAll().finally(() => process.exit(101));
});

// The CLI ends an RPC session by closing stdin and, on Linux, sending SIGTERM
// right away without waiting; Ctrl-C sends SIGINT to the whole process group.
// Close pools and drop a shadow database still in use (otherwise left behind
// as prisma_migrate_shadow_db_*), bounded so that a signal always ends us.
for (const [signal, exitCode] of [["SIGTERM", 143], ["SIGINT", 130]]) {
  process.once(signal, () => {
    setTimeout(() => process.exit(exitCode), 2000).unref();
    disposeAll().finally(() => process.exit(exitCode));
  });
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (opts.version) {
    process.stdout.write(`schema-engine-cli ${engineCommit()}\n`);
    return 0;
  }
  if (opts.help) {
    process.stdout.write(
      "prisma-schema-engine.mjs: schema-engine protocol on @prisma/schema-engine-wasm\n\n" +
        "  --version\n  [--datamodels <file>…] [--datasource <json>]   JSON-RPC on stdin/stdout\n" +
        "  --datasource <json> cli can-connect-to-database|create-database|drop-database\n",
    );
    return 0;
  }
  if (opts.cli) return runCliSubcommand(opts);
  return runRpcServer(opts);
}

const code = await main();
process.exitCode = code;
// Everything we opened is closed by now, so the event loop should drain and
// the process exit on its own. If something unexpected still holds it open,
// leave anyway (an unref'd timer only fires if something else keeps us alive).
setTimeout(() => {
  logStderr("WARN", "schema engine shim: forcing exit, a handle was left open");
  process.exit(code);
}, 2000).unref();
