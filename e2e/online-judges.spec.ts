import { expect, test } from "@playwright/test";
import { generateApiToken } from "../lib/auth/tokens";
import { DEFAULT_TEMPLATES } from "../lib/judge-runner/template";
import { appQuery } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Online judges through the whole stack as `npm start` runs it: a lead
// creates an evaluation rule in the UI (all matching traffic, a daily cap),
// an application sends traffic with a WRITE token, the worker the launcher
// started scores what fits under the cap on the demo model and skips the
// rest, and the rules page shows both counts; Judges → runs shows the rule's
// batch runs as one row, with its batches a click away. The judge runs on a connection
// made for this spec (the demo model with prices, so the cap binds), removed
// at the end with the spec's judge and token.

const JUDGE = "E2E online judge";
const CONNECTION = "E2E priced demo model";
const RULE = `E2E rule ${Date.now()}`;
const ROWS = 8;

test.beforeAll(warmUpSignIn);
test.afterAll(async () => {
  await appQuery(`DELETE FROM "EvaluationRule" WHERE name = $1`, [RULE]);
  await appQuery(`DELETE FROM "Judge" WHERE name = $1`, [JUDGE]);
  await appQuery(`DELETE FROM "JudgeDefinition" WHERE name = $1`, [JUDGE]);
  await appQuery(`DELETE FROM "LlmConnection" WHERE name = $1`, [CONNECTION]);
  await appQuery(`DELETE FROM "ApiToken" WHERE name = $1`, [JUDGE]);
});

test("a rule made in the UI scores sampled traffic on the worker and counts what the cap skipped", async ({ page }) => {
  test.setTimeout(120_000);
  const [demo] = (await appQuery(`
    SELECT p.id AS "projectId", r.id AS "rubricId", u.id AS "adminId"
    FROM "Project" p JOIN "Rubric" r ON r."projectId" = p.id JOIN "RubricVersion" rv ON rv."rubricId" = r.id
    JOIN "Criterion" c ON c."rubricVersionId" = rv.id AND c.key = 'helpfulness' JOIN "User" u ON u.email = 'admin@touchstone.local'
    WHERE p.name = 'Support bot answers' LIMIT 1`)) as { projectId: string; rubricId: string; adminId: string }[];
  const projectId = demo!.projectId;
  // The demo model, priced at 500 USD per million tokens so that a call costs a few tenths of a dollar.
  await appQuery(
    `WITH c AS (INSERT INTO "LlmConnection" (id, "projectId", name, "baseUrl", model, "inputPricePerMTok", "outputPricePerMTok", "updatedAt")
                VALUES (gen_random_uuid()::text, $1, $2, '/api/demo-model/v1', 'touchstone-demo', 500, 500, now()) RETURNING id),
          d AS (INSERT INTO "JudgeDefinition" (id, "projectId", name, mode, "rubricId", "criterionKey") VALUES (gen_random_uuid()::text, $1, $3, 'POINTWISE', $4, 'helpfulness') RETURNING id)
     INSERT INTO "Judge" (id, "projectId", name, model, "promptVersion", "definitionId", version, "connectionId", template, params)
     SELECT gen_random_uuid()::text, $1, $3, 'touchstone-demo', 'v1', d.id, 1, c.id, $5::jsonb, '{"temperature": 0}'::jsonb FROM c, d`,
    [projectId, CONNECTION, JUDGE, demo!.rubricId, JSON.stringify(DEFAULT_TEMPLATES.POINTWISE)],
  );
  const token = generateApiToken();
  await appQuery(`INSERT INTO "ApiToken" (id, "projectId", name, "tokenHash", prefix, scope, "createdById") VALUES (gen_random_uuid()::text, $1, $2, $3, $4, 'WRITE', $5)`, [
    projectId, JUDGE, token.hash, token.prefix, demo!.adminId,
  ]);

  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Evaluation rules" }).click();
  await expect(page.getByRole("heading", { name: "Evaluation rules", exact: true })).toBeVisible();
  const tag = `e2e-online-${Date.now()}`;
  await page.getByLabel("Name").first().fill(RULE);
  await page.getByLabel("Judge version").first().selectOption({ label: `${JUDGE} v1 (${CONNECTION})` });
  await page.getByLabel("Sampling (% of matching traffic)").first().fill("100");
  await page.getByLabel("Daily cost cap (USD)").first().fill("1");
  await page.getByLabel("Segments").first().fill(tag);
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText("Rule created: matching traffic is judged from now on.")).toBeVisible();
  await expect(page.getByRole("heading", { name: RULE })).toBeVisible();

  const rows = Array.from({ length: ROWS }, (_, index) => ({
    id: `${tag}-${index}`,
    timestamp: new Date(Date.now() - (index + 1) * 1000).toISOString(),
    messages: [{ role: "user", content: `How do I export my data, case ${index}?` }],
    answer: `Open Settings → Export and pick a format (case ${index}).`,
    segment: tag,
  }));
  const sent = await page.request.post(`/api/v1/projects/${projectId}/traffic`, { data: { rows }, headers: { authorization: `Bearer ${token.secret}` } });
  expect(sent.status()).toBe(200);

  // The worker's loop picks the samples up within seconds; the API and the page report the same day.
  type Today = { sampled: number; pending: number; scored: number; skippedCap: number; errors: number };
  let today: Today | undefined;
  await expect
    .poll(async () => {
      const listed = await page.request.get(`/api/v1/projects/${projectId}/evaluation-rules`, { headers: { authorization: `Bearer ${token.secret}` } });
      today = ((await listed.json()) as { rules: { name: string; today: Today }[] }).rules.find((rule) => rule.name === RULE)?.today;
      return today ? today.sampled === ROWS && today.pending === 0 : false;
    }, { timeout: 60_000 })
    .toBe(true);
  expect(today!.scored + today!.skippedCap).toBe(ROWS);
  expect(today!.scored).toBeGreaterThan(0);
  expect(today!.skippedCap).toBeGreaterThan(0);

  await page.goto(`${base}/traffic/rules`);
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: RULE }) });
  await expect(card.getByTestId("today-sampled")).toHaveText(String(ROWS));
  await expect(card.getByTestId("today-scored")).toHaveText(String(today!.scored));
  await expect(card.getByTestId("today-skipped")).toHaveText(String(today!.skippedCap));
  await expect(card.getByRole("progressbar", { name: `Spend against the cap of ${RULE}` })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("evaluation-rules.png"), fullPage: true });

  // Judges → runs: the rule's batch runs are one row, not one row per batch; its batches are a click away.
  await page.goto(`${base}/judges/runs`);
  const online = page.getByRole("list", { name: "Online evaluation rules" });
  const row = online.getByRole("listitem").filter({ has: page.getByRole("link", { name: `Batches of ${RULE}` }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByText(JUDGE, { exact: false })).toBeVisible();
  await expect(row.getByTestId("online-calls")).toHaveText(String(today!.scored));
  await expect(page.getByRole("list", { name: "Judge runs" }).getByRole("link", { name: new RegExp(JUDGE) })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("judge-runs-online.png"), fullPage: true });
  await row.getByRole("link", { name: `Batches of ${RULE}` }).click();
  await expect(page.getByRole("heading", { name: `Online batches of ${RULE}` })).toBeVisible();
  const batches = page.getByRole("list", { name: `Batches of ${RULE}` }).getByRole("link", { name: new RegExp(JUDGE) });
  expect(await batches.count()).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath("judge-runs-online-batches.png"), fullPage: true });
  await page.goto(`${base}/traffic/rules`);

  page.once("dialog", (dialog) => void dialog.accept());
  await card.getByRole("button", { name: `Delete rule ${RULE}` }).click();
  await expect(page.getByRole("heading", { name: RULE })).toHaveCount(0);
});
