import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import pg from "pg";

// Helpers of the first-hour specs: clean-up statements on the e2e server's own
// database (runtime.json names it), and screenshots when E2E_SCREENSHOT_DIR is set.

export async function appQuery(sql: string, params: unknown[] = []) {
  const runtime = JSON.parse(fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "runtime.json"), "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: runtime.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
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
