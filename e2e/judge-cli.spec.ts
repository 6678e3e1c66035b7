import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { DEFAULT_TEMPLATES } from "../lib/judge-runner/template";
import { appQuery } from "./app-database";
import { openDemoProject, signIn, warmUpSignIn } from "./fixtures";

// A newcomer's loop without any API key: the demo project's connection to the
// demo model, a judge version on it, `npx touchstone judge run` with a write
// token; the worker `npm start` runs scores every output through the app's
// own /api/demo-model/v1 over HTTP.

const run = promisify(execFile);
const JUDGE = `CLI demo judge ${Date.now()}`;

test.beforeAll(warmUpSignIn);
// The judge (its versions, runs and scores cascade) must not change what other specs count.
test.afterAll(() => appQuery(`DELETE FROM "JudgeDefinition" WHERE name = $1`, [JUDGE]));

test("judge run from the CLI on the demo model: progress, then exit 0 with every output scored", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin");
  const base = await openDemoProject(page);
  const projectId = base.split("/").at(-1)!;
  await page.goto(`${base}/settings/tokens`);
  await page.getByLabel("Name").fill(`judge cli ${Date.now()}`);
  await page.getByLabel("Scope").selectOption("WRITE");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();

  // A judge version on the demo connection with the default prompt (what the judge editor's first save makes).
  const [demo] = await appQuery<{ connectionId: string; rubricId: string }>(
    `SELECT c.id AS "connectionId", r.id AS "rubricId" FROM "LlmConnection" c JOIN "Rubric" r ON r."projectId" = c."projectId" WHERE c."projectId" = $1 AND c."isDemo" LIMIT 1`,
    [projectId],
  );
  expect(demo, "the demo project has its demo-model connection").toBeTruthy();
  await appQuery(`INSERT INTO "JudgeDefinition" (id, "projectId", name, mode, "rubricId", "criterionKey") VALUES ($1, $2, $3, 'POINTWISE', $4, 'helpfulness')`, [`def-${Date.now()}`, projectId, JUDGE, demo!.rubricId]);
  await appQuery(
    `INSERT INTO "Judge" (id, "projectId", name, model, "promptVersion", "definitionId", version, "connectionId", template)
     SELECT $1, $2, $3, 'touchstone-demo', 'v1', d.id, 1, $4, $5::jsonb FROM "JudgeDefinition" d WHERE d.name = $3`,
    [`judge-${Date.now()}`, projectId, JUDGE, demo!.connectionId, JSON.stringify(DEFAULT_TEMPLATES.POINTWISE)],
  );

  const { stdout, stderr } = await run(
    process.execPath,
    ["scripts/cli.mjs", "judge", "run", "--project", projectId, "--judge", JUDGE, "--dataset", "support-golden", "--runs", "support-v2", "--token", token, "--url", baseURL!, "--interval", "0.5"],
    { timeout: 90_000 },
  );
  expect(stderr).toMatch(/Judge run \S+ started: \d+ calls, estimated \$0\.0000\./);
  expect(stderr).toContain("100%");
  expect(stdout).toMatch(/: done\. (\d+) scored, 0 failed, 0 from cache, of \1\./);

  const [counts] = await appQuery<{ scores: string; outputs: string }>(
    `SELECT (SELECT count(*) FROM "JudgeScore" s JOIN "Judge" j ON j.id = s."judgeId" WHERE j.name = $1 AND s.error IS NULL AND s.value BETWEEN 1 AND 5) AS scores,
            (SELECT count(*) FROM "Output" o JOIN "Run" r ON r.id = o."runId" WHERE r."projectId" = $2 AND r.name = 'support-v2') AS outputs`,
    [JUDGE, projectId],
  );
  expect(Number(counts!.scores)).toBe(Number(counts!.outputs));
});
