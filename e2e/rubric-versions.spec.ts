import { expect, test } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

// A rubric edit makes a new version; the dashboards still show one row per
// criterion key (labels and judge scores are matched across versions by key),
// and the version filter narrows the judge scores to one version's criteria.

test("after a rubric edit the dashboards show one row per criterion key, with a version filter", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);

  // Same criteria and keys, a changed description: the demo rubric has labels, so this is a new version.
  await page.goto(`${base}/rubrics`);
  await page.getByRole("link", { name: "Edit Support answer quality" }).click();
  const latest = Number((await page.getByText(/^Latest version: \d+$/).textContent())!.replace(/\D+/g, ""));
  await page.locator("#c0-description").fill("Does the answer solve the customer's problem? (wording revised)");
  await page.getByRole("button", { name: "Save rubric" }).click();
  await expect(page.getByText(`Latest version: ${latest + 1}`)).toBeVisible({ timeout: 15_000 });

  await page.goto(`${base}/dashboards`);
  const rows = page.getByTestId("agreement-table").locator("tbody tr");
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-row")));
  expect(ids.length).toBeGreaterThan(1);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => id === "gpt-4o quality judge v2|helpfulness")).toHaveLength(1);

  // The new version has no judge scores yet; the first version holds them all.
  const filter = page.getByRole("form", { name: "Rubric version filter" });
  const versions = filter.getByRole("combobox");
  const options = await versions.locator("option").allTextContents();
  expect(options).toEqual(expect.arrayContaining(["every rubric version", "Support answer quality v1"]));
  const newest = options.find((option) => /^Support answer quality v\d+$/.test(option) && option !== "Support answer quality v1")!;
  await versions.selectOption({ label: newest });
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Nothing to compare yet")).toBeVisible();
  await versions.selectOption({ label: "Support answer quality v1" });
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("agreement-table").locator('tbody tr[data-row="gpt-4o quality judge v2|helpfulness"]')).toHaveCount(1);
});
