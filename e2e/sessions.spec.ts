import { expect, test } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

// The browser side of issue 16 items 9: the app runs under a strict
// script-src (nonce, no unsafe-inline) without a single violation, and
// signing out ends the session for every copy of its cookie.

test("pages carry a nonce-based CSP, every script has the nonce, and nothing is blocked", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/sign-in");
  const policy = response?.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").find((part) => part.trim().startsWith("script-src")) ?? "";
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  expect(nonce).toBeTruthy();
  expect(scriptSrc).not.toContain("unsafe-inline");
  const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

  // Hydrated: the client-side sign-in works, and the charts render.
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/dashboards`);
  await expect(page.getByRole("figure").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("signing out ends the session: a copy of the old cookie no longer signs anyone in", async ({ page, context }) => {
  await signIn(page, "reviewer");
  const copied = await context.cookies();
  // The browser is now known to the account (sign-in throttling spares it).
  expect(copied.find((cookie) => cookie.name === "touchstone-device")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.goto("/sign-out");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await context.addCookies(copied);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});
