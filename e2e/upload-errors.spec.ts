import { expect, test } from "@playwright/test";
import { DEMO_ITEMS } from "../prisma/demo-data";
import { screenshot } from "./app-database";
import { jsonl, openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Upload errors an admin can act on: the browser check finds duplicate rows as
// the server does, identical problems come as one line with their rows, a
// problem with a fix links to it, and obvious options are filled in.

test.beforeAll(warmUpSignIn);

test("identical errors are grouped with a link to their fix; duplicates are caught in the browser", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/datasets/upload?kind=JUDGE_SCORES`);
  const rows = DEMO_ITEMS.map((item) => ({ id: item.externalId, run: "support-v1", criterion: "verbosity", score: 1 }));
  rows.push(rows[0]!);
  await page.getByLabel("Choose a file").setInputFiles({ name: "verbosity-scores.jsonl", mimeType: "application/octet-stream", buffer: Buffer.from(jsonl(rows)) });

  const browser = page.getByTestId("browser-check-issues");
  await expect(browser.getByRole("row").filter({ hasText: "Duplicate" }).getByRole("cell")).toHaveText([
    String(rows.length),
    "criterion",
    `Duplicate score for run "support-v1", item "${DEMO_ITEMS[0]!.externalId}", verbosity (first on row 1).`,
  ]);

  await page.getByLabel("Dataset *").fill("support-golden");
  await page.getByLabel("Judge name *").fill("e2e grouping judge");
  await page.getByLabel("Judge model *").fill("gpt-test");
  const rubric = page.getByLabel("Rubric *");
  if (await rubric.count()) await rubric.selectOption({ label: "Support answer quality" });
  await page.getByRole("button", { name: "Check file" }).click();
  const server = page.getByTestId("import-issues");
  const unknown = server.getByRole("row").filter({ hasText: 'Unknown criterion "verbosity"' });
  // One line for every row, not one line per row.
  await expect(unknown).toHaveCount(1);
  await expect(unknown.getByRole("cell").first()).toHaveText(`${rows.length} rows: 1, 2, 3, 4, 5 …`);
  await expect(unknown.getByRole("link", { name: "Open the rubrics →" })).toHaveAttribute("href", `${base}/rubrics`);
  await screenshot(page, "upload-grouped-errors");
  await unknown.getByRole("link", { name: "Open the rubrics →" }).click();
  await expect(page).toHaveURL(`${base}/rubrics`);
});

test("the run of an outputs file is named after the file when no column names it", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/datasets/upload?kind=OUTPUTS`);
  await page.getByLabel("Choose a file").setInputFiles({ name: "support-v9.jsonl", mimeType: "application/octet-stream", buffer: Buffer.from(jsonl([{ id: "rag-001", output: "fine" }])) });
  await expect(page.getByLabel("Run name", { exact: true })).toHaveValue("support-v9");
  // A file whose rows name their run empties the option filled from the earlier file's name.
  await page.getByLabel("Choose a file").setInputFiles({ name: "two-runs.jsonl", mimeType: "application/octet-stream", buffer: Buffer.from(jsonl([{ id: "rag-001", run: "a", output: "x" }])) });
  await expect(page.getByTestId("file-name")).toContainText("two-runs.jsonl");
  await expect(page.getByLabel("Run name", { exact: true })).toHaveValue("");
});
