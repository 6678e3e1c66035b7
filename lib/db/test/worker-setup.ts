import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { assertLocalDatabase } from "./local-only";

// Runs before each test file: a fresh database cloned from the migrated
// template, so files never see each other's rows. DATABASE_URL is set before
// the file imports lib/db/client.

const adminUrl = inject("adminDatabaseUrl");
assertLocalDatabase(adminUrl);
const name = `test_${crypto.randomBytes(6).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE template_app`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
// The Prisma client is cached on globalThis; a file must not inherit the previous file's.
delete (globalThis as { touchstoneDb?: unknown }).touchstoneDb;
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";

afterAll(async () => {
  const { db } = await import("../client");
  await db.$disconnect();
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
});
