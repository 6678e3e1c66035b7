import { expect, test } from "@playwright/test";
import { openDemoProject, removeDemoJudges, signIn } from "./fixtures";

// The calibration loop on the demo project with the demo model: a lead
// defines a judge, previews the exact prompt on a real item, saves a new
// version, and tries it on the held-out set; the workbench's figures fill in
// as the worker scores, and a disagreement becomes an example.

const NAME = "E2E helpfulness judge";

test.beforeAll(async ({ request }) => {
  await request.get("/sign-in", { timeout: 60_000 });
});

test.afterAll(async () => {
  await removeDemoJudges([NAME]);
});

test("a lead defines a judge, previews it, saves a version and tries it on the held-out set", async ({ page }) => {
  test.setTimeout(360_000);
  await signIn(page, "lead");
  await openDemoProject(page);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Judges", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Judges", level: 1 })).toBeVisible();

  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Criterion").selectOption({ label: "Helpfulness (likert)" });
  await page.getByRole("button", { name: "Create judge" }).click();
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible({ timeout: 15_000 });

  await page.getByRole("button", { name: "Preview" }).click();
  const user = page.getByLabel("user message");
  await expect(user).toContainText("## Output", { timeout: 15_000 });
  await expect(user).toContainText("Answer with a single JSON object");
  await page.screenshot({ path: test.info().outputPath("editor.png"), fullPage: true });

  await page.getByLabel("System prompt").fill("You are a strict support-quality reviewer. Penalise answers that skip steps.");
  await page.getByLabel("Change note").fill("Stricter about missing steps");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("list", { name: "Versions" })).toContainText("Stricter about missing steps");

  await page.getByRole("button", { name: "Split new items" }).click();
  await expect(page.getByText(/new items split|No new items/)).toBeVisible({ timeout: 15_000 });

  await page.getByRole("link", { name: "Open the workbench" }).click();
  await expect(page.getByRole("heading", { name: "Alignment workbench" })).toBeVisible();
  await page.getByRole("button", { name: "Try on the held-out set" }).click();
  await expect(page.getByText(/v2 is running on the held-out set \(\d+ calls\)/)).toBeVisible({ timeout: 30_000 });
  // The worker scores the held-out units; the page refreshes itself until the run is done.
  await expect(page.getByTestId("run-v2")).toContainText(/^done · (\d+)\/\1 calls/, { timeout: 120_000 });
  await expect(page.getByTestId("units-v2")).toHaveText(/^[1-9][\d,]*$/, { timeout: 15_000 });
  await expect(page.getByTestId("Exact agreement-v2")).toContainText("%");

  // v1 on the same held-out items: then each figure's change from v1 to v2 has a paired interval.
  await page.locator("select[name=version]").selectOption({ label: "v1" });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.getByRole("button", { name: "Try on the held-out set" }).click();
  await expect(page.getByText(/v1 is running on the held-out set \(\d+ calls\)/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-v1")).toContainText(/^done · (\d+)\/\1 calls/, { timeout: 120_000 });
  await page.locator("select[name=version]").selectOption({ label: "v2" });
  await page.locator("select[name=compare]").selectOption({ label: "v1" });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("columnheader", { name: /Change v1 → v2/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("Exact agreement-change")).toContainText(/pts|not enough data/);
  await expect(page.getByTestId("Headline (κ, or Lin's CCC for scores)-change")).toContainText(/\d|not enough data|undefined/);
  await expect(page.getByTestId("Mean absolute error-change")).toContainText(/\d|not enough data/);
  await page.screenshot({ path: test.info().outputPath("workbench.png"), fullPage: true });

  const disagreements = page.getByRole("list", { name: "Disagreements" });
  if (await disagreements.isVisible()) {
    await disagreements.getByRole("button", { name: "Add to example pool" }).first().click();
    await expect(page.getByText(/The held-out set shrank to \d+ items/)).toBeVisible({ timeout: 15_000 });
  }
});

test("a reviewer cannot open the judges screens", async ({ page }) => {
  await signIn(page, "reviewer");
  const base = await openDemoProject(page);
  const response = await page.goto(`${base}/judges`);
  expect(response?.status()).toBe(403);
});
