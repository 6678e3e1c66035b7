import { expect, type Browser, type Page } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-data";
import { appQuery } from "./app-database";

export type DemoRole = (typeof DEMO_USERS)[number]["role"];

export function demoUser(role: DemoRole) {
  return DEMO_USERS.find((user) => user.role === role)!;
}

export async function signIn(page: Page, role: DemoRole) {
  const user = demoUser(role);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
}

export function jsonl(rows: unknown[]) {
  return rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
}

/**
 * A freshly started server on a busy machine answers the first sign-in slowly:
 * a spec's beforeAll warms it up once so the tests' own 5 s expectations hold.
 */
export async function warmUpSignIn({ browser }: { browser: Browser }) {
  const page = await browser.newPage();
  const admin = demoUser("admin");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible({ timeout: 30_000 });
  await page.close();
}

/** Opens the demo project and returns its base path. */
export async function openDemoProject(page: Page) {
  await page.getByRole("link", { name: /Support bot answers/ }).click();
  await expect(page.getByRole("navigation", { name: "Project" })).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * Deletes datasets a spec made in the demo project (their versions, runs,
 * outputs, scores and review setups go with them), so specs that count the
 * demo's runs or pick its defaults see the demo as seeded.
 */
export async function removeDemoDatasets(names: string[]) {
  await appQuery(`DELETE FROM "Dataset" d USING "Project" p WHERE p.id = d."projectId" AND p.name = 'Support bot answers' AND d.name = ANY($1)`, [names]);
}

/** Deletes rubrics a spec made in the demo project (with their versions and criteria). */
export async function removeDemoRubrics(names: string[]) {
  await appQuery(`DELETE FROM "Rubric" r USING "Project" p WHERE p.id = r."projectId" AND p.name = 'Support bot answers' AND r.name = ANY($1)`, [names]);
}

/** Deletes judge definitions a spec made in the demo project (their versions, runs and scores go with them). */
export async function removeDemoJudges(names: string[]) {
  await appQuery(`DELETE FROM "Judge" j USING "Project" p WHERE p.id = j."projectId" AND p.name = 'Support bot answers' AND j.name = ANY($1)`, [names]);
  await appQuery(`DELETE FROM "JudgeDefinition" d USING "Project" p WHERE p.id = d."projectId" AND p.name = 'Support bot answers' AND d.name = ANY($1)`, [names]);
}
