import { expect, test } from "@playwright/test";
import { openDemoProject, signIn, type DemoRole } from "./fixtures";

// What each demo role may and may not see, checked in a real browser against
// the production build. The server enforces it; the navigation only mirrors it.

const SECTIONS = ["Review", "Dashboards", "Runs", "Judges", "Data", "Traffic", "Rubrics", "Settings"] as const;
const VISIBLE: Record<DemoRole, readonly (typeof SECTIONS)[number][]> = {
  reviewer: ["Review"],
  lead: ["Review", "Dashboards", "Runs", "Judges", "Data", "Traffic", "Rubrics"],
  admin: ["Review", "Dashboards", "Runs", "Judges", "Data", "Traffic", "Rubrics", "Settings"],
};
const PATHS: Record<(typeof SECTIONS)[number], string> = {
  Review: "review",
  Dashboards: "dashboards",
  Runs: "runs",
  Judges: "judges",
  Data: "datasets",
  Traffic: "traffic",
  Rubrics: "rubrics",
  Settings: "settings",
};

for (const role of ["reviewer", "lead", "admin"] as const) {
  test(`${role} sees exactly the sections of their role`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByTestId("current-user")).toBeVisible();
    const base = await openDemoProject(page);
    const nav = page.getByRole("navigation", { name: "Project" });
    for (const section of SECTIONS) {
      const link = nav.getByRole("link", { name: section, exact: true });
      if (VISIBLE[role].includes(section)) await expect(link).toBeVisible();
      else await expect(link).toHaveCount(0);
    }
    // Typing the URL of a hidden section is refused by the server with a 403.
    for (const section of SECTIONS.filter((s) => !VISIBLE[role].includes(s))) {
      const response = await page.goto(`${base}/${PATHS[section]}`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
    }
  });
}

test("the lead sees the judges and the data of the demo", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/dashboards`);
  await expect(page.getByRole("cell", { name: "gpt-4o quality judge", exact: true }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "claude pairwise judge", exact: true }).first()).toBeVisible();
  await page.goto(`${base}/datasets`);
  await expect(page.getByText("22 items")).toBeVisible();
  for (const run of ["support-v1", "support-v2", "support-llama"]) await expect(page.getByRole("cell", { name: run, exact: true })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("admin@touchstone.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
});

test("signed-out visitors are sent to sign-in, and a forged session cookie is ignored", async ({ page, context }) => {
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.addCookies([{ name: "next-auth.session-token", value: "garbage.not.a.jwt", url: "http://localhost:3100" }]);
  const response = await page.goto("/projects");
  expect(response?.status()).toBeLessThan(500);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an unknown project is a 404 page, not an error", async ({ page }) => {
  await signIn(page, "reviewer");
  const response = await page.goto("/projects/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.getByRole("link", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in/);
});
