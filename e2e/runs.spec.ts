import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

// Runs pages on the demo: a lead compares support-v1 with support-v2, opens a
// changed item side by side, and reads the leaderboard of all three runs.

async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test("a lead compares two runs and opens a changed item side by side", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(`${base}/runs`);

  // The first two runs of the version are preselected and compared at once.
  await expect(page.getByLabel("Baseline")).toHaveValue(/.+/);
  const heading = page.getByRole("heading", { name: "support-v1 → support-v2" });
  await expect(heading).toBeVisible();
  const criteria = page.getByRole("table", { name: "Per-criterion comparison" });
  await expect(criteria.getByRole("rowheader", { name: /Helpfulness/ })).toBeVisible();
  await expect(criteria.getByRole("rowheader", { name: /Correctness/ })).toBeVisible();
  await shot(page, "runs-comparison");

  // Each changed item says which source decided it; open one.
  const changed = page.getByRole("table", { name: "Items that regressed or improved" });
  await expect(changed.getByText(/reviewers|judge|adjudicated/).first()).toBeVisible();
  await changed.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /^Item / })).toBeVisible();
  await expect(page.getByText("Baseline", { exact: true })).toBeVisible();
  await expect(page.getByText("Candidate", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Judge scores" }).first()).toBeVisible();
  await expect(page.getByText(/Answers the question with concrete steps|Vague or inaccurate/).first()).toBeVisible();
  await shot(page, "runs-item");

  // Swapping in an impossible pair explains itself instead of showing numbers.
  await page.goto(`${base}/runs?baseline=support-v1&candidate=support-v1`);
  await expect(page.getByRole("alert").filter({ hasText: "Baseline and candidate are the same run." })).toBeVisible();
});

test("the leaderboard ranks all three demo runs with intervals and a win-rate matrix", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/runs/leaderboard`);
  const board = page.getByRole("table", { name: "Leaderboard" });
  await expect(board.getByRole("rowheader")).toHaveCount(3);
  await expect(board.getByRole("rowheader").first()).toContainText("support-v2");
  await expect(page.getByText("Anchor: the mean rating is 1000.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Win rate of the row run against the column run" })).toBeVisible();
  await shot(page, "runs-leaderboard");

  await page.getByLabel("Anchor").selectOption({ label: "support-v1 = 1000" });
  await page.getByRole("button", { name: "Update" }).click();
  await expect(page.getByText("Anchor: support-v1 is pinned at 1000.")).toBeVisible();
  await expect(board.getByRole("row").filter({ hasText: "support-v1" }).getByRole("cell").nth(1)).toHaveText("1000");
});

test("factuality and dataset health show the demo's numbers", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/runs/factuality`);
  await expect(page.getByRole("table", { name: "Factuality per run" }).getByRole("rowheader")).toHaveCount(3);
  await page.getByRole("navigation", { name: "Runs" }).getByRole("link", { name: "Dataset health" }).click();
  await expect(page.getByRole("table", { name: "Item difficulty and discrimination" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Suggested core subset" })).toBeVisible();
  // Leads may look but not save: saving a dataset version is for admins.
  await expect(page.getByText("Only project admins can save")).toBeVisible();
  await shot(page, "runs-health");
});
