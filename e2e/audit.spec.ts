import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

test("an admin creates a token, finds it in the audit log by action and downloads the CSV", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const tokenName = `Audit check ${Date.now()}`;
  await page.goto(`${base}/settings/tokens`);
  await page.getByLabel("Name").fill(tokenName);
  await page.getByLabel("Scope").selectOption("READ");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible();

  await page.goto(`${base}/settings`);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").selectOption("token.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=token.create/);
  const row = page.getByRole("row").filter({ hasText: tokenName });
  await expect(row).toContainText("API token created");
  await expect(row).toContainText(`Created the READ token “${tokenName}”.`);
  // The filter keeps only token creations.
  await expect(page.getByRole("cell", { name: "Role changed" })).toHaveCount(0);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await fs.readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("when,actor,actorEmail,action,actionCode,object,details,data");
  expect(lines.some((line) => line.includes(tokenName) && line.includes("token.create"))).toBe(true);
  expect(lines.slice(1).every((line) => line.includes("token.create"))).toBe(true);

  await page.screenshot({ path: test.info().outputPath("audit-page.png"), fullPage: true });
});

test("a lead cannot open the audit log", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  const response = await page.goto(`${base}/settings/audit`);
  expect(response?.status()).toBe(403);
  const csv = await page.request.get(`${base}/settings/audit/export`);
  expect(csv.status()).toBe(403);
});
