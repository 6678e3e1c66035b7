import { expect, test } from "@playwright/test";
import { appQuery, postAsSession, screenshot } from "./app-database";
import { signIn, warmUpSignIn } from "./fixtures";

// An empty project shows the first-hour checklist instead of seven zeros; each
// step links to its screen and ticks itself once its data exists.

const PROJECT = "E2E empty project (checklist)";

test.beforeAll(warmUpSignIn);
test.afterAll(() => appQuery(`DELETE FROM "Project" WHERE name = $1`, [PROJECT]));

test("an empty project shows a checklist whose steps link to their screens and tick themselves", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByLabel("Name").fill(PROJECT);
  await page.getByRole("button", { name: "Create project" }).click();
  const checklist = page.getByRole("list", { name: "Getting started" });
  await expect(checklist).toBeVisible();
  const base = new URL(page.url()).pathname;
  const projectId = base.split("/").pop()!;
  // No row of zeros: the counts wait until there is something to count.
  await expect(page.getByText("Open tasks")).toHaveCount(0);
  await expect(page.getByText("0 of 5 steps done")).toBeVisible();
  const steps = checklist.getByRole("listitem");
  await expect(steps).toHaveCount(5);
  await expect(checklist.getByRole("link", { name: "Create a rubric" })).toHaveAttribute("href", `${base}/rubrics/new`);
  await expect(checklist.getByRole("link", { name: "Upload a dataset and a run's outputs" })).toHaveAttribute("href", `${base}/datasets/upload`);
  await expect(checklist.getByRole("link", { name: "Add reviewers" })).toHaveAttribute("href", `${base}/settings`);
  await expect(checklist.getByRole("link", { name: "Create a review setup" })).toHaveAttribute("href", `${base}/review/setup`);
  await expect(checklist.getByRole("link", { name: "Upload judge scores" })).toHaveAttribute("href", `${base}/datasets/upload?kind=JUDGE_SCORES`);
  await screenshot(page, "checklist-empty");

  // Following a step lands on its screen.
  await checklist.getByRole("link", { name: "Create a rubric" }).click();
  await expect(page).toHaveURL(`${base}/rubrics/new`);

  // Data arrives (through the API here): its step ticks itself, the others stay to do.
  await postAsSession(page, `/api/v1/projects/${projectId}/items`, { options: { dataset: "first" }, rows: [{ externalId: "q1", input: "Hello?" }] });
  await page.goto(base);
  await expect(steps.filter({ hasText: "Upload a dataset" })).toHaveAttribute("data-done", "false");
  await postAsSession(page, `/api/v1/projects/${projectId}/outputs`, { options: { dataset: "first", run: "run-a" }, rows: [{ externalId: "q1", content: "Hi." }] });
  await page.reload();
  await expect(steps.filter({ hasText: "Upload a dataset" })).toHaveAttribute("data-done", "true");
  await expect(steps.filter({ hasText: "Create a rubric" })).toHaveAttribute("data-done", "false");
  await expect(page.getByText("1 of 5 steps done")).toBeVisible();
  // Now there is something to count.
  await expect(page.getByText("Open tasks")).toBeVisible();
  await screenshot(page, "checklist-one-done");
});

test("the demo project, already set up, shows its counts with imported labels counted", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("link", { name: /Support bot answers/ }).click();
  await expect(page.getByRole("list", { name: "Getting started" })).toHaveCount(0);
  const labels = page.locator("dl > div").filter({ hasText: /^Labels/ }).locator("dd");
  const n = ((await appQuery(`SELECT count(*)::int AS n FROM "Label" l JOIN "RubricVersion" v ON v.id = l."rubricVersionId" JOIN "Rubric" r ON r.id = v."rubricId" JOIN "Project" p ON p.id = r."projectId" WHERE p.name = 'Support bot answers'`)) as { n: number }[])[0]!.n;
  const imported = ((await appQuery(`SELECT count(*)::int AS imported FROM "Label" l JOIN "RubricVersion" v ON v.id = l."rubricVersionId" JOIN "Rubric" r ON r.id = v."rubricId" JOIN "Project" p ON p.id = r."projectId" WHERE p.name = 'Support bot answers' AND l.source = 'IMPORT'`)) as { imported: number }[])[0]!.imported;
  expect(imported).toBeGreaterThan(0);
  await expect(labels).toHaveText(n.toLocaleString("en"));
});
