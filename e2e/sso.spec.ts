import { expect, test, type Page } from "@playwright/test";
import { appQuery } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";
import { SSO_PEOPLE, startTestOidcProvider } from "./oidc-provider";

// Single sign-on end to end, against a real OIDC provider on loopback (the
// app is configured for it in playwright.config.ts): the authorization code
// flow with PKCE, state and nonce, the ID token checked by the app, and what
// the app makes of the person: a first sign-in gets no project access, an
// invited email joins with its role, an unverified email is refused, and
// signing out ends the session.

let provider: Awaited<ReturnType<typeof startTestOidcProvider>>;
const ssoEmails = Object.values(SSO_PEOPLE).map((person) => person.email);

async function forgetSsoPeople() {
  await appQuery(`DELETE FROM "User" WHERE email = ANY($1)`, [ssoEmails]);
  await appQuery(`DELETE FROM "Invitation" WHERE email = ANY($1)`, [ssoEmails]);
}

test.beforeAll(async ({ browser }) => {
  provider = await startTestOidcProvider(process.env.E2E_OIDC_ISSUER!, `http://localhost:${process.env.E2E_PORT ?? 3100}`);
  await forgetSsoPeople();
  await warmUpSignIn({ browser });
});

test.afterAll(async () => {
  await forgetSsoPeople();
  await provider?.close();
});

test.describe.configure({ timeout: 60_000 });

/** Through the app's button to the issuer's login form and back. */
async function signInWithSso(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible({ timeout: 20_000 });
  expect(new URL(page.url()).origin).toBe(process.env.E2E_OIDC_ISSUER);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function demoProjectPath(page: Page) {
  await signIn(page, "admin");
  return openDemoProject(page);
}

test("a first SSO sign-in gets an account with no project access", async ({ page, browser }) => {
  const admin = await browser.newPage();
  const demo = await demoProjectPath(admin);
  await admin.close();

  await signInWithSso(page, SSO_PEOPLE.newcomer.email);
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("current-user")).toContainText(SSO_PEOPLE.newcomer.name);
  await expect(page.getByText("You have no projects yet — ask an admin")).toBeVisible();
  await expect(page.getByRole("link", { name: /Support bot answers/ })).toHaveCount(0);

  const response = await page.goto(demo);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("navigation", { name: "Project" })).toHaveCount(0);
  // The account has no password to change: it lives at the identity provider.
  await page.goto("/account");
  await expect(page.getByText("You sign in through single sign-on")).toBeVisible();
});

test("an invited email joins the project with the invited role at its first SSO sign-in", async ({ page, browser }) => {
  const admin = await browser.newPage();
  const demo = await demoProjectPath(admin);
  await admin.goto(`${demo}/settings`);
  await admin.getByLabel("Email").fill(SSO_PEOPLE.invited.email);
  await admin.getByLabel("Role", { exact: true }).selectOption("LEAD");
  await admin.getByRole("button", { name: "Add member" }).click();
  await expect(admin.getByRole("list", { name: "Invitations" }).getByText(SSO_PEOPLE.invited.email)).toBeVisible();

  await signInWithSso(page, SSO_PEOPLE.invited.email);
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 20_000 });
  await openDemoProject(page);
  // A lead sees the dashboards; settings stay the admin's.
  const nav = page.getByRole("navigation", { name: "Project" });
  await expect(nav.getByRole("link", { name: "Dashboards" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);

  await admin.reload();
  await expect(admin.getByRole("list", { name: "Members" }).getByText(SSO_PEOPLE.invited.email)).toBeVisible();
  await expect(admin.getByRole("list", { name: "Invitations" })).toHaveCount(0);
  await admin.close();
});

test("an email the issuer has not verified is refused, with the reason", async ({ page }) => {
  await signInWithSso(page, SSO_PEOPLE.unverified.email);
  await expect(page).toHaveURL(/\/sign-in\?error=SsoEmailNotVerified/, { timeout: 20_000 });
  await expect(page.getByRole("alert").filter({ hasText: "did not confirm your email address" })).toBeVisible();
});

test("signing out ends an SSO session: a copy of its cookie signs nobody in", async ({ page, context }) => {
  await signInWithSso(page, SSO_PEOPLE.newcomer.email);
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible({ timeout: 20_000 });
  const copied = await context.cookies();
  await page.goto("/sign-out");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await context.addCookies(copied);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in/);
});
