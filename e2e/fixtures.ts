import { expect, type Page } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-data";

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

/** Opens the demo project and returns its base path. */
export async function openDemoProject(page: Page) {
  await page.getByRole("link", { name: /Support bot answers/ }).click();
  await expect(page.getByRole("navigation", { name: "Project" })).toBeVisible();
  return new URL(page.url()).pathname;
}
