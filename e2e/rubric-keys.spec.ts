import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

// Criterion keys come from names, a key with a history warns before it is
// changed, and leads read rubrics without being able to edit them.

async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test("a new criterion named Factual accuracy gets the key factual_accuracy", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/rubrics/new`);
  // Sorts after the demo rubric and holds no pass/fail kind, so the runs pages keep their defaults.
  await page.getByLabel("Rubric name").fill("Tone review (e2e)");
  await page.getByRole("button", { name: "Add criterion" }).click();
  const name = page.locator("#c1-name");
  const key = page.locator("#c1-key");
  await expect(key).toHaveValue("");
  await name.fill("Factual accuracy");
  await expect(key).toHaveValue("factual_accuracy");
  await page.locator("#c1-kind").selectOption("CATEGORICAL");
  await page.locator("#c1-options").fill("yes\nno");
  // A second criterion with the same name clashes only then: _2.
  await page.getByRole("button", { name: "Add criterion" }).click();
  await page.locator("#c2-name").fill("Factual accuracy");
  await expect(page.locator("#c2-key")).toHaveValue("factual_accuracy_2");
  await shot(page, "rubric-keys-new");
  await page.getByRole("button", { name: "Remove criterion 3" }).click();
  await page.getByRole("button", { name: "Remove criterion 1" }).click();
  await expect(page.locator("#c0-key")).toHaveValue("factual_accuracy");
  await page.getByRole("button", { name: "Save rubric" }).click();
  await expect(page.getByRole("heading", { name: "Edit Tone review (e2e)" })).toBeVisible();
  await expect(page.locator("#c0-key")).toHaveValue("factual_accuracy");
});

test("changing a key that has labels warns that it starts a new series", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/rubrics`);
  await page.getByRole("link", { name: "Edit Support answer quality" }).click();
  const key = page.locator("#c0-key");
  await expect(key).toHaveValue("helpfulness");
  // Renaming the criterion keeps its key.
  await page.locator("#c0-name").fill("Helpful answer");
  await expect(key).toHaveValue("helpfulness");
  await expect(page.getByText("starts a new series")).toHaveCount(0);
  await key.fill("helpful");
  await expect(page.getByRole("status").filter({ hasText: 'Changing the key from "helpfulness" starts a new series' })).toBeVisible();
  await shot(page, "rubric-keys-rename-warning");
  await key.fill("helpfulness");
  await expect(page.getByText("starts a new series")).toHaveCount(0);
});

test("a lead reads a rubric but cannot edit it", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Rubrics", exact: true }).click();
  await expect(page.getByRole("link", { name: "New rubric" })).toHaveCount(0);
  await page.getByRole("link", { name: "View Support answer quality" }).click();
  await expect(page.getByRole("heading", { name: "Support answer quality" })).toBeVisible();
  await expect(page.getByText("read-only", { exact: true })).toBeVisible();
  const criteria = page.getByRole("list", { name: "Criteria" });
  await expect(criteria.getByRole("heading", { name: "1. Helpfulness" })).toBeVisible();
  await expect(criteria.getByText("Complete and clear")).toBeVisible();
  await expect(criteria.getByText("helpfulness", { exact: true })).toBeVisible();
  await expect(criteria.getByText("too casual")).toBeVisible();
  await expect(page.getByRole("link", { name: "Version 1" })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save rubric" })).toHaveCount(0);
  await shot(page, "rubric-read-only");
  // The editor is not reachable by URL either.
  expect((await page.goto(`${base}/rubrics/new`))?.status()).toBe(403);
});
