import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { appDatabaseUrl, appQuery } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Changing one's password on the Account screen (and an invited email's
// first password, set with `npm run set-password`): the browser that changes it
// stays signed in, every other session ends, and only the new password works.
// A dedicated account, so the demo passwords other specs use stay as they are.

const EMAIL = "pat.password@touchstone.local";
const INVITED = "ivy.invited@touchstone.local";
const OLD = "pat-first-password";
const NEW = "pat's brand new passphrase";

async function signInAs(page: Page, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.beforeAll(async ({ browser }) => {
  await appQuery(`DELETE FROM "User" WHERE email = ANY($1)`, [[EMAIL, INVITED]]);
  await warmUpSignIn({ browser });
});

test.afterAll(async () => {
  await appQuery(`DELETE FROM "User" WHERE email = ANY($1)`, [[EMAIL, INVITED]]);
});

test("a new password ends the other sessions and keeps this one", async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/settings`);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Name (new accounts)").fill("Pat Password");
  await page.getByLabel("Initial password (new accounts)").fill(OLD);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("list", { name: "Members" }).getByText(EMAIL)).toBeVisible();

  const elsewhere = await browser.newPage();
  await signInAs(elsewhere, OLD);
  await expect(elsewhere.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();

  const here = await browser.newPage();
  await signInAs(here, OLD);
  await expect(here.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  await here.getByRole("link", { name: "Account" }).click();
  await here.getByLabel("Current password").fill("not my password");
  await here.getByLabel("New password", { exact: true }).fill(NEW);
  await here.getByLabel("New password, again").fill(NEW);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("Wrong password.")).toBeVisible();

  await here.getByLabel("Current password").fill(OLD);
  await here.getByLabel("New password", { exact: true }).fill(NEW);
  await here.getByLabel("New password, again").fill("something else entirely");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("The two new passwords differ.")).toBeVisible();

  await here.getByLabel("New password, again").fill(NEW);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status")).toContainText("Password changed");

  // This browser stays signed in; the other one is signed out at its next request.
  await here.goto("/projects");
  await expect(here.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  await elsewhere.goto("/projects");
  await expect(elsewhere).toHaveURL(/\/sign-in/);

  await signInAs(elsewhere, OLD);
  await expect(elsewhere.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await signInAs(elsewhere, NEW);
  await expect(elsewhere.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  await here.close();
  await elsewhere.close();
});

test("an invited email gets its password with set-password and joins with the invited role at its first sign-in", async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/settings`);
  await page.getByLabel("Email").fill(INVITED);
  await page.getByLabel("Role", { exact: true }).selectOption("LEAD");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("list", { name: "Invitations" }).getByText(INVITED)).toBeVisible();

  const output = execFileSync("node", ["--import", "tsx", "scripts/set-password.ts", INVITED], {
    input: "ivy's first passphrase\n",
    env: { ...process.env, DATABASE_URL: appDatabaseUrl() },
    encoding: "utf8",
  });
  expect(output).toContain(`Created an account for the invited ${INVITED}`);

  const ivy = await browser.newPage();
  await ivy.goto("/sign-in");
  await ivy.getByLabel("Email").fill(INVITED);
  await ivy.getByLabel("Password").fill("ivy's first passphrase");
  await ivy.getByRole("button", { name: "Sign in" }).click();
  await openDemoProject(ivy);
  await expect(ivy.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Dashboards" })).toBeVisible();
  await ivy.close();
});
