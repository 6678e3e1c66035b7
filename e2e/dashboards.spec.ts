import { expect, test, type Page } from "@playwright/test";
import { describeCriterion } from "../lib/agreement/criteria";
import { agreementFigures, BIAS_BOOTSTRAP, tableFromRows } from "../lib/agreement/figures";
import { cohenKappa, krippendorffAlpha, percentAgreement, spearman } from "../lib/stats/agreement";
import { meanAbsoluteError, median } from "../lib/stats/descriptive";
import { bootstrapPositionConsistency, type Verdict } from "../lib/stats/judge-bias";
import { appQuery } from "./app-database";
import { openDemoProject, signIn } from "./fixtures";

// The dashboards on the demo data: each one is screenshotted, and the key
// figures on screen must equal lib/stats computed here, independently, from
// the rows in the app's database (consensus: docs/METRICS.md#consensus).

/** Human labels and the judge's score on every helpfulness-labelled output, straight from the tables. */
async function helpfulnessRows(promptVersion: string) {
  const rows = await appQuery<{ outputId: string; judge: number; labels: number[] }>(
    `SELECT s."outputId", s.value AS judge, ARRAY_AGG(lv.value ORDER BY lv.value) AS labels
     FROM "JudgeScore" s
     JOIN "Judge" j ON j.id = s."judgeId" AND j.name = 'gpt-4o quality judge' AND j."promptVersion" = $1
     JOIN "Criterion" c ON c.id = s."criterionId" AND c.key = 'helpfulness'
     JOIN "Criterion" hc ON hc.key = 'helpfulness'
     JOIN "LabelValue" lv ON lv."criterionId" = hc.id AND lv."targetKey" = s."outputId"
     GROUP BY s."outputId", s.value`,
    [promptVersion],
  );
  return rows;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

const fixed = (value: number) => value.toFixed(2).replace("-", "−");
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
/** A 95 % interval as the dashboards print it next to a figure. */
const interval = (ci: { lower: number | null; upper: number | null }, format: (v: number) => string = fixed) => `[${format(ci.lower!)}, ${format(ci.upper!)}]`;

/** The claude pairwise judge's verdicts per pair and shown order, as positions chosen (docs/METRICS.md#position-bias). */
async function pairwisePositions() {
  const rows = await appQuery<{ ab: string | null; ba: string | null }>(
    `SELECT MAX(s.verdict::text) FILTER (WHERE s."shownOrder" = 'AB') AS ab, MAX(s.verdict::text) FILTER (WHERE s."shownOrder" = 'BA') AS ba
     FROM "PairwiseJudgeScore" s JOIN "Judge" j ON j.id = s."judgeId" AND j.name = 'claude pairwise judge'
     GROUP BY s."criterionId", s."outputAId", s."outputBId"`,
  );
  // Output A shown first in order AB, second in order BA.
  const position = (verdict: string, aFirst: boolean): Verdict =>
    verdict === "ERROR" ? "error" : verdict === "TIE" || verdict === "BOTH_BAD" ? "tie" : (verdict === "A") === aFirst ? "first" : "second";
  return rows.filter((r) => r.ab !== null && r.ba !== null).map((r) => ({ order1: position(r.ab!, true), order2: position(r.ba!, false) }));
}

test.describe.configure({ mode: "serial" });

// A freshly started server compiles its sign-in route on first use; on a busy
// machine that alone can outlast the sign-in helper's 5 s wait.
test.beforeAll(async ({ request }) => {
  await request.get("/sign-in", { timeout: 60_000 });
  await request.get("/api/auth/csrf", { timeout: 60_000 });
});

test("judges vs humans: the figures on screen are lib/stats on the same rows", async ({ page }) => {
  // Three dashboard pages with charts, on a machine shared by parallel builds.
  test.setTimeout(120_000);
  const rows = await helpfulnessRows("v2");
  expect(rows.length).toBeGreaterThan(20);
  // The consensus rule (docs/METRICS.md#consensus): the median, the mean of the two middle values
  // for an even count. Categorical figures take units whose consensus is a scale level; numeric ones all.
  const human = rows.map((r) => median(r.labels).value!);
  const judge = rows.map((r) => r.judge);
  const categories = [1, 2, 3, 4, 5];
  const onLevel = human.map((h, i) => (Number.isInteger(h) ? i : -1)).filter((i) => i >= 0);
  const levelHuman = onLevel.map((i) => human[i]!);
  const levelJudge = onLevel.map((i) => judge[i]!);
  const kappa = cohenKappa(levelHuman, levelJudge, { categories, weights: "quadratic" }).value!;
  const exact = percentAgreement(levelHuman, levelJudge).value!;
  const multi = rows.filter((r) => r.labels.length >= 2);
  const coders = Math.max(...multi.map((r) => r.labels.length));
  // The intervals: the dashboards' table bootstrap (rounds and seed) on the same units.
  const criterion = describeCriterion({ key: "helpfulness", name: "Helpfulness", kind: "LIKERT", config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } });
  const counted = new Map<string, { human: number; judge: number; count: number }>();
  human.forEach((h, i) => {
    const cell = counted.get(`${h}|${judge[i]}`) ?? { human: h, judge: judge[i]!, count: 0 };
    cell.count += 1;
    counted.set(`${h}|${judge[i]}`, cell);
  });
  const figures = agreementFigures(criterion, tableFromRows(criterion, [...counted.values()]));
  const cis = { exact: figures.exact as { lower: number; upper: number }, spearman: figures.spearman as { lower: number; upper: number }, msd: figures.meanSignedDifference as { lower: number; upper: number } };
  const kappaCi = figures.kappa as { lower: number; upper: number };
  const alpha = krippendorffAlpha(
    Array.from({ length: coders }, (_, c) => multi.map((r) => r.labels[c] ?? null)),
    { level: "ordinal", categories },
  ).value!;

  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/dashboards`);
  const id = "gpt-4o quality judge v2|helpfulness";
  await expect(page.getByTestId(`n:${id}`)).toHaveText(String(rows.length));
  await expect(page.getByTestId(`kappa:${id}`)).toHaveText(fixed(kappa));
  await expect(page.getByTestId(`exact:${id}`)).toHaveText(`${(exact * 100).toFixed(1)} %`);
  await expect(page.getByTestId(`alpha:${id}`)).toHaveText(fixed(alpha));
  await expect(page.getByTestId(`kappa:${id}-ci`)).toHaveText(interval(kappaCi));
  await expect(page.getByTestId(`exact:${id}-ci`)).toHaveText(interval(cis.exact, percent));
  await expect(page.getByRole("figure", { name: /Exact agreement with 95 % bootstrap interval/ })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Judge κ with 95 % bootstrap interval/ })).toBeVisible();
  await shot(page, "dashboard-judges-vs-humans");

  // The judge's own page: the same κ, plus Spearman and MAE, and the bias panel.
  await page.getByRole("rowheader", { name: "gpt-4o quality judge v2" }).first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "gpt-4o quality judge v2" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("tile-kappa")).toHaveText(fixed(kappa));
  await expect(page.getByTestId("tile-spearman")).toHaveText(fixed(spearman(human, judge).value!));
  await expect(page.getByTestId("tile-mae")).toHaveText(fixed(meanAbsoluteError(judge, human).value!));
  // Every figure has its interval next to it; these two must be lib/stats's on the same rows.
  await expect(page.getByTestId("tile-spearman-ci")).toHaveText(interval(cis.spearman));
  await expect(page.getByTestId("tile-msd-ci")).toHaveText(interval(cis.msd));
  for (const tile of ["tile-exact", "tile-within-one", "tile-kappa", "tile-kappa-linear", "tile-kendall", "tile-mae"]) {
    await expect(page.getByTestId(`${tile}-ci`)).toHaveText(/^\[−?\d+\.\d+( %)?, −?\d+\.\d+( %)?\]$/);
  }
  await expect(page.getByRole("figure", { name: "Agreement with the human consensus" })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Error against the human consensus, in scale points" })).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "Human ↓ · Judge →" })).toBeVisible();
  // Slices carry every figure with its interval, not κ alone.
  const sliceTable = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: /Spearman/ }) });
  for (const header of [/Within one point/, /Kendall/, /Mean absolute error/, /Mean signed difference/]) await expect(sliceTable.getByRole("columnheader", { name: header })).toBeVisible();
  await expect(sliceTable.getByRole("cell").filter({ hasText: /^−?\d\.\d\d\s*\[−?\d\.\d\d, −?\d\.\d\d\]/ }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Self-preference" })).toBeVisible();
  await shot(page, "dashboard-judge-detail");

  // The pairwise judge: position consistency and MT-Bench agreement.
  await page.goto(`${base}/dashboards`);
  // The judges table keeps one cell per judge name (e2e/roles.spec.ts relies on it).
  await expect(page.getByRole("cell", { name: "claude pairwise judge" })).toHaveCount(1);
  await page.getByRole("rowheader", { name: "claude pairwise judge v1" }).getByRole("link").click();
  const positionCis = bootstrapPositionConsistency(await pairwisePositions(), BIAS_BOOTSTRAP);
  await expect(page.getByTestId("bias-consistency")).toHaveText(percent(positionCis.consistency.value!));
  await expect(page.getByTestId("bias-consistency-ci")).toHaveText(interval(positionCis.consistency, percent));
  await expect(page.getByTestId("bias-biased-first-ci")).toHaveText(interval(positionCis.biasedFirst, percent));
  await expect(page.getByRole("figure", { name: "Position figures with 95 % intervals" })).toBeVisible();
  await expect(page.getByTestId("tile-s1")).toHaveText(/%$/);
  // Intervals that resample items or profiles (their order comes from SQL): shown, well formed.
  await expect(page.getByTestId("tile-s1-ci")).toHaveText(/^\[\d+\.\d %, \d+\.\d %\]$/);
  await expect(page.getByTestId("tile-alpha-ci")).toHaveText(/^\[−?\d\.\d\d, −?\d\.\d\d\]$/);
  await shot(page, "dashboard-pairwise-judge");
});

test("reviewer quality shows every demo expert, with an outlier flag computed from the data", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/dashboards/reviewers`);
  const table = page.getByTestId("reviewer-table");
  for (const name of ["Maya Expert", "Omar Expert", "Ines Expert", "Theo Contractor"]) await expect(table.getByRole("rowheader", { name: new RegExp(name) })).toBeVisible();
  // Rae has no labels yet: the page says why there is no figure instead of showing 0.
  await expect(page.getByTestId("reviewer-agreement:reviewer@touchstone.local")).toHaveText("no unit shared with another reviewer");
  await shot(page, "dashboard-reviewers");
});

test("a lead adjudicates the worst disagreement, and it is recorded", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/dashboards/disagreements`);
  await page.getByLabel("Judge").selectOption({ label: "gpt-4o quality judge v2" });
  await page.getByLabel("Criterion").selectOption({ label: "Helpfulness" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/criterion=helpfulness/);
  const list = page.getByTestId("disagreements");
  await expect(list).toBeVisible();
  await shot(page, "dashboard-disagreements");
  await list.getByRole("rowheader").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Reviewers" })).toBeVisible();
  await expect(page.getByTestId("reviewer-labels").getByRole("listitem").first()).toBeVisible();
  await page.getByLabel("Adjudicated (I decide the label)").check();
  await page.getByLabel("Label", { exact: true }).selectOption("3");
  await page.getByLabel("Note").fill("Partly helpful: the steps are right but incomplete.");
  await page.getByRole("button", { name: "Save ground truth" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as adjudicated." })).toBeVisible();
  await shot(page, "dashboard-unit");
  const audit = await appQuery<{ count: string }>(`SELECT COUNT(*) FROM "AuditEvent" WHERE action = 'groundTruth.set'`);
  expect(Number(audit[0]!.count)).toBe(1);
  const truth = await appQuery<{ value: number; status: string }>(`SELECT value, status::text FROM "GroundTruth"`);
  expect(truth).toEqual([{ value: 3, status: "ADJUDICATED" }]);
});

test("exports stream all labels as JSONL and CSV", async ({ page }) => {
  await signIn(page, "lead");
  const base = await openDemoProject(page);
  await page.goto(`${base}/dashboards/exports`);
  await shot(page, "dashboard-exports");
  const projectId = base.split("/").pop()!;
  const count = (await appQuery<{ count: string }>(`SELECT COUNT(*) FROM "LabelValue"`))[0]!.count;
  const jsonl = await page.request.get(`/api/v1/projects/${projectId}/exports/labels?format=jsonl`);
  expect(jsonl.status()).toBe(200);
  const lines = (await jsonl.text()).trim().split("\n");
  expect(lines).toHaveLength(Number(count));
  expect(JSON.parse(lines[0]!)).toHaveProperty("criterionKey");
  const csv = await page.request.get(`/api/v1/projects/${projectId}/exports/labels?format=csv`);
  expect((await csv.text()).split("\r\n")[0]).toBe("labelId,reviewerEmail,reviewerName,source,rubric,rubricVersion,criterionKey,criterionKind,targetKey,item,run,otherRun,value,category,rationale,flags,activeMs,createdAt,updatedAt");
  const calibration = await page.request.get(`/api/v1/projects/${projectId}/exports/calibration?criterion=helpfulness&size=6&format=jsonl`);
  const examples = (await calibration.text()).trim().split("\n").map((line) => JSON.parse(line) as { label: string; outputs: unknown[] });
  expect(examples).toHaveLength(6);
  // Balanced: no label value appears more than once more than any other among the values present.
  const perLabel = Object.values(examples.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.label]: (acc[e.label] ?? 0) + 1 }), {}));
  expect(Math.max(...perLabel) - Math.min(...perLabel)).toBeLessThanOrEqual(1);
  const bad = await page.request.get(`/api/v1/projects/${projectId}/exports/calibration?size=0`);
  expect(bad.status()).toBe(400);
});
