import { expect, test } from "@playwright/test";
import { openDemoProject, signIn } from "./fixtures";

// A script's view and a lead's view of one judge agree: the API's bias figures
// (position over valid pairs per criterion) are the ones the judge page shows,
// and the OpenAPI document names the endpoints used here. The browser session
// is the credential (the API takes a session or a token).

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

type Figure = { value: number | null; lower?: number | null; upper?: number | null; reason?: string };
type CriterionPosition = { criterionKey: string; validPairs: number; errorPairs: number; inconsistencyRate: Figure; firstPositionPreference: Figure; secondPositionPreference: Figure };

test.beforeAll(async ({ request }) => {
  await request.get("/sign-in", { timeout: 60_000 });
});

test("the judge page shows the API's position figures over valid pairs", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  const projectId = base.split("/")[2]!;

  const judgesResponse = await page.request.get(`/api/v1/projects/${projectId}/judges`);
  expect(judgesResponse.status()).toBe(200);
  const { judges } = (await judgesResponse.json()) as { judges: { id: string; name: string; kinds: string[]; counts: { pairwiseVerdicts: number } }[] };
  const judge = judges.find((j) => j.kinds.includes("PAIRWISE") && j.counts.pairwiseVerdicts > 0);
  expect(judge, "the demo has a pairwise judge with verdicts").toBeTruthy();

  const bias = (await (await page.request.get(`/api/v1/projects/${projectId}/judges/${judge!.id}/bias`)).json()) as { positionByCriterion: CriterionPosition[] };
  expect(bias.positionByCriterion.length).toBeGreaterThan(0);

  await page.goto(`${base}/dashboards/judges/${judge!.id}`);
  const table = page.getByTestId("position-by-criterion");
  await expect(table).toBeVisible({ timeout: 15_000 });
  for (const criterion of bias.positionByCriterion) {
    const row = table.getByTestId(`position-${criterion.criterionKey}`);
    await expect(row.getByTestId("position-valid")).toHaveText(criterion.validPairs.toLocaleString("en"));
    await expect(row.getByTestId("position-errors")).toHaveText(criterion.errorPairs.toLocaleString("en"));
    for (const [testId, figure] of [
      ["position-inconsistency", criterion.inconsistencyRate],
      ["position-first", criterion.firstPositionPreference],
      ["position-second", criterion.secondPositionPreference],
    ] as const) {
      await expect(row.getByTestId(testId)).toHaveText(figure.value === null ? figure.reason! : percent(figure.value));
      if (figure.value !== null) await expect(row.getByTestId(`${testId}-ci`)).toHaveText(`[${percent(figure.lower!)}, ${percent(figure.upper!)}]`);
    }
  }

  const document = (await (await page.request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  for (const path of ["/judges", "/judges/{judgeId}/bias", "/judges/{judgeId}/summary", "/runs"]) {
    expect(document.paths[`/api/v1/projects/{projectId}${path}`]?.get, path).toBeTruthy();
  }
});

test("a reviewer's session may not read judges through the API", async ({ page }) => {
  await signIn(page, "reviewer");
  const base = await openDemoProject(page);
  const projectId = base.split("/")[2]!;
  const response = await page.request.get(`/api/v1/projects/${projectId}/judges`);
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ code: "FORBIDDEN" });
});
