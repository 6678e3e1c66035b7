import path from "node:path";
import { expect, test } from "@playwright/test";
import { appDatabaseUrl, appQuery } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// A judge run through the whole stack as `npm start` runs it: queued in
// PostgreSQL, executed by the judge worker the launcher started, against the
// demo model the app serves itself; its page shows live progress and the
// final figures. The judge is made for this spec and removed after it.

const JUDGE = "E2E queue judge";

test.beforeAll(warmUpSignIn);
test.afterAll(() => appQuery(`DELETE FROM "Judge" WHERE name = $1`, [JUDGE]));

test("a judge run on the demo model finishes on the worker and shows its figures", async ({ page }) => {
  test.setTimeout(90_000);
  const [demo] = await appQuery<{ projectId: string; connectionId: string; criterionId: string; userId: string }>(`
    SELECT p.id AS "projectId", c.id AS "connectionId", cr.id AS "criterionId", u.id AS "userId"
    FROM "Project" p JOIN "LlmConnection" c ON c."projectId" = p.id AND c."isDemo"
    JOIN "Rubric" r ON r."projectId" = p.id JOIN "RubricVersion" rv ON rv."rubricId" = r.id JOIN "Criterion" cr ON cr."rubricVersionId" = rv.id AND cr.key = 'helpfulness'
    JOIN "User" u ON u.email = 'lead@touchstone.local'
    WHERE p.name = 'Support bot answers' LIMIT 1`);
  const outputs = await appQuery<{ id: string; runId: string; versionId: string; content: string; input: string }>(`
    SELECT o.id, o."runId", r."datasetVersionId" AS "versionId", o.content, coalesce(i."inputText", '') AS input FROM "Output" o JOIN "Run" r ON r.id = o."runId" JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE r."projectId" = $1 ORDER BY o.id LIMIT 12`, [demo!.projectId]);
  const [judge] = await appQuery<{ id: string }>(
    `INSERT INTO "Judge" (id, "projectId", name, model, "promptVersion", "connectionId") VALUES (gen_random_uuid()::text, $1, $2, 'touchstone-demo', 'e2e', $3) RETURNING id`,
    [demo!.projectId, JUDGE, demo!.connectionId],
  );

  // Queued as the workbench queues runs (createJudgeRunFromSpecs), here from hand-built calls.
  process.env.DATABASE_URL = appDatabaseUrl();
  const { createJudgeRunFromSpecs } = await import("../lib/judge-runner/runs");
  const run = await createJudgeRunFromSpecs({
    projectId: demo!.projectId,
    judgeId: judge!.id,
    scope: { datasetVersionId: outputs[0]!.versionId, runIds: [...new Set(outputs.map((o) => o.runId))], purpose: "dataset" },
    actor: { userId: demo!.userId },
    specs: outputs.map((output) => ({
      key: output.id,
      target: { kind: "pointwise", outputId: output.id, criterionId: demo!.criterionId },
      messages: [{ role: "user", content: `Input: ${output.input}\nOutput: ${output.content}\nRate the output's helpfulness from 1 to 5. Answer: Score: n` }],
      params: { temperature: 0.3 },
    })),
  });

  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/judges/runs/${run.id}`);
  await expect(page.getByRole("heading", { name: /E2E queue judge/ })).toBeVisible();
  const progress = page.getByRole("region", { name: "Judge run progress" });
  await expect(progress.getByText("done", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(progress.getByText(`${outputs.length} of ${outputs.length} calls`, { exact: true })).toBeVisible();
  await expect(progress.getByRole("progressbar", { name: "Calls done" })).toHaveAttribute("aria-valuenow", String(outputs.length));
  // The demo model is free: a known price of 0, not an unknown cost.
  await expect(progress.getByText("$0.0000").first()).toBeVisible();
  // A finished run offers no controls; the lead may control runs, but there is nothing to control.
  await expect(progress.getByRole("button")).toHaveCount(0);
  await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOT_DIR ?? "/tmp", "judge-run-progress.png"), fullPage: true });

  const scores = await appQuery<{ n: string }>(`SELECT count(*) AS n FROM "JudgeScore" WHERE "judgeId" = $1`, [judge!.id]);
  expect(Number(scores[0]!.n)).toBe(outputs.length);

  await page.goto(`${base}/judges/runs`);
  await expect(page.getByRole("list", { name: "Judge runs" }).getByRole("link", { name: /E2E queue judge/ })).toBeVisible();
});
