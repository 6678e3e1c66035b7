import { expect, test, type Page } from "@playwright/test";
import { jsonl, openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Uploads through the browser: a dataset in two versions, then bad files that
// must each be refused with row and field named and nothing written.

test.beforeAll(warmUpSignIn);

async function openUpload(page: Page, kind?: string) {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/datasets/upload${kind ? `?kind=${kind}` : ""}`);
  await expect(page.getByRole("heading", { name: "Upload data" })).toBeVisible();
  return base;
}

async function chooseFile(page: Page, name: string, content: string | Buffer, mimeType = "application/octet-stream") {
  await page.getByLabel("Choose a file").setInputFiles({ name, mimeType, buffer: typeof content === "string" ? Buffer.from(content) : content });
  await expect(page.getByTestId("file-name")).toContainText(name);
}

test("an admin uploads a dataset, then a new version with its changes counted", async ({ page }) => {
  const base = await openUpload(page);
  await chooseFile(
    page,
    "e2e-golden.jsonl",
    jsonl([
      { question_id: "e1", turns: ["How do I reset my password?"], reference: ["Use the reset link."] },
      { question_id: "e2", turns: ["Can I get a refund?"], reference: ["Within 30 days."] },
      { question_id: "e3", turns: ["Hi", "Cancel my plan"], category: "billing" },
    ]),
  );
  // MT-Bench shape detected automatically.
  await expect(page.getByLabel("externalId *")).toHaveValue("question_id");
  await expect(page.getByLabel("input *")).toHaveValue("turns");
  await expect(page.getByLabel("tags", { exact: true })).toHaveValue("category");
  await expect(page.getByLabel("Dataset *")).toHaveValue("e2e-golden");
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("All 3 rows are valid")).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("e2e-golden version 1: 3 added, 0 removed, 0 changed.")).toBeVisible();

  // Version 2: e1 changed, e2 removed, e4 added.
  await page.goto(`${base}/datasets/upload`);
  await chooseFile(
    page,
    "e2e-golden.csv",
    'question_id,turns,reference\r\ne1,How do I reset my password?,"Use the link in the email."\r\ne3,"[""Hi"",""Cancel my plan""]",\r\ne4,New question,\r\n',
  );
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("All 3 rows are valid")).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText(/e2e-golden version 2: 1 added, 1 removed, \d changed\./)).toBeVisible();
  await expect(page.getByRole("link", { name: "See what changed" })).toHaveAttribute("href", /datasets\/diff\?from=.+&to=.+/);

  await page.goto(`${base}/datasets`);
  await expect(page.getByRole("heading", { name: "e2e-golden" })).toBeVisible();
  await expect(page.getByText("22 items")).toBeVisible();
});

test("bad files are refused with row and field, and nothing is written", async ({ page }) => {
  const base = await openUpload(page);
  const cases: { name: string; content: string | Buffer; expect: RegExp }[] = [
    { name: "e2e-bad.jsonl", content: '{"id":"a","prompt":"x"}\n{"id":"b","prompt": \n', expect: /Malformed JSON/ },
    { name: "e2e-bad.jsonl", content: jsonl([{ id: "a", prompt: "x" }, { id: "a", prompt: "y" }]), expect: /Duplicate externalId "a"/ },
    { name: "e2e-bad.jsonl", content: jsonl([{ id: "a", prompt: "x" }, { id: "b", prompt: 42 }]), expect: /input is text or a list of chat turns/ },
    { name: "e2e-bad.csv", content: "id,prompt\n1,a\n2,b,c\n", expect: /Ragged row/ },
    { name: "e2e-bad.csv", content: Buffer.concat([Buffer.from("id,prompt\n1,caf"), Buffer.from([0xe9, 0x0a])]), expect: /not valid UTF-8/ },
    { name: "e2e-bad.jsonl", content: "", expect: /The file is empty/ },
  ];
  for (const bad of cases) {
    await page.goto(`${base}/datasets/upload`);
    await chooseFile(page, bad.name, bad.content);
    const checkButton = page.getByRole("button", { name: "Check file" });
    if (await checkButton.isEnabled()) await checkButton.click();
    const issues = page.getByTestId("import-issues");
    await expect(issues).toContainText(bad.expect);
    await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  }
  await page.goto(`${base}/datasets`);
  await expect(page.getByRole("heading", { name: "e2e-bad" })).toHaveCount(0);
});

test("outputs for an unknown item and out-of-range judge scores are refused", async ({ page }) => {
  const base = await openUpload(page, "OUTPUTS");
  await chooseFile(page, "answers.jsonl", jsonl([{ id: "rag-001", output: "fine" }, { id: "no-such-item", output: "x" }]));
  await page.getByLabel("Dataset *").fill("support-golden");
  await page.getByLabel("Run name", { exact: true }).fill("e2e-run");
  await page.getByLabel("Model", { exact: true }).fill("gpt-test");
  await page.getByRole("button", { name: "Check file" }).click();
  const issues = page.getByTestId("import-issues");
  await expect(issues).toContainText('Unknown item "no-such-item"');
  await expect(issues.getByRole("row").filter({ hasText: "no-such-item" })).toContainText("externalId");

  await page.goto(`${base}/datasets/upload?kind=JUDGE_SCORES`);
  await chooseFile(page, "scores.jsonl", jsonl([{ id: "rag-001", run: "support-v1", criterion: "helpfulness", score: 9 }, { id: "rag-001", run: "support-v1", criterion: "verbosity", score: 1 }]));
  await page.getByLabel("Dataset *").fill("support-golden");
  await page.getByLabel("Judge name *").fill("e2e judge");
  await page.getByLabel("Judge model *").fill("gpt-test");
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(issues).toContainText("outside helpfulness's range 1–5");
  await expect(issues).toContainText('Unknown criterion "verbosity"');

  await page.goto(`${base}/datasets`);
  await expect(page.getByRole("cell", { name: "e2e-run" })).toHaveCount(0);
});

test("a mapping can be saved and reused", async ({ page }) => {
  const base = await openUpload(page);
  await chooseFile(page, "hf.jsonl", jsonl([{ uid: "h1", text_in: "Q?", gold: "A." }]));
  await page.getByLabel("input *").selectOption("text_in");
  await page.getByLabel("reference", { exact: true }).selectOption("gold");
  await page.getByLabel("Save this mapping as").fill("HF export");
  await page.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByText("Saved as “HF export”.")).toBeVisible();

  await page.goto(`${base}/datasets/upload`);
  await chooseFile(page, "hf2.jsonl", jsonl([{ uid: "h2", text_in: "Q2?", gold: "A2." }]));
  await page.getByLabel("Use a saved mapping").selectOption({ label: "HF export" });
  await expect(page.getByLabel("input *")).toHaveValue("text_in");
  await expect(page.getByLabel("reference", { exact: true })).toHaveValue("gold");
});

test("API tokens: created in the UI and shown once; a read token cannot import, a write token can", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const projectId = base.split("/").pop()!;
  await page.goto(`${base}/settings`);
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "New API token" })).toBeVisible();

  async function createToken(name: string, scope: "READ" | "WRITE") {
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Scope").selectOption(scope);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText(`Copy the token “${name}” now`)).toBeVisible();
    const secret = (await page.getByTestId("new-token").textContent())!.trim();
    expect(secret).toMatch(/^ts_/);
    return secret;
  }
  const readToken = await createToken("e2e read", "READ");
  await expect(page.getByRole("list", { name: "API tokens" })).toContainText("e2e read");
  const writeToken = await createToken("e2e write", "WRITE");
  // Shown once: after a reload only the prefix remains.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByText(writeToken)).toHaveCount(0);

  const csv = "id,prompt\r\napi-1,Hello?\r\n";
  const url = `/api/v1/projects/${projectId}/items?dataset=e2e-api`;
  const refused = await page.request.post(url, { headers: { authorization: `Bearer ${readToken}`, "content-type": "text/csv" }, data: csv });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ code: "FORBIDDEN" });
  const accepted = await page.request.post(url, { headers: { authorization: `Bearer ${writeToken}`, "content-type": "text/csv" }, data: csv });
  expect(accepted.status()).toBe(200);
  expect(await accepted.json()).toMatchObject({ status: "committed", rows: 1 });

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke e2e write" }).click();
  await expect(page.getByRole("button", { name: "Revoke e2e write" })).toHaveCount(0);
  const revoked = await page.request.post(url, { headers: { authorization: `Bearer ${writeToken}`, "content-type": "text/csv" }, data: csv });
  expect(revoked.status()).toBe(401);
});

test("the OpenAPI document lists the import endpoints", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = await response.json();
  for (const segment of ["items", "outputs", "judge-scores", "labels"]) expect(doc.paths[`/api/v1/projects/{projectId}/${segment}`].post).toBeTruthy();
});

test("a file over the upload limit set in project settings is refused by the page and by the server", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/projects");
  await page.getByLabel("Name").fill(`Upload limit ${Date.now()}`);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(/\/projects\/[^/]+$/);
  const base = new URL(page.url()).pathname;
  const projectId = base.split("/").pop()!;

  await page.goto(`${base}/settings`);
  await page.getByLabel("Upload limit (MB)").fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  // ≈ 1.6 MB of otherwise valid items.
  const tooBig = jsonl(Array.from({ length: 3000 }, (_, i) => ({ id: `big-${i}`, prompt: `Question ${i} `.padEnd(500, "x") })));
  await page.goto(`${base}/datasets/upload`);
  await chooseFile(page, "too-big.jsonl", tooBig);
  await expect(page.getByTestId("import-issues")).toContainText("over this project's upload limit of 1 MB");
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();

  // The server holds the same line for a request that skips the page.
  const response = await page.request.post(`/api/v1/projects/${projectId}/items?dataset=too-big&format=jsonl`, { data: tooBig, headers: { "content-type": "application/octet-stream", origin: new URL(page.url()).origin } });
  expect(response.status()).toBe(413);
  expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  await page.goto(`${base}/datasets`);
  await expect(page.getByText("too-big")).toHaveCount(0);
});
