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
// Nor the analytic result cache: keys name projects, and another file's database may reuse an id.
delete (globalThis as { touchstoneAnalyticCache?: unknown }).touchstoneAnalyticCache;
// Tests read right after they write: changed data is recomputed at once (the
// refresh interval has tests of its own: lib/db/analytic-cache.test.ts).
process.env.TOUCHSTONE_ANALYTICS_REFRESH_SECONDS ??= "0";
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";

afterAll(async () => {
  const { db } = await import("../client");
  await db.$disconnect();
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
});
