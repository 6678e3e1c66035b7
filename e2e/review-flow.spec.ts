import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { postAsSession, withAppDb } from "./app-database";
import { openDemoProject, removeDemoDatasets, signIn } from "./fixtures";

// The expert's loop never loses a key (issue 15): 100 pairwise tasks answered
// with keys sent back to back (no wait between presses, none for the screen),
// then the labels checked in the database against what was typed; and a
// network cut in the middle of a submit, after which the label lands once.
// Items and two runs' outputs come in through the REST API; the admin creates
// the setups in the browser and reviews them. Everything is named for this
// spec and removed after it.

const DATASET = "e2e-review-flow";
const TASKS = 100;
test.describe.configure({ mode: "serial" });
test.afterAll(() => removeDemoDatasets([DATASET]));

let base = "";

/** The admin's session, the spec's dataset (100 items, two runs) imported once. */
async function start(page: Page) {
  await signIn(page, "admin");
  base = await openDemoProject(page);
  const api = `/api/v1/projects/${base.split("/").pop()}`;
  const exists = await withAppDb(async (db) => (await db.query(`SELECT 1 FROM "Dataset" WHERE name = $1`, [DATASET])).rowCount);
  if (exists) return;
  const ids = Array.from({ length: TASKS }, (_, i) => `flow-${String(i).padStart(3, "0")}`);
  await postAsSession(page, `${api}/items`, { options: { dataset: DATASET }, rows: ids.map((externalId) => ({ externalId, input: `Question ${externalId}: how do I share a folder?` })) });
  for (const run of ["flow-a", "flow-b"]) {
    await postAsSession(page, `${api}/outputs`, { options: { dataset: DATASET, run, model: `model-${run}` }, rows: ids.map((externalId) => ({ externalId, content: `${run} answers ${externalId}.` })) });
  }
}

/** A pairwise setup asking Helpfulness (per output) and Preference, one reviewer per task, outputs in run order. */
async function createSetup(page: Page, name: string) {
  await page.goto(`${base}/review/setup`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Mode", { exact: true }).selectOption("PAIRWISE");
  await page.getByLabel("Dataset version", { exact: true }).selectOption({ label: `${DATASET} v1 (${TASKS} items)` });
  await page.getByRole("checkbox", { name: /^flow-a/ }).check();
  await page.getByRole("checkbox", { name: /^flow-b/ }).check();
  const criteria = page.getByRole("group", { name: "Criteria reviewers answer" });
  for (const box of await criteria.getByRole("checkbox").all()) await box.uncheck();
  await criteria.getByRole("checkbox", { name: /^Helpfulness/ }).check();
  await criteria.getByRole("checkbox", { name: /^Preference/ }).check();
  await page.getByLabel("Reviewers per task (overlap)").fill("1");
  await page.getByRole("checkbox", { name: /Randomise left\/right order/ }).uncheck();
  await page.getByRole("button", { name: "Create setup and generate tasks" }).click();
  await page.getByRole("link", { name: `Start reviewing ${name}` }).click();
  await expect(page.locator("[data-assignment]")).toBeVisible();
}

/** Every error banner and key hint the screen shows from now on, recorded as it appears. */
async function recordMessages(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __messages: string[] }).__messages = seen;
    const look = () => {
      for (const element of document.querySelectorAll('[role="status"][data-tone="error"], [data-testid="key-hint"]')) {
        const text = element.textContent?.trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { __messages: string[] }).__messages);
}

type StoredLabel = { helpful: Record<string, number>; preference: string };

/** The setup's labels in the order they were stored, answers named by the letters the reviewer saw. */
async function storedLabels(setup: string): Promise<StoredLabel[]> {
  const rows = await withAppDb(async (db) =>
    (
      await db.query(
        `SELECT l.id, a."shownOrder" AS shown, ARRAY(SELECT o."outputId" FROM "ReviewTaskOutput" o WHERE o."taskId" = l."taskId" ORDER BY o.position) AS outputs,
                json_agg(json_build_object('key', c.key, 'output', v."outputId", 'other', v."otherOutputId", 'value', v.value, 'category', v.category)) AS "values"
         FROM "Label" l JOIN "Assignment" a ON a.id = l."assignmentId" JOIN "ReviewTask" t ON t.id = l."taskId" JOIN "ReviewSetup" s ON s.id = t."setupId"
         JOIN "LabelValue" v ON v."labelId" = l.id JOIN "Criterion" c ON c.id = v."criterionId"
         WHERE s.name = $1 GROUP BY l.id, a."shownOrder", l."createdAt" ORDER BY l."createdAt", l.id`,
        [setup],
      )
    ).rows as { shown: number[]; outputs: string[]; values: { key: string; output: string; other: string | null; value: number | null; category: string | null }[] }[],
  );
  return rows.map((row) => {
    const letterOf = (outputId: string) => "AB"[row.shown.findIndex((position) => row.outputs[position] === outputId)]!;
    const helpful: Record<string, number> = {};
    let preference = "";
    for (const value of row.values) {
      if (value.key === "helpfulness") helpful[letterOf(value.output)] = value.value!;
      // Stored in terms of the sorted output ids: A = the smaller id, whatever side it was shown on.
      else preference = value.category === "A" ? letterOf(value.output) : value.category === "B" ? letterOf(value.other!) : value.category!;
    }
    return { helpful, preference };
  });
}

const PREFERENCE_KEYS = ["a", "b", "t", "x"] as const;
const PREFERENCE_STORED: Record<string, string> = { a: "A", b: "B", t: "TIE", x: "BOTH_BAD" };
/** What the reviewer answers on the i-th task: helpfulness of A and B, then the preference (3 answers + Enter). */
const typed = (i: number) => ({ a: 1 + (i % 5), b: 1 + ((i * 3 + 1) % 5), preference: PREFERENCE_KEYS[i % 4]! });

test("100 tasks with keys sent back to back: 100 labels with exactly the answers typed, no key lost, no error", async ({ page }) => {
  test.setTimeout(180_000);
  await start(page);
  await createSetup(page, "e2e flow back to back");
  const messages = await recordMessages(page);

  for (let i = 0; i < TASKS; i++) {
    const answer = typed(i);
    for (const key of [String(answer.a), String(answer.b), answer.preference, "Enter"]) await page.keyboard.press(key);
  }

  await expect(page.getByRole("heading", { name: "Nothing left for you here" })).toBeVisible({ timeout: 60_000 });
  const labels = await storedLabels("e2e flow back to back");
  expect(labels).toHaveLength(TASKS);
  expect(labels).toEqual(Array.from({ length: TASKS }, (_, i) => ({ helpful: { A: typed(i).a, B: typed(i).b }, preference: PREFERENCE_STORED[typed(i).preference] })));
  expect(await messages()).toEqual([]);
});

test("keys typed as soon as each next task shows land on it (the focus never jumps back)", async ({ page }) => {
  test.setTimeout(120_000);
  await start(page);
  await createSetup(page, "e2e flow paced");
  const messages = await recordMessages(page);
  const PACED = 30;
  for (let i = 0; i < PACED; i++) {
    const before = await page.locator("[data-assignment]").getAttribute("data-assignment");
    const answer = typed(i);
    for (const key of [String(answer.a), String(answer.b), answer.preference, "Enter"]) await page.keyboard.press(key);
    // The moment the next task is on screen, its keys come: this is when the screen's own focus move used to pull the focus back.
    if (i < PACED - 1) await expect(page.locator(`[data-assignment]:not([data-assignment="${before}"])`)).toBeVisible();
  }
  await expect.poll(async () => (await storedLabels("e2e flow paced")).length).toBe(PACED);
  expect(await storedLabels("e2e flow paced")).toEqual(Array.from({ length: PACED }, (_, i) => ({ helpful: { A: typed(i).a, B: typed(i).b }, preference: PREFERENCE_STORED[typed(i).preference] })));
  expect(await messages()).toEqual([]);
});

test("a network cut mid-submit keeps the work, says what to do, and the label lands exactly once", async ({ page, context }) => {
  test.setTimeout(90_000);
  await start(page);
  await createSetup(page, "e2e flow network cut");
  const first = await page.locator("[data-assignment]").getAttribute("data-assignment");

  // Guidelines are one key away; a key that does nothing here says so.
  await page.keyboard.press("g");
  await expect(page.getByRole("heading", { name: "Guidelines" })).toBeVisible();
  await expect(page.getByRole("dialog")).toContainText("Which answer would you rather send to the customer?");
  await page.screenshot({ path: path.join(test.info().outputDir, "guidelines-1280.png") });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("heading", { name: "Guidelines" })).toBeHidden();
  await page.keyboard.press("r");
  await expect(page.getByTestId("key-hint")).toHaveText("R does nothing here: this setup hides the reference answer.");

  // The submit reaches the server and is stored, but its answer never comes back.
  let cut = false;
  await page.route("**/review/**/submit", async (route) => {
    if (!cut) {
      cut = true;
      await route.fetch();
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  for (const key of ["5", "1", "b", "Enter"]) await page.keyboard.press(key);
  const banner = page.locator('[role="status"][data-tone="error"]');
  await expect(banner).toHaveText("Your label was not saved: the connection to the server was lost. Your answers are kept here: press Enter to send them again (a label is only ever stored once).");
  await expect(banner).not.toContainText(/c[a-z0-9]{20,}/);
  await expect(page.locator("[data-assignment]")).toHaveAttribute("data-assignment", first!);
  await expect(page.getByRole("radio", { name: /Helpfulness — Output A: 5/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: /Preference: Output B is better/ })).toBeChecked();
  await page.screenshot({ path: path.join(test.info().outputDir, "failed-submit-1280.png") });

  // Still offline: the retry fails the same way and keeps the work again.
  await context.setOffline(true);
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-assignment]")).toHaveAttribute("data-assignment", first!);
  await expect(banner).toContainText("the connection to the server was lost");
  await context.setOffline(false);

  // Back online: the same client id is sent, the stored label is found, the screen moves on.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toBeVisible();
  await expect(page.locator("[data-assignment]")).not.toHaveAttribute("data-assignment", first!);
  const labels = await withAppDb(async (db) => (await db.query(`SELECT COUNT(*)::int AS n FROM "Label" WHERE "assignmentId" = $1`, [first])).rows[0].n as number);
  expect(labels).toBe(1);
  expect(await storedLabels("e2e flow network cut")).toEqual([{ helpful: { A: 5, B: 1 }, preference: "B" }]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("Submit and Skip stay in a bar at the bottom; key hints are hidden", async ({ page }) => {
    await start(page);
    await page.goto(`${base}/review`);
    await page.getByRole("link", { name: "Start reviewing e2e flow network cut" }).click();
    await expect(page.locator("[data-assignment]")).toBeVisible();
    const bar = page.getByTestId("action-bar");
    await expect(bar).toHaveCSS("position", "fixed");
    await expect(bar.getByRole("button", { name: /Submit/ })).toBeInViewport();
    await expect(bar.getByRole("button", { name: /Skip/ })).toBeInViewport();
    await expect(bar.locator("kbd").first()).toBeHidden();
    await page.screenshot({ path: path.join(test.info().outputDir, "review-390.png"), fullPage: false });
  });
});
