import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Calibrated estimates on the demo: a lead opens Runs → Calibrated estimates,
// reads the three figures per run × criterion (or "Not enough data" where the
// rule says so), plans labels for a slice, and the REST API answers the same
// figure as the screen.

async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

// The first sign-in after the server starts compiles and hashes slowly on a loaded machine.
test.beforeAll(warmUpSignIn);

test("a lead reads judge-only, experts-only and PPI++ figures and plans labels", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/runs`);
  await page.getByRole("navigation", { name: "Runs" }).getByRole("link", { name: "Calibrated estimates" }).click();
  await expect(page).toHaveURL(`${base}/runs/estimates`);

  const table = page.getByRole("table", { name: "Calibrated estimates per run and criterion" });
  await expect(table).toBeVisible();
  // The demo's three runs, each on its criteria with a pass rule.
  for (const run of ["support-v1", "support-v2"]) await expect(table.getByRole("rowheader", { name: new RegExp(run) }).first()).toBeVisible();
  await expect(table.getByText("uncorrected").first()).toBeVisible();
  // The judge and the sample are stated.
  await expect(page.getByText(/Judge: .+ \(most scores on these runs\)/)).toBeVisible();
  await expect(page.getByText(/every expert-labelled unit, as a uniform sample/)).toBeVisible();
  await expect(page.getByRole("link", { name: "METRICS.md#calibrated-estimates-app" }).first()).toBeVisible();

  // Every row shows either both intervals or the not-enough-data reason, never a bare number.
  const rows = table.locator("tbody tr");
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText(/\[.+, .+\].*\[.+, .+\]|Not enough data/);

  // Win rates on the preference criterion: one row per pair of runs, the same three figures or the reason.
  const winRates = page.getByRole("table", { name: "Calibrated win rates per pair of runs" });
  await expect(winRates.getByRole("rowheader", { name: /support-v1 vs support-v2/ })).toBeVisible();
  const pairRows = winRates.locator("tbody tr");
  for (let i = 0; i < (await pairRows.count()); i++) await expect(pairRows.nth(i)).toContainText(/\[.+, .+\].*\[.+, .+\]|Not enough data/);

  // The budget planner answers per slice (all items, then each tag).
  const planner = page.getByRole("table", { name: "Expert labels needed per slice" });
  await expect(planner.getByRole("rowheader", { name: "All items" })).toBeVisible();
  await expect(planner.getByRole("rowheader", { name: "billing" })).toBeVisible();
  await shot(page, "runs-estimates");

  // A slice narrows the table to the items with that tag, and the URL keeps it.
  await page.getByLabel("Slice").selectOption("billing");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/slice=billing/);
  await expect(page.getByRole("heading", { name: /items tagged “billing”/ })).toBeVisible();

  // The API gives the same figure as the screen's first row.
  const projectId = base.split("/")[2];
  const response = await page.request.get(`/api/v1/projects/${projectId}/estimates?run=support-v1&criterion=helpfulness`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ run: { name: "support-v1" }, criterion: { key: "helpfulness" }, estimator: "ppi" });
  expect(body.n + body.N).toBeGreaterThan(0);
  if (body.notEnoughData) expect(body.ppi).toBeNull();
  else expect(body.ppi.lower).toBeLessThanOrEqual(body.ppi.upper);
  const bad = await page.request.get(`/api/v1/projects/${projectId}/estimates?run=support-v1&criterion=helpfulness&estimator=magic`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).issues[0].field).toBe("estimator");
});
