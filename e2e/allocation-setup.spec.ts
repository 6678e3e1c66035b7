import { expect, test } from "@playwright/test";
import { postAsSession } from "./app-database";
import { openDemoProject, removeDemoDatasets, signIn, warmUpSignIn } from "./fixtures";

// A lead creates an allocation-mode setup in the browser: the form explains the
// mode in plain words and asks for the expected number of items; the setup
// draws some of the dataset's items (how many varies with the draw).

const DATASET = "e2e-allocation";

test.beforeAll(warmUpSignIn);
test.afterAll(() => removeDemoDatasets([DATASET]));

test("an allocation setup is explained, asks for the expected number of items and draws tasks", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const api = `/api/v1/projects/${base.split("/").pop()}`;
  const rows = Array.from({ length: 12 }, (_, i) => ({ externalId: `alloc-${i}`, input: `Question ${i}?`, tags: i % 2 ? ["billing"] : [] }));
  await postAsSession(page, `${api}/items`, { options: { dataset: DATASET }, rows });
  await postAsSession(page, `${api}/outputs`, { options: { dataset: DATASET, run: "alloc-run", model: "model-alloc" }, rows: rows.map((row) => ({ externalId: row.externalId, content: `Answer to ${row.input}` })) });

  await page.goto(`${base}/review/setup`);
  await page.getByLabel("Name", { exact: true }).fill("e2e allocation");
  await page.getByLabel("Mode", { exact: true }).selectOption("SINGLE");
  await page.getByLabel("Dataset version", { exact: true }).selectOption({ label: `${DATASET} v1 (12 items)` });
  await page.getByRole("radio", { name: /^alloc-run/ }).check();
  await page.locator("#setup-strategy").selectOption("allocation");
  await expect(page.getByTestId("allocation-explanation")).toContainText("higher where the project's judges are unsure");
  await page.getByLabel("Expected number of items").fill("6");
  await expect(page.getByText("the count varies a little around this number")).toBeVisible();
  // The extend form does not offer it: a draw needs a setup of its own.
  await expect(page.locator("#extend-strategy option[value=allocation]")).toHaveCount(0);
  await page.getByTestId("allocation-explanation").scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("allocation-setup-form.png"), fullPage: true });

  await page.getByLabel("Reviewers per task (overlap)").fill("1");
  await page.getByRole("button", { name: "Create setup and generate tasks" }).click();
  await page.getByRole("link", { name: "Start reviewing e2e allocation" }).click();
  await expect(page.getByRole("region", { name: /content/ }).first()).toContainText("Answer to Question");
});

test("the metrics help explains calibrated estimates and the allocation draw", async ({ page }) => {
  await signIn(page, "lead");
  await page.goto("/help/metrics#ppi");
  await expect(page.getByRole("heading", { name: /7\.8 Calibrated estimates \(PPI \/ PPI\+\+\)/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Allocation of expert labels" })).toBeVisible();
  await page.getByRole("heading", { name: /7\.8 Calibrated estimates/ }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("metrics-ppi.png") });
});
