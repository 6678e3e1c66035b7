import { expect, test } from "@playwright/test";
import PgBoss from "pg-boss";
import { appDatabaseUrl, appQuery, screenshot } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// A drift in the browser: an evaluation rule on the demo project samples a
// segment unique to this run; its traffic is sent through the REST endpoint
// (ingest draws the samples), the samples get outputs and judge scores (90 %
// pass three days ago, 25 % in the last hours), and the worker's drift job —
// queued here instead of waiting for its 10-minute schedule — raises an
// alert that the monitoring page shows, links to the failed answers and
// lets a lead acknowledge. Everything it adds is removed at the end.

test.beforeAll(warmUpSignIn);

const HOUR = 3_600_000;

async function queueDriftCheck() {
  const boss = new PgBoss({ connectionString: appDatabaseUrl(), schema: "pgboss", max: 1, supervise: false, schedule: false, migrate: false });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await boss.send("monitor-drift", {});
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

test("a drifting segment raises an alert shown on the monitoring page", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = `mon-${Date.now()}`;
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const projectId = base.split("/").at(-1)!;
  const origin = new URL(page.url()).origin;

  const [rubric] = await appQuery(`INSERT INTO "Rubric" (id, "projectId", name) VALUES (gen_random_uuid()::text, $1, $2) RETURNING id`, [projectId, `Monitoring ${tag}`]);
  const [version] = await appQuery(`INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES (gen_random_uuid()::text, $1, 1) RETURNING id`, [rubric.id]);
  const [criterion] = await appQuery(`INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, position) VALUES (gen_random_uuid()::text, $1, 'safe', 'Safe', 'BINARY', 0) RETURNING id`, [version.id]);
  const [connection] = await appQuery(`INSERT INTO "LlmConnection" (id, "projectId", name, "baseUrl", model, "isDemo", "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, '/api/demo-model/v1', 'demo', true, now()) RETURNING id`, [projectId, tag]);
  const [definition] = await appQuery(`INSERT INTO "JudgeDefinition" (id, "projectId", name, mode, "rubricId", "criterionKey") VALUES (gen_random_uuid()::text, $1, $2, 'POINTWISE', $3, 'safe') RETURNING id`, [projectId, tag, rubric.id]);
  const [judge] = await appQuery(
    `INSERT INTO "Judge" (id, "projectId", name, model, "definitionId", version, "connectionId", template) VALUES (gen_random_uuid()::text, $1, $2, 'demo', $3, 1, $4, '{"system":"Judge.","user":"{{output}}"}') RETURNING id`,
    [projectId, tag, definition.id, connection.id],
  );
  const ruleName = `Safety ${tag}`;
  const [rule] = await appQuery(`INSERT INTO "EvaluationRule" (id, "projectId", name, "judgeId", "samplingRate", segments, "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, $3, 1, ARRAY[$4], now()) RETURNING id`, [projectId, ruleName, judge.id, tag]);

  try {
    const row = (i: number, at: number) => ({ id: `${tag}-${i}`, timestamp: new Date(at).toISOString(), messages: [{ role: "user", content: `Question ${i}` }], answer: `Answer ${i}`, metadata: { segment: tag } });
    const rows = [...Array.from({ length: 60 }, (_, i) => row(i, Date.now() - 3 * 24 * HOUR)), ...Array.from({ length: 40 }, (_, i) => row(100 + i, Date.now() - 2 * HOUR))];
    const sent = await page.request.post(`/api/v1/projects/${projectId}/traffic`, { data: { rows }, headers: { origin } });
    expect(sent.status()).toBe(200);

    // The online judge's part, written as it would: an output per sample and a JudgeScore (pass = 1) on it.
    const [dataset] = await appQuery(`INSERT INTO "Dataset" (id, "projectId", name) VALUES (gen_random_uuid()::text, $1, $2) RETURNING id`, [projectId, tag]);
    const [datasetVersion] = await appQuery(`INSERT INTO "DatasetVersion" (id, "datasetId", version, "contentHash") VALUES (gen_random_uuid()::text, $1, 1, $2) RETURNING id`, [dataset.id, tag]);
    const [run] = await appQuery(`INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES (gen_random_uuid()::text, $1, $2, 'production', 'prod') RETURNING id`, [projectId, datasetVersion.id]);
    await appQuery(
      `WITH s AS (SELECT s.id, s."eventId", row_number() OVER (ORDER BY s."occurredAt", s."eventId") AS k FROM "TrafficSample" s WHERE s."ruleId" = $1),
       i AS (INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash") SELECT gen_random_uuid()::text, $2, s."eventId"::text, s.k, 'q', ARRAY[]::text[], s."eventId"::text FROM s RETURNING id, "externalId"),
       o AS (INSERT INTO "Output" (id, "runId", "itemId", turn, content) SELECT gen_random_uuid()::text, $3, i.id, 0, 'a' FROM i RETURNING id, "itemId")
       UPDATE "TrafficSample" t SET "itemId" = i.id, "outputId" = o.id, status = 'SCORED' FROM i JOIN o ON o."itemId" = i.id WHERE t."ruleId" = $1 AND t."eventId"::text = i."externalId"`,
      [rule.id, datasetVersion.id, run.id],
    );
    // Baseline: 54 of 60 pass; recent: 10 of 40.
    await appQuery(
      `INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
       SELECT gen_random_uuid()::text, $2, s."outputId", $3, CASE WHEN s."occurredAt" < now() - interval '1 day' THEN (CASE WHEN k <= 54 THEN 1 ELSE 0 END) ELSE (CASE WHEN k - 60 <= 10 THEN 1 ELSE 0 END) END
       FROM (SELECT *, row_number() OVER (ORDER BY "occurredAt", "eventId") AS k FROM "TrafficSample" WHERE "ruleId" = $1) s`,
      [rule.id, judge.id, criterion.id],
    );

    await queueDriftCheck();
    await page.goto(`${base}/traffic/monitoring?rule=${rule.id}&segment=${tag}`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("listitem").filter({ hasText: `${ruleName} · ${tag}: pass rate 90.0 % → 25.0 %` })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByRole("heading", { name: `${ruleName}: Safe pass rate per day` })).toBeVisible();
    const driftRow = page.getByRole("row").filter({ hasText: ruleName }).filter({ has: page.getByRole("cell", { name: tag, exact: true }) });
    await expect(driftRow.getByText("drifting")).toBeVisible();
    await expect(driftRow.getByRole("link", { name: "Failed answers" })).toHaveAttribute("href", new RegExp(`/traffic/samples\\?rule=${rule.id}&from=\\d{4}-\\d{2}-\\d{2}&to=\\d{4}-\\d{2}-\\d{2}&segment=${tag}&outcome=failed$`));
    await screenshot(page, "traffic-monitoring");
    await page.screenshot({ path: test.info().outputPath("traffic-monitoring.png"), fullPage: true });

    const alert = page.getByRole("listitem").filter({ hasText: `${ruleName} · ${tag}` });
    await alert.getByRole("button", { name: "Acknowledge" }).click();
    await expect(alert).toHaveCount(0);
  } finally {
    await appQuery(`DELETE FROM "EvaluationRule" WHERE id = $1`, [rule.id]);
    await appQuery(`DELETE FROM "Dataset" WHERE "projectId" = $1 AND name = $2`, [projectId, tag]);
    await appQuery(`DELETE FROM "Judge" WHERE id = $1`, [judge.id]);
    await appQuery(`DELETE FROM "JudgeDefinition" WHERE id = $1`, [definition.id]);
    await appQuery(`DELETE FROM "Rubric" WHERE id = $1`, [rubric.id]);
    await appQuery(`DELETE FROM "LlmConnection" WHERE id = $1`, [connection.id]);
    await appQuery(`DELETE FROM "TrafficEvent" WHERE "projectId" = $1 AND segment = $2`, [projectId, tag]);
  }
});
