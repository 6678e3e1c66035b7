import { expect, test } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

test("an admin adds a new member, who can then sign in as a reviewer", async ({ page, browser }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/settings`);
  await page.getByLabel("Email").fill("new.expert@touchstone.local");
  await page.getByLabel("Role", { exact: true }).selectOption("REVIEWER");
  await page.getByLabel("Name (new accounts)").fill("Nia Newcomer");
  await page.getByLabel("Initial password (new accounts)").fill("welcome-nia-123");
  await page.getByRole("button", { name: "Add member" }).click();
  const members = page.getByRole("list", { name: "Members" });
  await expect(members.getByText("new.expert@touchstone.local")).toBeVisible();

  // Promote to lead, then check the new account sees the lead's sections.
  await page.getByLabel("Role of Nia Newcomer").selectOption("LEAD");
  await expect(page.getByLabel("Role of Nia Newcomer")).toHaveValue("LEAD");

  const other = await browser.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Email").fill("new.expert@touchstone.local");
  await other.getByLabel("Password").fill("welcome-nia-123");
  await other.getByRole("button", { name: "Sign in" }).click();
  await openDemoProject(other);
  await expect(other.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Dashboards" })).toBeVisible();
  await other.close();
});

test("adding an existing member again says so", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/settings`);
  await page.getByLabel("Email").fill("reviewer@touchstone.local");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already a member" })).toBeVisible();
});
