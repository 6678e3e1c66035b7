import { expect, test } from "@playwright/test";
import { startFakeOpenAI, type FakeOpenAIServer } from "../lib/llm/test/fake-openai-server";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// The app calls the provider from its server, so the spec's own local
// OpenAI-compatible server (127.0.0.1) stands in for a real provider.
let provider: FakeOpenAIServer;
test.beforeAll(async ({ browser }) => {
  provider = await startFakeOpenAI({ apiKey: "sk-right-key", models: ["judge-model"] });
  await warmUpSignIn({ browser });
});
test.afterAll(() => provider.close());

test("the demo project's demo-model connection answers Test connection", async ({ page }) => {
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/settings`);
  await page.getByRole("link", { name: "LLM connections" }).click();
  await expect(page.getByRole("heading", { name: "LLM connections" })).toBeVisible();
  await page.getByRole("button", { name: "Edit Demo model (deterministic, no API key)" }).click();
  await expect(page.getByLabel("Base URL")).toHaveValue("/api/demo-model/v1");
  await page.getByRole("button", { name: "Test connection" }).click();
  const result = page.getByRole("status", { name: "Connection test result" });
  await expect(result).toContainText(/The model answered in \d+ ms \(touchstone-demo/, { timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath("connections-demo-test.png"), fullPage: true });
});

test("an admin adds a connection: a wrong key is refused in plain words, the key is never shown again, an unused connection can be deleted", async ({ page }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  const name = `Local provider ${Date.now()}`;
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  await page.goto(`${base}/settings/connections`);
  await page.getByRole("button", { name: "New connection" }).click();
  const form = page.getByRole("form", { name: "New connection" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Base URL").fill(provider.baseURL);
  await form.getByLabel("API key").fill("sk-wrong-key");
  await form.getByLabel("Model").fill("judge-model");
  await form.getByLabel("Input price (USD / M tokens)").fill("0.5");
  await form.getByLabel("Output price (USD / M tokens)").fill("1.5");

  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("alert", { name: "Connection test result" })).toContainText("The API key was refused (401): Incorrect API key provided.");
  await page.screenshot({ path: test.info().outputPath("connections-bad-key.png"), fullPage: true });

  await form.getByLabel("API key").fill("sk-right-key");
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("status", { name: "Connection test result" })).toContainText("The model answered in");
  await form.getByRole("button", { name: "Create connection" }).click();

  const row = page.getByRole("list", { name: "LLM connections" }).getByRole("listitem").filter({ hasText: name });
  await expect(row).toContainText("API key ending in …-key");
  await expect(row).toContainText("$0.5 / $1.5 per M tokens");
  await expect(page.locator("body")).not.toContainText("sk-right-key");

  // Editing with the key left empty keeps it: the test call still passes.
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("form", { name: "Edit connection" });
  await expect(edit.getByRole("textbox", { name: "API key" })).toHaveValue("");
  await edit.getByRole("button", { name: "Test connection" }).click();
  await expect(edit.getByRole("status", { name: "Connection test result" })).toContainText("The model answered in");

  await page.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(row).toHaveCount(0);
});

test("a lead cannot open the connections screen", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  const response = await page.goto(`${base}/settings/connections`);
  expect(response?.status()).toBe(403);
});
