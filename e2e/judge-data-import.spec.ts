import { expect, test, type Page } from "@playwright/test";
import { jsonl, openDemoProject, removeDemoDatasets, removeDemoRubrics, signIn, warmUpSignIn } from "./fixtures";

// Real judge output uploaded through the browser as it is: one outputs file
// holding two runs (each row names its run), then judge scores where two
// calls failed (a null score, an error). Both uploads succeed, and the failed
// calls are counted as the judge's errors where judges are listed. Uses its
// own dataset so the demo's runs and figures stay as other specs expect.

test.beforeAll(warmUpSignIn);

async function uploadFile(page: Page, base: string, kind: string, name: string, content: string, options: Record<string, string>, choices: Record<string, string> = {}) {
  await page.goto(`${base}/datasets/upload?kind=${kind}`);
  await expect(page.getByRole("heading", { name: "Upload data" })).toBeVisible();
  await page.getByLabel("Choose a file").setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(content) });
  await expect(page.getByTestId("file-name")).toContainText(name);
  for (const [label, value] of Object.entries(options)) await page.getByLabel(label, { exact: true }).fill(value);
  for (const [label, value] of Object.entries(choices)) await page.getByLabel(label, { exact: true }).selectOption(value);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText(/All \d+ rows are valid/)).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
}

test.afterAll(async () => {
  await removeDemoDatasets(["e2e-judge-data"]);
  await removeDemoRubrics(["Judge data (e2e)"]);
});

test("an outputs file with two runs and judge scores with failed calls import, and the failures are counted", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);

  await uploadFile(page, base, "ITEMS", "e2e-judge-data.jsonl", jsonl([{ id: "jd-1", prompt: "How do I export my data?" }, { id: "jd-2", prompt: "Can I change my plan?" }]), { "Dataset *": "e2e-judge-data" });
  await expect(page.getByText("e2e-judge-data version 1: 2 added")).toBeVisible();

  // No run option: the file's run column names each row's run.
  const outputs = jsonl([
    { id: "jd-1", run: "e2e-run-x", output: "Settings → Export." },
    { id: "jd-2", run: "e2e-run-x", output: "Yes, under Billing." },
    { id: "jd-1", run: "e2e-run-y", output: "Use the export button." },
    { id: "jd-2", run: "e2e-run-y", output: "Contact support." },
  ]);
  await page.goto(`${base}/datasets/upload?kind=OUTPUTS`);
  await page.getByLabel("Choose a file").setInputFiles({ name: "two-runs.jsonl", mimeType: "application/octet-stream", buffer: Buffer.from(outputs) });
  await expect(page.getByLabel("run", { exact: true })).toHaveValue("run");
  await page.getByLabel("Dataset *").fill("e2e-judge-data");
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("All 4 rows are valid")).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("2 runs (e2e-run-x, e2e-run-y): 4 new outputs, 0 updated.")).toBeVisible();

  const scores = jsonl([
    { id: "jd-1", run: "e2e-run-x", criterion: "helpfulness", score: 4 },
    { id: "jd-2", run: "e2e-run-x", criterion: "helpfulness", score: null },
    { id: "jd-1", run: "e2e-run-y", criterion: "helpfulness", error: "timeout after 60 s" },
    { id: "jd-2", run: "e2e-run-y", criterion: "helpfulness", score: 2 },
  ]);
  await uploadFile(page, base, "JUDGE_SCORES", "flaky-judge.jsonl", scores, { "Dataset *": "e2e-judge-data", "Judge name *": "e2e flaky judge", "Judge model *": "gpt-test" });
  await expect(page.getByText("4 scores, of which 2 failed judge calls")).toBeVisible();

  // Counted where judges are listed, and on the judge's own page.
  await page.goto(`${base}/dashboards`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "e2e flaky judge", exact: true }) });
  await expect(row).toContainText("errors: 2 (50 %)");
  await expect(row).toContainText("pointwise");
  await row.getByRole("link", { name: "e2e flaky judge", exact: true }).click();
  await expect(page.getByTestId("judge-errors")).toHaveText("errors: 2 (50 %)");

  // Fractional scores on a real-valued criterion, then pairwise verdicts under the same judge name.
  await page.goto(`${base}/rubrics/new`);
  await page.getByLabel("Rubric name").fill("Judge data (e2e)");
  await page.getByLabel("Name", { exact: true }).fill("Quality score");
  await page.getByLabel("Key").fill("quality_score");
  await page.getByLabel("Kind").selectOption({ label: "Score (real number on a range)" });
  await page.getByLabel("Lowest").fill("0");
  await page.getByLabel("Highest").fill("10");
  await page.getByRole("button", { name: "Save rubric" }).click();
  await expect(page.getByRole("heading", { name: "Edit Judge data (e2e)" })).toBeVisible();
  const fractional = jsonl([
    { id: "jd-1", run: "e2e-run-x", criterion: "quality_score", score: 7.5 },
    { id: "jd-2", run: "e2e-run-x", criterion: "quality_score", score: 8.25 },
  ]);
  const judgeOptions = { "Dataset *": "e2e-judge-data", "Judge name *": "e2e flaky judge", "Judge model *": "gpt-test" };
  await uploadFile(page, base, "JUDGE_SCORES", "fractional.jsonl", fractional, judgeOptions, { "Rubric *": "Judge data (e2e)" });
  await expect(page.getByText(/2 scores/)).toBeVisible();

  const verdicts = jsonl([
    { externalId: "jd-1", runA: "e2e-run-x", runB: "e2e-run-y", criterion: "preference", shownOrder: "AB", verdict: "A" },
    { externalId: "jd-1", runA: "e2e-run-x", runB: "e2e-run-y", criterion: "preference", shownOrder: "BA", verdict: "ERROR" },
  ]);
  await uploadFile(page, base, "JUDGE_SCORES", "verdicts.jsonl", verdicts, judgeOptions, { "Kind of rows": "PAIRWISE", "Rubric *": "Support answer quality" });
  await expect(page.getByText(/2 (scores|verdicts)/)).toBeVisible();

  // One judge with both kinds; its failed calls now count the ERROR verdict too (3 of 8).
  await page.goto(`${base}/dashboards`);
  await expect(row).toContainText("pointwise + pairwise");
  await expect(row).toContainText("errors: 3 (37.5 %)");
});
