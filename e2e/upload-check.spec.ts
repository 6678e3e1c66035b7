import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { demoUser, openDemoProject, signIn } from "./fixtures";

// The upload screen checks the whole file in a Web Worker: a 50 MB file is
// read to the end with a progress bar and its problems listed, while the page
// keeps answering input. And a Label Studio export uploads as labels, with
// its users mapped to members on the same screen.

const BAR = '[role="progressbar"][aria-label="Checking the file in your browser"]';

async function openUpload(page: Page, kind?: string) {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/datasets/upload${kind ? `?kind=${kind}` : ""}`);
  await expect(page.getByRole("heading", { name: "Upload data" })).toBeVisible();
}

/** ~50 MB of dataset items (prompts ~500 characters, references ~300), with three bad rows. */
function writeBigFile() {
  const file = path.join(os.tmpdir(), `touchstone-upload-check-${process.pid}.jsonl`);
  const out = fs.openSync(file, "w");
  const prompt = "How do I move my workspace to another region without losing history? ".repeat(7).slice(0, 500);
  const reference = "Open Admin → Workspace → Region, pick the new region and confirm; history moves with it. ".repeat(4).slice(0, 300);
  let lines: string[] = [];
  let total = 0;
  let line = 0;
  while (total < 50 * 1024 * 1024) {
    line++;
    let text: string;
    if (line === 7) text = JSON.stringify({ id: `big-${line}`, reference }); // no prompt
    else if (line === 30_000) text = `{"id": "big-${line}", "prompt": `; // malformed
    else if (line === 55_000) text = JSON.stringify({ id: `big-${line}`, prompt, tags: 5 }); // wrong type
    else text = JSON.stringify({ id: `big-${line}`, prompt: `${line}: ${prompt}`, reference, tags: ["bulk"] });
    lines.push(text);
    total += text.length + 1;
    if (lines.length === 5000) {
      fs.writeSync(out, lines.join("\n") + "\n");
      lines = [];
    }
  }
  fs.writeSync(out, lines.join("\n") + "\n");
  fs.closeSync(out);
  return { file, lines: line };
}

test("a 50 MB file is checked in the browser while the page stays responsive", async ({ page }) => {
  test.setTimeout(240_000);
  const big = writeBigFile();
  try {
    await openUpload(page);
    // Probe: frame gaps and input events while the check's progress bar is on screen, and every value it shows.
    await page.evaluate((bar) => {
      const probe = { frames: 0, maxGap: 0, inputsWhileChecking: 0, values: [] as string[] };
      (window as unknown as { probe: typeof probe }).probe = probe;
      let last = performance.now();
      const loop = (now: number) => {
        if (document.querySelector(bar)) {
          probe.frames++;
          probe.maxGap = Math.max(probe.maxGap, now - last);
        }
        last = now;
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      document.addEventListener("input", () => {
        if (document.querySelector(bar)) probe.inputsWhileChecking++;
      });
      new MutationObserver(() => {
        const value = document.querySelector(bar)?.getAttribute("aria-valuenow");
        if (value && probe.values.at(-1) !== value) probe.values.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
    }, BAR);

    await page.getByLabel("Choose a file").setInputFiles(big.file);
    await expect(page.getByTestId("file-name")).toContainText(/ 5\d\.\d MB/);
    await expect(page.locator(BAR)).toBeVisible({ timeout: 30_000 });
    // The page answers input while the worker reads the file.
    const field = page.getByLabel("Save this mapping as");
    await field.pressSequentially("typed while checking");
    await expect(field).toHaveValue("typed while checking");

    await expect(page.getByTestId("browser-check")).toContainText(`Checked in your browser: ${(big.lines - 1).toLocaleString("en")} rows, 3 problems`, { timeout: 180_000 });
    const issues = page.getByTestId("browser-check-issues");
    const cells = (text: string) => issues.getByRole("row").filter({ hasText: text }).getByRole("cell");
    await expect(cells("Required: input")).toHaveText(["7", "input", /Required: input/]);
    await expect(cells("Malformed JSON")).toHaveText(["30000", "(row)", /Malformed JSON/]);
    await expect(cells("expected array")).toHaveText(["55000", "tags", /expected array/]);

    const probe = await page.evaluate(() => (window as unknown as { probe: { frames: number; maxGap: number; inputsWhileChecking: number; values: string[] } }).probe);
    test.info().annotations.push({ type: "probe", description: `frames ${probe.frames}, longest frame gap ${Math.round(probe.maxGap)} ms, progress values ${probe.values.join(" ")}` });
    if (process.env.UPLOAD_SCREENSHOT) await page.screenshot({ path: process.env.UPLOAD_SCREENSHOT, fullPage: true });
    // Typing landed while the check was running, frames kept coming, and the bar moved through intermediate values.
    expect(probe.inputsWhileChecking).toBeGreaterThan(0);
    expect(probe.frames).toBeGreaterThan(5);
    expect(probe.maxGap).toBeLessThan(5_000);
    const percents = probe.values.map(Number);
    expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(2);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  } finally {
    fs.rmSync(big.file, { force: true });
  }
});

test("a Label Studio export is checked as labels, its user mapped to a member, then validated by the server", async ({ page }) => {
  await openUpload(page, "LABELS");
  const tasks = [
    {
      id: 301,
      data: { externalId: "rag-001", run: "support-v1", prompt: "…", answer: "…" },
      annotations: [
        {
          id: 9001,
          completed_by: 42,
          result: [
            { id: "r1", from_name: "helpfulness", to_name: "answer", type: "rating", value: { rating: 4 } },
            { id: "r2", from_name: "safe", to_name: "answer", type: "choices", value: { choices: ["pass"] } },
            { id: "r3", from_name: "comment", to_name: "answer", type: "textarea", value: { text: ["Cites the policy."] } },
          ],
          was_cancelled: false,
          lead_time: 31.4,
          created_at: "2025-03-04T09:12:40Z",
          updated_at: "2025-03-04T09:13:11Z",
        },
        { id: 9002, completed_by: 44, result: [{ from_name: "helpfulness", type: "rating", value: { rating: 1 } }], was_cancelled: true },
      ],
      predictions: [],
    },
    // Past the 20 rows the preview reads: only the whole-file check in the browser sees user 43.
    ...Array.from({ length: 23 }, (_, i) => ({ id: 302 + i, data: { externalId: "rag-001", run: "support-v1" }, annotations: [{ id: 9100 + i, completed_by: 44, result: [], was_cancelled: true }] })),
    {
      id: 325,
      data: { externalId: "rag-001", run: "support-v1" },
      annotations: [{ id: 9200, completed_by: 43, result: [{ id: "r9", from_name: "helpfulness", to_name: "answer", type: "rating", value: { rating: 2 } }], was_cancelled: false, lead_time: 12 }],
    },
  ];
  await page.getByLabel("Choose a file").setInputFiles({ name: "project-7-export.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tasks)) });
  await expect(page.getByTestId("file-name")).toContainText("project-7-export.json");

  // Users 42 and 43 have no email in the export: the browser check says so, naming the task's row and the place in the task.
  const issues = page.getByTestId("browser-check-issues");
  await expect(issues.getByRole("row").filter({ hasText: "user 42" }).getByRole("cell")).toHaveText(["1", "annotations.0.completed_by", /^Task 301, annotation 9001: Label Studio user 42 has no email/]);
  await expect(issues.getByRole("row").filter({ hasText: "user 43" }).getByRole("cell")).toHaveText(["25", "annotations.0.completed_by", /^Task 325, annotation 9200: Label Studio user 43 has no email/]);
  // Both authors are offered for mapping (43 only once the whole file was read); the cancelled annotations' author is not.
  const mappingPanel = page.getByTestId("label-studio-mapping");
  await mappingPanel.getByLabel("Label Studio user 42").selectOption(demoUser("reviewer").email);
  await mappingPanel.getByLabel("Label Studio user 43").selectOption(demoUser("lead").email);
  await expect(mappingPanel.getByLabel("Label Studio user 44")).toHaveCount(0);
  await expect(page.getByTestId("browser-check")).toContainText("Checked in your browser: 3 rows, no problems");

  if (process.env.UPLOAD_SCREENSHOT) await page.screenshot({ path: process.env.UPLOAD_SCREENSHOT.replace(/\.png$/, "-ls.png"), fullPage: true });
  await page.getByLabel("Dataset *").fill("support-golden");
  // Other specs add rubrics to the demo project: the labels are for the demo's own.
  const rubric = page.getByLabel("Rubric *");
  if (await rubric.count()) await rubric.selectOption({ label: "Support answer quality" });
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("All 3 rows are valid")).toBeVisible({ timeout: 15_000 });
});
