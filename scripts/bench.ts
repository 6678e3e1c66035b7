// `npm run bench [-- <prefix>]`: performance figures, one per line as
// `name value unit`. Each file in scripts/bench/*.bench.ts is one benchmark
// with the metric prefixes it reports; a prefix argument runs the matching ones.
// Every benchmark gets its own fresh database on one embedded PostgreSQL
// (or on BENCH_DATABASE_URL's server, which must be local).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded-server";
import { applyMigrations } from "../lib/db/migrate";
import { assertLocalDatabase } from "../lib/db/test/local-only";
import type { Benchmark } from "./bench/types";

async function main() {
  const filter = process.argv[2] ?? "";
  const dir = path.join(import.meta.dirname, "bench");
  const files = fs.readdirSync(dir).filter((file) => file.endsWith(".bench.ts")).sort();
  const benches: Benchmark[] = [];
  for (const file of files) benches.push((await import(path.join(dir, file))).default as Benchmark);
  const selected = benches.filter((bench) => bench.prefixes.some((prefix) => prefix.startsWith(filter) || filter.startsWith(prefix)));
  if (!selected.length) {
    console.error(`No benchmark matches "${filter}". Known prefixes: ${benches.flatMap((b) => b.prefixes).join(", ")}`);
    process.exit(2);
  }

  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  let tempDir: string | undefined;
  if (adminUrl) assertLocalDatabase(adminUrl);
  else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-bench-"));
    fs.chmodSync(tempDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "postgres"), preferredPort: 55500 });
    adminUrl = server.urlFor("postgres");
    stop = () => server.stop();
  }

  try {
    for (const [index, bench] of selected.entries()) {
      const database = `bench_${index}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      await applyMigrations(url.toString());
      await bench.run({
        databaseUrl: url.toString(),
        report: (name, value, unit) => console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`),
        log: (message) => console.error(`  [${bench.prefixes[0]}] ${message}`),
      });
    }
  } finally {
    await stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
