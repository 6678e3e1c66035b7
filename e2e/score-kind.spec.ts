import { expect, test } from "@playwright/test";
import { appQuery } from "./app-database";
import { openDemoProject, signIn } from "./fixtures";

// A real-valued score criterion from end to end: an admin creates it in the
// rubric editor with its pass threshold, sets up a review on it, and types
// 8.5 on the review screen with the keyboard; the label stores 8.5.

async function storedScores(criterionKey: string) {
  return appQuery<{ value: number; config: { pass?: { threshold: number } } }>(
    `SELECT v.value, c.config FROM "LabelValue" v JOIN "Criterion" c ON c.id = v."criterionId" WHERE c.key = $1`,
    [criterionKey],
  );
}

test("an admin creates a score criterion, and a review types 8.5 with the keyboard", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);

  await page.goto(`${base}/rubrics/new`);
  await page.getByLabel("Rubric name").fill("MT-Bench scores");
  await page.getByLabel("Name", { exact: true }).fill("Answer quality");
  await page.getByLabel("Key").fill("answer_quality");
  await page.getByLabel("Kind").selectOption({ label: "Score (real number on a range)" });
  await page.getByLabel("Lowest").fill("0");
  await page.getByLabel("Highest").fill("10");
  // The default pass rule is shown (the middle of the range) and editable.
  await expect(page.getByLabel("Passes at or above")).toHaveValue("5");
  await page.getByLabel("Passes at or above").fill("7");
  await page.getByRole("button", { name: "Save rubric" }).click();
  // Saved: the editor reopens on the new rubric, with the settings as stored.
  await expect(page.getByRole("heading", { name: "Edit MT-Bench scores" })).toBeVisible();
  await expect(page.getByLabel("Highest")).toHaveValue("10");
  await expect(page.getByLabel("Passes at or above")).toHaveValue("7");

  await page.goto(`${base}/review/setup`);
  await page.getByLabel("Name", { exact: true }).fill("Quality scores");
  await page.getByLabel("Mode", { exact: true }).selectOption("SINGLE");
  await page.getByLabel("Dataset version", { exact: true }).selectOption({ label: "support-golden v1 (22 items)" });
  await page.getByLabel("Rubric", { exact: true }).selectOption({ label: "MT-Bench scores v1" });
  await page.getByRole("radio", { name: /support-v1/ }).check();
  await page.getByLabel(/Reviewers per task/).fill("1");
  await page.getByRole("button", { name: "Create setup and generate tasks" }).click();
  await page.getByRole("link", { name: "Start reviewing Quality scores" }).click();
  await expect(page.locator("[data-assignment]")).toBeVisible();

  // The score field takes the keyboard at once; the range is checked as one types.
  const score = page.getByRole("spinbutton", { name: /Answer quality.*score from 0 to 10/ });
  await expect(score).toBeFocused();
  await page.keyboard.type("10.5");
  await expect(page.getByRole("alert").filter({ hasText: "10.5 is outside the range 0–10." })).toBeVisible();
  await score.fill("");
  await page.keyboard.type("8.5");
  await expect(page.getByRole("alert").filter({ hasText: "outside" })).toHaveCount(0);
  await page.keyboard.press("Enter"); // keeps the value and moves on
  await expect(score).not.toBeFocused();
  await page.keyboard.press("Enter"); // submits
  await expect.poll(async () => (await storedScores("answer_quality")).map((row) => row.value)).toEqual([8.5]);
  expect((await storedScores("answer_quality"))[0]!.config.pass).toEqual({ threshold: 7 });
});
