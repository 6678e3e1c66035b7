import { expect, test } from "@playwright/test";
import { postAsSession, screenshot } from "./app-database";
import { openDemoProject, removeDemoDatasets, signIn, warmUpSignIn } from "./fixtures";

// The Data page: a version's items are browsed (search, tag, pages, each run's
// output), its note is shown, and the diff with the previous version shows
// what changed inside each changed item.

const DATASET = "e2e-browse";

test.beforeAll(warmUpSignIn);
test.afterAll(() => removeDemoDatasets([DATASET]));

const item = (i: number, reference = `Answer ${i}.`) => ({ externalId: `b${String(i).padStart(2, "0")}`, input: i === 7 ? "How do refunds work?" : `Question number ${i}`, reference, tags: [i % 2 ? "odd" : "even"] });

test("an admin browses a version's items with outputs and sees what changed in the next version", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const api = `/api/v1/projects/${base.split("/").pop()}`;
  const v1 = Array.from({ length: 25 }, (_, i) => item(i));
  await postAsSession(page, `${api}/items`, { options: { dataset: DATASET, note: "First cut" }, rows: v1 });
  await postAsSession(page, `${api}/outputs`, { options: { dataset: DATASET, run: "browse-run" }, rows: v1.map((row) => ({ externalId: row.externalId, content: `browse-run says ${row.externalId}` })) });
  const v2 = v1.map((row, i) => (i === 3 ? item(3, "A better answer.") : row));
  await postAsSession(page, `${api}/items`, { options: { dataset: DATASET, note: "Fixed b03's reference" }, rows: v2 });

  await page.goto(`${base}/datasets`);
  await expect(page.getByText("Fixed b03's reference")).toBeVisible();
  await page.getByRole("link", { name: `Browse items of ${DATASET} version 1` }).click();
  await expect(page.getByRole("heading", { name: `${DATASET} · version 1` })).toBeVisible();
  await expect(page.getByText("First cut")).toBeVisible();
  await expect(page.getByText("25 items · page 1 of 2")).toBeVisible();
  await expect(page.getByTestId("browse-item")).toHaveCount(20);
  const first = page.getByTestId("browse-item").first();
  await first.getByText("Outputs (1 from 1 run)").click();
  await expect(first.getByRole("region", { name: "Output of browse-run" })).toContainText("browse-run says b00");

  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(page.getByTestId("browse-item")).toHaveCount(5);
  await expect(page.getByTestId("browse-item").first()).toContainText("b20");

  // Search by text, then by id with a tag filter.
  await page.getByLabel("Search").fill("refunds");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("browse-item")).toHaveCount(1);
  await expect(page.getByTestId("browse-item")).toContainText("b07");
  await page.getByLabel("Search").fill("b1");
  await page.getByLabel("Tag").selectOption("even");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("5 items match")).toBeVisible();
  await expect(page.getByTestId("browse-item").locator("h2")).toHaveText(["b10", "b12", "b14", "b16", "b18"]);
  await screenshot(page, "data-browse");

  // Version 2 links to its diff; the changed item shows the field that changed, before and after.
  await page.goto(`${base}/datasets`);
  await page.getByRole("link", { name: `Changes since v1 in ${DATASET} version 2` }).click();
  const changes = page.getByTestId("field-changes");
  await expect(changes).toHaveCount(1);
  await expect(changes.getByRole("heading")).toHaveText("b03");
  await expect(changes.getByRole("row", { name: /Reference/ }).getByRole("cell")).toHaveText(["Answer 3.", "A better answer."]);
  await screenshot(page, "data-diff");
});
