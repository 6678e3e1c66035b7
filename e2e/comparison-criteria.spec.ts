import path from "node:path";
import { expect, test } from "@playwright/test";
import { postAsSession, withAppDb } from "./app-database";
import { openDemoProject, removeDemoDatasets, removeDemoRubrics, signIn } from "./fixtures";

// "A pairwise task with one preference and two Likert criteria needs at most
// 4 keys" (issue 15). The admin makes a rubric whose two Likert criteria are
// asked once of the comparison, a pairwise setup on it, and reviews by typing
// exactly 4 keys back to back: the preference, two digits and Enter. The
// label holds one value per criterion, all on the pair; the label export
// names both runs. Everything is named for this spec and removed after it.

const DATASET = "e2e-comparison-criteria";
const RUBRIC = "Two-key comparison (e2e)";
const SETUP = "e2e comparison criteria";
const ITEMS = ["cmp-1", "cmp-2"];

test.describe.configure({ mode: "serial" });
test.afterAll(async () => {
  // Labels point at the rubric version: the dataset (and its setups, tasks and labels) goes first.
  await removeDemoDatasets([DATASET]);
  await removeDemoRubrics([RUBRIC]);
});

type StoredValue = { key: string; target: string; output: string; other: string | null; value: number | null; category: string | null; shown: number[]; outputs: string[] };

/** The setup's label values in the order stored, with the task's outputs and the order the reviewer saw them in. */
async function storedValues(setup: string) {
  return withAppDb(async (db) =>
    (
      await db.query<StoredValue>(
        `SELECT c.key, v."targetKey" AS target, v."outputId" AS output, v."otherOutputId" AS other, v.value, v.category, a."shownOrder" AS shown,
                ARRAY(SELECT o."outputId" FROM "ReviewTaskOutput" o WHERE o."taskId" = l."taskId" ORDER BY o.position) AS outputs
         FROM "Label" l JOIN "Assignment" a ON a.id = l."assignmentId" JOIN "ReviewTask" t ON t.id = l."taskId" JOIN "ReviewSetup" s ON s.id = t."setupId"
         JOIN "LabelValue" v ON v."labelId" = l.id JOIN "Criterion" c ON c.id = v."criterionId"
         WHERE s.name = $1 ORDER BY l."createdAt", c.position`,
        [setup],
      )
    ).rows,
  );
}

test("a preference and two Likert criteria asked of the comparison: 4 keys, one label on the pair", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const api = `/api/v1/projects/${base.split("/").pop()}`;

  // The rubric, in the editor: Likert criteria offer "once, about the comparison"; a preference does not.
  await page.goto(`${base}/rubrics/new`);
  await page.getByLabel("Rubric name").fill(RUBRIC);
  await page.locator("#c0-name").fill("Preference");
  await page.locator("#c0-kind").selectOption("PREFERENCE");
  await expect(page.locator("#c0-scope")).toHaveCount(0);
  for (const [index, name] of [[1, "Confidence"], [2, "Size of the difference"]] as const) {
    await page.getByRole("button", { name: "Add criterion" }).click();
    await page.locator(`#c${index}-name`).fill(name);
    await expect(page.locator(`#c${index}-scope`)).toHaveValue("EACH_OUTPUT");
    await page.locator(`#c${index}-scope`).selectOption("COMPARISON");
  }
  await page.screenshot({ path: path.join(test.info().outputDir, "rubric-editor-comparison.png"), fullPage: true });
  await page.getByRole("button", { name: "Save rubric" }).click();
  await expect(page.getByRole("heading", { name: `Edit ${RUBRIC}` })).toBeVisible();
  await expect(page.locator("#c1-scope")).toHaveValue("COMPARISON");

  // Two items answered by two runs.
  await postAsSession(page, `${api}/items`, { options: { dataset: DATASET }, rows: ITEMS.map((externalId) => ({ externalId, input: `Question ${externalId}: can I undo a deleted folder?` })) });
  for (const run of ["cmp-left", "cmp-right"]) {
    await postAsSession(page, `${api}/outputs`, { options: { dataset: DATASET, run, model: `model-${run}` }, rows: ITEMS.map((externalId) => ({ externalId, content: `${run} answers ${externalId}.` })) });
  }

  await page.goto(`${base}/review/setup`);
  await page.getByLabel("Name", { exact: true }).fill(SETUP);
  await page.getByLabel("Mode", { exact: true }).selectOption("PAIRWISE");
  await page.getByLabel("Dataset version", { exact: true }).selectOption({ label: `${DATASET} v1 (${ITEMS.length} items)` });
  await page.getByLabel("Rubric", { exact: true }).selectOption({ label: `${RUBRIC} v1` });
  await page.getByRole("checkbox", { name: /^cmp-left/ }).check();
  await page.getByRole("checkbox", { name: /^cmp-right/ }).check();
  const criteria = page.getByRole("group", { name: "Criteria reviewers answer" });
  await expect(criteria.getByRole("checkbox")).toHaveCount(3);
  await expect(criteria).toContainText("Confidence (likert, once about the comparison)");
  for (const box of await criteria.getByRole("checkbox").all()) await expect(box).toBeChecked();
  await page.getByLabel("Reviewers per task (overlap)").fill("1");
  await page.getByRole("button", { name: "Create setup and generate tasks" }).click();
  await page.getByRole("link", { name: `Start reviewing ${SETUP}` }).click();
  await expect(page.locator("[data-assignment]")).toBeVisible();

  // One field per criterion, the comparison ones beside the preference, each shown once.
  const fieldsets = page.locator("fieldset[id^='field-']");
  await expect(fieldsets).toHaveCount(3);
  await expect(fieldsets.nth(1)).toContainText("Confidence(about the comparison)");
  await expect(fieldsets.nth(2)).toContainText("Size of the difference(about the comparison)");
  await page.screenshot({ path: path.join(test.info().outputDir, "review-comparison-criteria.png"), fullPage: true });

  // Exactly 4 keys, back to back: B is better, confidence 4, difference 2, Enter.
  const first = await page.locator("[data-assignment]").getAttribute("data-assignment");
  for (const key of ["b", "4", "2", "Enter"]) await page.keyboard.press(key);
  await expect(page.locator(`[data-assignment]:not([data-assignment="${first}"])`)).toBeVisible();
  await expect.poll(async () => (await storedValues(SETUP)).length).toBe(3);

  const values = await storedValues(SETUP);
  const pair = values[0]!.target;
  expect(pair).toBe([values[0]!.output, values[0]!.other].join(":"));
  expect(values.map(({ key, target, value, category }) => ({ key, target, value, category }))).toEqual([
    // Stored in terms of the sorted pair: "B" there means the larger output id, so compare runs, not letters.
    { key: "preference", target: pair, value: null, category: values[0]!.category },
    { key: "confidence", target: pair, value: 4, category: null },
    { key: "size_of_the_difference", target: pair, value: 2, category: null },
  ]);
  // The preference names the output shown on the right (B), in terms of the sorted pair.
  const { shown, outputs, output, other, category } = values[0]!;
  const right = outputs[shown[1]!]!;
  expect(category === "A" ? output : category === "B" ? other : category).toBe(right);

  // The label export writes the comparison answers with both runs.
  const exported = await page.request.get(`${api}/exports/labels?format=jsonl`);
  expect(exported.status()).toBe(200);
  const rows = (await exported.text()).trim().split("\n").map((line) => JSON.parse(line) as { criterionKey: string; run: string; otherRun: string; value: number | null; targetKey: string });
  const confidence = rows.filter((row) => row.criterionKey === "confidence" && row.targetKey === pair);
  expect(confidence).toHaveLength(1);
  expect([confidence[0]!.run, confidence[0]!.otherRun].sort()).toEqual(["cmp-left", "cmp-right"]);
  expect(confidence[0]!.value).toBe(4);
});
