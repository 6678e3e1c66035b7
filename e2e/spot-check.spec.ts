import { expect, test } from "@playwright/test";
import { materialiseSamples, PRODUCTION_DATASET_NAME, PRODUCTION_RUN_NAME } from "../lib/evaluation/production-dataset";
import { appQuery, screenshot, withAppDb } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// Production traffic → spot check → regression item, in the browser. Traffic
// goes in through the REST endpoint and is drawn by an evaluation rule made
// here; the worker's part (materialising the sample and the judge's score) is
// done on the app's database, as the online-judge worker would, so that which
// answer the judge fails is known (e2e/online-judges.spec.ts covers the real
// worker). Everything is picked out by a tag unique to this run and
// removed at the end (the production items stay, as they would in use).

test.beforeAll(warmUpSignIn);

test("traffic is spot-checked blind and a failed answer becomes a golden item with provenance", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = `spot-${Date.now()}`;
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const projectId = base.split("/").at(-1)!;
  const origin = new URL(page.url()).origin;

  const [criterion] = await appQuery(
    `SELECT c.id, c.name, c.kind, c."rubricVersionId" FROM "Criterion" c JOIN "RubricVersion" v ON v.id = c."rubricVersionId" JOIN "Rubric" r ON r.id = v."rubricId"
      WHERE r."projectId" = $1 AND c.kind IN ('BINARY', 'LIKERT') ORDER BY c.kind, v.version DESC LIMIT 1`,
    [projectId],
  );
  const [judge] = await appQuery(`SELECT id FROM "Judge" WHERE "projectId" = $1 ORDER BY "createdAt" LIMIT 1`, [projectId]);
  const ruleName = `rule ${tag}`;
  const [rule] = await appQuery(
    `INSERT INTO "EvaluationRule" (id, "projectId", name, "judgeId", "samplingRate", segments, "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, $3, 1, ARRAY[$4], now()) RETURNING id`,
    [projectId, ruleName, judge.id, tag],
  );

  const rows = [0, 1, 2].map((index) => ({
    id: `${tag}-${index}`,
    timestamp: new Date(Date.now() - (index + 1) * 60_000).toISOString(),
    messages: [{ role: "user", content: `Where is order ${tag}-${index}?` }],
    answer: `Order ${index} was lost.`,
    context: [{ title: "Shipping policy", content: `Orders ship in ${index + 2} days.` }],
    metadata: { segment: tag },
  }));
  const sent = await page.request.post(`/api/v1/projects/${projectId}/traffic`, { data: { rows }, headers: { origin } });
  expect(sent.status()).toBe(200);

  // The worker's part: samples become production items and outputs, the judge fails the first answer.
  await withAppDb(async (client) => {
    await client.query(`INSERT INTO "Dataset" (id, "projectId", name, kind) VALUES (gen_random_uuid()::text, $1, $2, 'PRODUCTION') ON CONFLICT ("projectId", name) DO NOTHING`, [projectId, PRODUCTION_DATASET_NAME]);
    const datasetId = (await client.query(`SELECT id FROM "Dataset" WHERE "projectId" = $1 AND name = $2`, [projectId, PRODUCTION_DATASET_NAME])).rows[0].id;
    await client.query(`INSERT INTO "DatasetVersion" (id, "datasetId", version, "contentHash") VALUES (gen_random_uuid()::text, $1, 1, 'production') ON CONFLICT ("datasetId", version) DO NOTHING`, [datasetId]);
    const versionId = (await client.query(`SELECT id FROM "DatasetVersion" WHERE "datasetId" = $1 AND version = 1`, [datasetId])).rows[0].id;
    await client.query(`INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES (gen_random_uuid()::text, $1, $2, $3, 'production') ON CONFLICT ("datasetVersionId", name) DO NOTHING`, [projectId, versionId, PRODUCTION_RUN_NAME]);
    const runId = (await client.query(`SELECT id FROM "Run" WHERE "datasetVersionId" = $1 AND name = $2`, [versionId, PRODUCTION_RUN_NAME])).rows[0].id;
    const samples = (await client.query(`SELECT id FROM "TrafficSample" WHERE "ruleId" = $1`, [rule.id])).rows.map((row) => row.id as string);
    expect(samples).toHaveLength(3);
    await materialiseSamples(client, projectId, samples, { datasetId, datasetVersionId: versionId, runId });
    const fail = criterion.kind === "BINARY" ? 0 : 1;
    await client.query(
      `INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
       SELECT gen_random_uuid()::text, $2, s."outputId", $3, CASE WHEN i.metadata->'traffic'->>'callerId' = $4 THEN $5::float8 ELSE 5 END
       FROM "TrafficSample" s JOIN "DatasetItem" i ON i.id = s."itemId" WHERE s."ruleId" = $1`,
      [rule.id, judge.id, criterion.id, `${tag}-0`, fail],
    );
    await client.query(`UPDATE "TrafficSample" SET status = 'SCORED' WHERE "ruleId" = $1`, [rule.id]);
  });

  // A spot check from production traffic: single output, blind, drawn from the rule's judged answers.
  await page.goto(`${base}/review/setup`);
  await page.getByRole("radio", { name: "Production traffic" }).check();
  await page.getByLabel("Name").fill(`Spot check ${tag}`);
  await page.getByLabel("Evaluation rule").selectOption({ label: ruleName });
  await page.getByLabel("Periods").selectOption("range");
  await page.getByLabel("Rubric").selectOption(criterion.rubricVersionId);
  const criteria = page.getByRole("group", { name: "Criteria reviewers answer" });
  for (const box of await criteria.getByRole("checkbox").all()) await box.uncheck();
  await criteria.getByRole("checkbox", { name: new RegExp(`^${criterion.name}`) }).check();
  await screenshot(page, "spot-check-form");
  await page.getByRole("button", { name: "Create spot check and draw tasks" }).click();
  await page.getByRole("link", { name: `Start reviewing Spot check ${tag}` }).click();

  // The conversation and the context render as for dataset items; the model stays hidden.
  await expect(page.getByRole("main")).toContainText(new RegExp(`Where is order ${tag}-\\d\\?`));
  await expect(page.getByText("Retrieved context (1 document)")).toBeVisible();
  await expect(page.getByRole("main")).toContainText(/Order \d was lost\./);
  await page.screenshot({ path: test.info().outputPath("spot-check-review.png"), fullPage: true });
  await page.keyboard.press("1");
  await expect(page.getByRole("radio", { name: new RegExp(`^${criterion.name}.*: 1`) }).first()).toBeChecked();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Label submitted" })).toBeVisible();
  const [task] = await appQuery(
    `SELECT count(*)::int AS n, min(t."inclusionProbability") AS p FROM "ReviewTask" t JOIN "ReviewSetup" s ON s.id = t."setupId" WHERE s.name = $1 AND s."projectId" = $2`,
    [`Spot check ${tag}`, projectId],
  );
  expect(task).toEqual({ n: 3, p: 1 });

  // The judge's failure, promoted into a new golden dataset.
  await page.goto(`${base}/traffic/samples?rule=${rule.id}&outcome=failed`);
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.getByRole("checkbox", { name: /^Select the answer of/ }).check();
  await page.getByLabel("Add to golden dataset…").selectOption({ label: "New dataset…" });
  await page.getByLabel("New dataset name").fill(`Regressions ${tag}`);
  await page.getByRole("button", { name: "Add 1 answer" }).click();
  await expect(page.getByRole("status")).toContainText(`Regressions ${tag} version 1: 1 new item.`);
  await screenshot(page, "traffic-samples");
  await page.getByRole("link", { name: "Open the version" }).click();
  await expect(page.getByRole("main")).toContainText("traffic-");

  const [item] = await appQuery(
    `SELECT i."externalId", i.metadata, i."inputTurns" FROM "DatasetItem" i JOIN "DatasetVersion" v ON v.id = i."datasetVersionId" JOIN "Dataset" d ON d.id = v."datasetId" WHERE d."projectId" = $1 AND d.name = $2`,
    [projectId, `Regressions ${tag}`],
  );
  expect(item.inputTurns).toEqual([{ role: "user", content: `Where is order ${tag}-0?` }]);
  expect(item.metadata.provenance).toMatchObject({ callerId: `${tag}-0`, ruleId: rule.id, promotedBy: expect.any(String) });

  await appQuery(`DELETE FROM "Dataset" WHERE "projectId" = $1 AND name = $2`, [projectId, `Regressions ${tag}`]);
  await appQuery(`DELETE FROM "ReviewSetup" WHERE "projectId" = $1 AND name = $2`, [projectId, `Spot check ${tag}`]);
  await appQuery(`DELETE FROM "EvaluationRule" WHERE id = $1`, [rule.id]);
});
