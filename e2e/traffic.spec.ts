import { expect, test } from "@playwright/test";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Production traffic in the browser: rows sent to the REST endpoint show on
// the leads' traffic page and its detail, and an admin saves a masking rule
// (an unsafe one is refused in plain words). The rows are picked out by a tag
// unique to this run; the demo project's masking rules are put back at the end.

test.beforeAll(warmUpSignIn);

test("ingested traffic is listed and rendered; masking rules are saved and refused when unsafe", async ({ page }) => {
  const tag = `e2e-${Date.now()}`;
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const projectId = base.split("/").at(-1)!;
  const origin = new URL(page.url()).origin;

  const rows = [
    {
      id: `${tag}-1`,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
      messages: [{ role: "user", content: `Where is order ${tag}?` }],
      answer: `Order ${tag} ships **tomorrow**.`,
      context: [{ title: "Shipping policy", content: "Orders ship in 2 days." }],
      model: "gpt-e2e",
      appVersion: "9.9.9",
      metadata: { segment: tag },
    },
    { id: `${tag}-2`, timestamp: new Date(Date.now() - 120_000).toISOString(), messages: [{ role: "user", content: "Other question" }], answer: `Other ${tag}`, model: "other-model", metadata: { segment: tag } },
  ];
  const sent = await page.request.post(`/api/v1/projects/${projectId}/traffic`, { data: { rows }, headers: { origin } });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toEqual({ received: 2, inserted: 2, alreadyStored: 0 });

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Traffic", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Traffic", exact: true })).toBeVisible();
  await page.getByLabel("Segment").fill(tag);
  await page.getByLabel("Model").fill("gpt-e2e");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row")).toHaveCount(2); // header + the one matching row
  await expect(page.getByRole("cell", { name: new RegExp(`Where is order ${tag}`) })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("traffic-list.png"), fullPage: true });

  await page.getByRole("row").nth(1).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Production answer" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText(`Where is order ${tag}?`);
  await expect(page.getByText("tomorrow", { exact: true })).toBeVisible(); // markdown rendered: <strong>
  await expect(page.getByText("Retrieved context (1 document)")).toBeVisible();
  await expect(page.getByText("9.9.9")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("traffic-detail.png"), fullPage: true });

  await page.goto(`${base}/settings/traffic`);
  await page.getByRole("button", { name: "Add a rule" }).click();
  await page.getByLabel("Rule 1 pattern").fill("(a+)+b");
  await page.getByRole("button", { name: "Save traffic settings" }).click();
  await expect(page.getByText("Rule 1 ((a+)+b) is refused: a repeated group contains another repetition")).toBeVisible();
  await page.getByLabel("Rule 1 pattern").fill("order \\S+");
  await page.getByLabel("Replacement").fill("order [id]");
  await page.getByRole("button", { name: "Save traffic settings" }).click();
  await expect(page.getByText("Traffic settings saved.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("traffic-settings.png"), fullPage: true });

  // The saved rule applies to the next row sent.
  const masked = await page.request.post(`/api/v1/projects/${projectId}/traffic`, {
    data: { rows: [{ id: `${tag}-3`, timestamp: new Date().toISOString(), messages: [{ role: "user", content: `Where is order ${tag}?` }], answer: "ok", model: "masked-e2e", metadata: { segment: tag } }] },
    headers: { origin },
  });
  expect(masked.status()).toBe(200);
  await page.goto(`${base}/traffic?segment=${tag}&model=masked-e2e`);
  await expect(page.getByRole("cell", { name: /Where is order \[id\]/ })).toBeVisible();

  await page.goto(`${base}/settings/traffic`);
  await expect(page.getByLabel("Rule 1 pattern")).toHaveValue("order \\S+");
  await page.getByRole("button", { name: "Remove rule 1" }).click();
  await page.getByRole("button", { name: "Save traffic settings" }).click();
  await expect(page.getByText("Traffic settings saved.")).toBeVisible();
});
