import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import pg from "pg";

// The e2e server's own database (its runtime.json names it), for set-up,
// assertions the UI cannot show and clean-up; and screenshots when
// E2E_SCREENSHOT_DIR is set.

/** The connection string of the database the e2e server (scripts/start.ts) runs on. */
export function appDatabaseUrl() {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return (JSON.parse(fs.readFileSync(path.join(dir, "runtime.json"), "utf8")) as { databaseUrl: string }).databaseUrl;
}

/** Runs `work` on a client of the app's database, closed afterwards whatever happens. */
export async function withAppDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: appDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on the app's database; its rows (untyped unless T is given, as pg's own rows are). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's default row type: specs read the rows they just selected.
export async function appQuery<T extends pg.QueryResultRow = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  return withAppDb(async (client) => (await client.query<T>(sql, params)).rows);
}

export async function screenshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** A cookie-authenticated POST from the app's own origin (the CSRF check wants it), expected to succeed. */
export async function postAsSession(page: Page, url: string, body: unknown) {
  const response = await page.request.post(url, { data: body, headers: { origin: new URL(page.url()).origin } });
  if (response.status() !== 200) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return response.json();
}
