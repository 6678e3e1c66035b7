import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../embedded-server";
import { applyMigrations } from "../migrate";
import { assertLocalDatabase } from "./local-only";

// One PostgreSQL per test run: migrate a template database once; every test
// file then clones it (worker-setup.ts), which takes ≈80 ms.

export const TEMPLATE = "template_app";

let server: EmbeddedPostgres | undefined;
let tempDir: string | undefined;

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    assertLocalDatabase(adminUrl);
  } else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-test-"));
    fs.chmodSync(tempDir, 0o755);
    server = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "postgres"), preferredPort: 55100 });
    adminUrl = server.urlFor("postgres");
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  await applyMigrations(templateUrl.toString());
  project.provide("adminDatabaseUrl", adminUrl);
}

export async function teardown() {
  await server?.stop();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
