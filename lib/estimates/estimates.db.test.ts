import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { calibratedFigures, effectiveLabels, type PpiInput } from "@/lib/stats/ppi";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import { winRateRows } from "./win-rates";

// Calibrated estimates against a real database: the service, the REST route
// and the gate's PPI++ decision must give exactly what lib/stats/ppi.ts gives
// on the (y, ŷ) arrays built here by hand from the rows inserted — labelled and
// judge-only units, a failed judge call, a weighted sample from a setup with
// inclusion probabilities, a slice (item tag) and the paired difference.

vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null, requireUser: async () => null }));

const { computeEstimate } = await import("./estimates");
const { GET: estimatesHandler } = await import("@/app/api/v1/projects/[projectId]/estimates/route");
const { GET: gateHandler } = await import("@/app/api/v1/projects/[projectId]/gate/route");
const { generateApiToken } = await import("@/lib/auth/tokens");

const ITEMS = 60;
const LABELLED = 48;
const ids = Array.from({ length: ITEMS }, (_, k) => k + 1);
const q = (i: number) => `q${i}`;
const billing = (i: number) => i % 2 === 1;
// The judge's likert scores, and experts who are stricter than the judge on the candidate.
const judgeHelp = { base: (i: number) => 1 + ((i * 7) % 5), cand: (i: number) => 1 + ((i * 3 + 1) % 5) };
const expertHelp = { base: (i: number) => Math.min(5, judgeHelp.base(i) + (i % 3 === 0 ? 1 : 0)), cand: (i: number) => Math.max(1, judgeHelp.cand(i) - (i % 2 === 0 ? 1 : 0)) };
const judgeSafe = (i: number) => (i % 5 === 0 ? 0 : 1);
const expertSafe = (i: number) => (i % 4 === 0 ? 0 : 1);
/** Inclusion probabilities of the allocation-mode setup (items 1–30). */
const inclusion = (i: number) => 0.2 + 0.2 * (i % 4);

let f: Awaited<ReturnType<typeof createEvalProject>>;
let setupId: string;

beforeAll(async () => {
  f = await createEvalProject({ items: ids.map((i) => ({ externalId: q(i), tags: billing(i) ? ["billing"] : ["sync"] })), runs: ["base", "cand"] });
  for (const i of ids) {
    await f.judgeScore("base", q(i), "helpfulness", judgeHelp.base(i));
    await f.judgeScore("cand", q(i), "helpfulness", judgeHelp.cand(i));
    await f.judgeScore("base", q(i), "safe", judgeSafe(i));
    // A failed judge call on a labelled unit: no ŷ, so the unit is in neither set.
    if (i === 2) await db.judgeScore.create({ data: { judgeId: f.judge.id, outputId: f.runs.cand!.outputs[q(i)]!, criterionId: f.criteria.safe, error: "timeout" } });
    else await f.judgeScore("cand", q(i), "safe", judgeSafe(i));
  }
  for (const i of ids.filter((i) => i <= LABELLED)) {
    await f.label("base", q(i), "helpfulness", expertHelp.base(i));
    await f.label("cand", q(i), "helpfulness", expertHelp.cand(i));
    await f.label("cand", q(i), "safe", expertSafe(i));
  }
  const setup = await db.reviewSetup.create({
    data: { projectId: f.project.id, name: "allocation", datasetVersionId: f.version.id, rubricVersionId: f.rubricVersion.id, mode: "SINGLE", runIds: [f.runs.cand!.id], overlap: 1, blindReview: true, randomizeOrder: true, showReference: false },
  });
  setupId = setup.id;
  await db.reviewTask.createMany({ data: f.items.slice(0, 30).map((item, k) => ({ projectId: f.project.id, setupId, itemId: item.id, overlap: 1, inclusionProbability: inclusion(k + 1) })) });
});

/** lib/stats on hand-built arrays: the expected figures. */
function expected(units: { i: number; y: number | null; yhat: number | null; w?: number }[]) {
  const labelled = units.filter((u) => u.y !== null && u.yhat !== null);
  const weights = labelled.some((u) => u.w !== undefined) ? { labeled: labelled.map((u) => u.w ?? 1) } : undefined;
  const judgeOnlyYhat = units.filter((u) => u.y === null && u.yhat !== null).map((u) => u.yhat!);
  const input: PpiInput = { labeled: { y: labelled.map((u) => u.y!), yhat: labelled.map((u) => u.yhat!) }, unlabeledYhat: judgeOnlyYhat, confidence: 0.95, lambda: "auto", weights };
  const figures = calibratedFigures(input);
  if (figures.status !== "ok") throw new Error(`test data too thin: ${figures.reason}`);
  if (!weights) return figures;
  // A weighted sample: the PPI++ judge term runs over every unit, labelled ones included (docs/METRICS.md#calibrated-estimates-app).
  const overAll = calibratedFigures({ ...input, unlabeledYhat: [...input.labeled.yhat, ...judgeOnlyYhat] });
  if (overAll.status !== "ok") throw new Error(`test data too thin: ${overAll.reason}`);
  return { ...figures, calibrated: overAll.calibrated, effectiveLabels: effectiveLabels(figures.expertsOnly, overAll.calibrated) };
}

function expectSame(result: Awaited<ReturnType<typeof computeEstimate>>, want: ReturnType<typeof expected>) {
  expect(result.notEnoughData).toBeNull();
  expect(result.n).toBe(want.n);
  expect(result.N).toBe(want.N);
  expect(result.ppi!.estimate).toBeCloseTo(want.calibrated.estimate, 10);
  expect(result.ppi!.lower).toBeCloseTo(want.calibrated.ci[0], 10);
  expect(result.ppi!.upper).toBeCloseTo(want.calibrated.ci[1], 10);
  expect(result.ppi!.lambda).toBeCloseTo(want.calibrated.lambda, 10);
  expect(result.classical!.estimate).toBeCloseTo(want.expertsOnly.estimate, 10);
  expect(result.classical!.upper).toBeCloseTo(want.expertsOnly.ci[1], 10);
  expect(result.judgeOnly.estimate).toBeCloseTo(want.judgeOnly.estimate, 10);
  expect(result.effectiveLabels!).toBeCloseTo(want.effectiveLabels!, 8);
}

describe("computeEstimate", () => {
  it("gives lib/stats' figures on a likert mean: labelled and judge-only units", async () => {
    const result = await computeEstimate(f.project.id, { run: "cand", criterion: "helpfulness", estimator: "ppi" });
    const want = expected(ids.map((i) => ({ i, y: i <= LABELLED ? expertHelp.cand(i) : null, yhat: judgeHelp.cand(i) })));
    expect(want.n).toBe(48);
    expect(want.N).toBe(12);
    expectSame(result, want);
    expect(result).toMatchObject({ judge: { id: f.judge.id }, criterion: { key: "helpfulness", metric: "mean" }, weighted: false, setup: null });
    expect(result.estimate).toEqual({ value: result.ppi!.estimate, lower: result.ppi!.lower, upper: result.ppi!.upper });
    // The judge is biased upward on the candidate; PPI++ corrects towards the experts.
    expect(result.judgeOnly.estimate!).toBeGreaterThan(result.ppi!.estimate);
  });

  it("turns a binary criterion into a pass rate and leaves out failed judge calls", async () => {
    const result = await computeEstimate(f.project.id, { run: "cand", criterion: "safe", estimator: "classical" });
    const want = expected(ids.map((i) => ({ i, y: i <= LABELLED ? expertSafe(i) : null, yhat: i === 2 ? null : judgeSafe(i) })));
    expect(want.n).toBe(47);
    expectSame(result, want);
    expect(result.criterion.metric).toBe("pass rate");
    expect(result.estimate.value).toBeCloseTo(want.expertsOnly.estimate, 10);
  });

  it("restricts to a slice (item tag)", async () => {
    const result = await computeEstimate(f.project.id, { run: "cand", criterion: "helpfulness", slice: "billing", estimator: "ppi" });
    const want = expected(ids.filter(billing).map((i) => ({ i, y: i <= LABELLED ? expertHelp.cand(i) : null, yhat: judgeHelp.cand(i) })));
    expect([want.n, want.N]).toEqual([24, 6]);
    expectSame(result, want);
    expect(result.slice).toBe("billing");
  });

  it("weights a setup's sample by 1/p and counts labels outside it as judge-only", async () => {
    const result = await computeEstimate(f.project.id, { run: "cand", criterion: "helpfulness", setup: "allocation", estimator: "ppi" });
    const want = expected(ids.map((i) => ({ i, y: i <= 30 ? expertHelp.cand(i) : null, yhat: judgeHelp.cand(i), w: i <= 30 ? 1 / inclusion(i) : undefined })));
    expect([want.n, want.N]).toEqual([30, 30]);
    expectSame(result, want);
    expect(result).toMatchObject({ weighted: true, setup: { id: setupId, name: "allocation" } });
  });

  it("says not enough data rather than a misleading interval", async () => {
    // Items 49–60 of the baseline are judge-only, so a tag of none of them leaves no expert label.
    await db.datasetItem.update({ where: { id: f.items[58]!.id }, data: { tags: ["billing", "rare"] } });
    const result = await computeEstimate(f.project.id, { run: "base", criterion: "helpfulness", slice: "rare", estimator: "ppi" });
    expect(result).toMatchObject({ n: 0, N: 1, ppi: null, classical: null, estimate: { value: null } });
    expect(result.notEnoughData).toMatch(/Not enough data/);
    expect(result.judgeOnly.units).toBe(1);
  });
});

describe("win rates (PREFERENCE criteria)", () => {
  // Per item: the judge's verdict shown each way (in terms of cand), and the experts' word.
  const judgeWay = (i: number, order: "AB" | "BA"): "cand" | "base" | "tie" | "error" =>
    order === "BA" && i === 7 ? "error" : order === "BA" && i % 5 === 0 ? "tie" : i % 3 === 0 ? "base" : "cand";
  const expertWord = (i: number): "cand" | "base" | "tie" => (i % 6 === 0 ? "tie" : i % 4 === 0 ? "base" : "cand");
  const points = { cand: 1, tie: 0.5, base: 0 } as const;

  beforeAll(async () => {
    const pairJudge = await db.judge.create({ data: { projectId: f.project.id, name: "pair-judge", model: "gpt", promptVersion: "v1" } });
    for (const i of ids) {
      const base = f.runs.base!.outputs[q(i)]!;
      const cand = f.runs.cand!.outputs[q(i)]!;
      const [a, b] = [base, cand].sort() as [string, string];
      const letter = (who: "cand" | "base" | "tie") => (who === "tie" ? "TIE" : (who === "cand" ? cand : base) === a ? "A" : "B");
      for (const order of ["AB", "BA"] as const) {
        const way = judgeWay(i, order);
        await db.pairwiseJudgeScore.create({
          data: { judgeId: pairJudge.id, criterionId: f.criteria.preference, itemId: f.items[i - 1]!.id, outputAId: a, outputBId: b, shownOrder: order, verdict: way === "error" ? "ERROR" : letter(way) },
        });
      }
      if (i <= LABELLED) {
        await db.label.create({
          data: { clientId: `pref-${i}`, reviewerId: f.members.REVIEWER.id, rubricVersionId: f.rubricVersion.id, source: "IMPORT", values: { create: { criterionId: f.criteria.preference, targetKey: `${a}:${b}`, outputId: a, otherOutputId: b, category: letter(expertWord(i)) } } },
        });
      }
    }
  });

  it("gives lib/stats' figures on win 1 / tie ½ / loss 0, the judge's orders averaged and errors left out", async () => {
    const result = await computeEstimate(f.project.id, { run: "cand", against: "base", criterion: "preference", estimator: "ppi" });
    const yhat = (i: number) => {
      const ways = (["AB", "BA"] as const).map((order) => judgeWay(i, order)).filter((w) => w !== "error");
      return ways.reduce((sum, w) => sum + points[w as keyof typeof points], 0) / ways.length;
    };
    const want = expected(ids.map((i) => ({ i, y: i <= LABELLED ? points[expertWord(i)] : null, yhat: yhat(i) })));
    expectSame(result, want);
    expect(result).toMatchObject({ criterion: { key: "preference", metric: "win rate" }, against: { name: "base" }, judge: { name: "pair-judge" } });
    // The other way round is the complement.
    const reverse = await computeEstimate(f.project.id, { run: "base", against: "cand", criterion: "preference", estimator: "ppi" });
    expect(reverse.ppi!.estimate).toBeCloseTo(1 - result.ppi!.estimate, 10);
  });

  it("takes the swap-averaged verdict for a judge version with swapAverage: orders agree, else a tie; a failed order drops the pair", async () => {
    const judge = await db.judge.findFirstOrThrow({ where: { projectId: f.project.id, name: "pair-judge" } });
    await db.judge.update({ where: { id: judge.id }, data: { swapAverage: true } });
    try {
      const result = await computeEstimate(f.project.id, { run: "cand", against: "base", criterion: "preference", estimator: "ppi" });
      const yhat = (i: number) => {
        const ways = (["AB", "BA"] as const).map((order) => judgeWay(i, order));
        if (ways.includes("error")) return null;
        return ways[0] === ways[1] ? points[ways[0] as keyof typeof points] : 0.5;
      };
      const want = expected(ids.filter((i) => yhat(i) !== null).map((i) => ({ i, y: i <= LABELLED ? points[expertWord(i)] : null, yhat: yhat(i)! })));
      expectSame(result, want);
    } finally {
      await db.judge.update({ where: { id: judge.id }, data: { swapAverage: false } });
    }
  });

  it("gives the screen one row per pair of runs with the figures of the estimates API", async () => {
    const runs = [f.runs.base!, f.runs.cand!].map((run) => ({ id: run.id, name: run.id === f.runs.base!.id ? "base" : "cand", model: "m" }));
    const winRates = await winRateRows(f.project.id, runs, null);
    const api = await computeEstimate(f.project.id, { run: f.runs.base!.id, against: f.runs.cand!.id, criterion: "preference", estimator: "ppi" });
    expect(winRates?.rows).toHaveLength(1);
    expect(winRates!.rows[0]).toMatchObject({ run: { name: "base vs cand" }, key: "preference", figures: { n: api.n, N: api.N, ppi: api.ppi, classical: api.classical } });
    expect(winRates!.judges).toEqual(["pair-judge v1"]);
    expect(await winRateRows(f.project.id, runs.slice(0, 1), null)).toBeNull();
  });

  it("gives each pair of three runs, in the runs' order, the figures the estimates API gives that pair", async () => {
    // A third run the judge compared with cand on items 1–30 only (no expert labels: judge-only units), and never with base.
    const alt = await db.run.create({ data: { projectId: f.project.id, datasetVersionId: f.version.id, name: "alt", model: "model-alt" } });
    try {
      const outputs = await db.output.createManyAndReturn({ data: f.items.map((item, k) => ({ runId: alt.id, itemId: item.id, content: `alt answers q${k + 1}` })), select: { id: true, itemId: true } });
      const judge = await db.judge.findFirstOrThrow({ where: { projectId: f.project.id, name: "pair-judge" } });
      await db.pairwiseJudgeScore.createMany({
        data: outputs.slice(0, 30).map((output, k) => {
          const cand = f.runs.cand!.outputs[q(k + 1)]!;
          const [a, b] = [cand, output.id].sort() as [string, string];
          return { judgeId: judge.id, criterionId: f.criteria.preference, itemId: output.itemId, outputAId: a, outputBId: b, shownOrder: "AB" as const, verdict: k % 3 === 0 ? ("TIE" as const) : (k % 2 === 0) === (a === cand) ? ("A" as const) : ("B" as const) };
        }),
      });
      const runs = [f.runs.base!.id, f.runs.cand!.id, alt.id].map((id, k) => ({ id, name: ["base", "cand", "alt"][k]!, model: "m" }));
      const winRates = await winRateRows(f.project.id, runs, null);
      expect(winRates!.rows.map((row) => row.run.name)).toEqual(["base vs cand", "base vs alt", "cand vs alt"]);
      for (const row of winRates!.rows) {
        const [run, against] = row.run.id.split(":") as [string, string];
        const { n, N, judgeOnly, classical, ppi, effectiveLabels, notEnoughData } = await computeEstimate(f.project.id, { run, against, criterion: "preference", estimator: "ppi" });
        expect(row.figures, row.run.name).toEqual({ n, N, judgeOnly, classical, ppi, effectiveLabels, notEnoughData });
      }
      // The pairs are told apart: cand vs alt has the judge's 30 verdicts, base vs alt none.
      expect(winRates!.rows[2]!.figures).toMatchObject({ n: 0, N: 30 });
      expect(winRates!.rows[1]!.figures).toMatchObject({ n: 0, N: 0 });
    } finally {
      await db.run.delete({ where: { id: alt.id } });
    }
  });

  it("asks for the other run by name", async () => {
    await expect(computeEstimate(f.project.id, { run: "cand", criterion: "preference", estimator: "ppi" })).rejects.toMatchObject({ code: "VALIDATION", issues: [{ field: "against" }] });
  });
});

describe("the estimates route", () => {
  const params = () => ({ params: Promise.resolve({ projectId: f.project.id }) });
  let secret: string;
  beforeAll(async () => {
    const token = generateApiToken();
    await db.apiToken.create({ data: { projectId: f.project.id, name: "ci", tokenHash: token.hash, prefix: token.prefix, scope: "READ", createdById: f.members.ADMIN.id } });
    secret = token.secret;
  });
  const call = async (query: string, auth = true) => {
    const response = await estimatesHandler(new Request(`http://test/api/v1/projects/${f.project.id}/estimates?${query}`, { headers: auth ? { authorization: `Bearer ${secret}` } : {} }), params());
    return { status: response.status, body: await response.json() };
  };

  it("answers the three figures with a READ token", async () => {
    const { status, body } = await call("run=cand&criterion=helpfulness&estimator=judge");
    expect(status).toBe(200);
    expect(body).toMatchObject({ estimator: "judge", n: 48, N: 12, judge: { name: "judge" } });
    expect(body.estimate.value).toBeCloseTo(body.judgeOnly.estimate, 12);
    expect(body.ppi.lambda).toBeGreaterThanOrEqual(0);
  });

  it("refuses bad parameters by name and unknown references", async () => {
    expect((await call("run=cand&criterion=helpfulness", false)).status).toBe(401);
    const bad = await call("run=cand&criterion=helpfulness&estimator=bayes");
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ field: "estimator" })]);
    const missing = await call("run=cand");
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([expect.objectContaining({ field: "criterion" })]);
    expect((await call("run=ghost&criterion=helpfulness")).body.issues).toEqual([expect.objectContaining({ field: "run" })]);
    expect((await call("run=cand&criterion=helpfulness&setup=nope")).body.issues).toEqual([expect.objectContaining({ field: "setup" })]);
    expect((await call("run=cand&criterion=helpfulness&judge=nobody")).body.issues).toEqual([expect.objectContaining({ field: "judge" })]);
  });
});

describe("the gate on the PPI++ difference", () => {
  const params = () => ({ params: Promise.resolve({ projectId: f.project.id }) });
  const call = async (query: string) => {
    const token = generateApiToken();
    await db.apiToken.create({ data: { projectId: f.project.id, name: `ci-${token.prefix}`, tokenHash: token.hash, prefix: token.prefix, scope: "READ", createdById: f.members.ADMIN.id } });
    const response = await gateHandler(new Request(`http://test/api/v1/projects/${f.project.id}/gate?${query}`, { headers: { authorization: `Bearer ${token.secret}` } }), params());
    return { status: response.status, body: await response.json() };
  };
  // The paired units: every item judged in both runs; labelled where experts decided both outputs.
  const pairedWant = (from: "base" | "cand", to: "base" | "cand") =>
    expected(ids.map((i) => ({ i, y: i <= LABELLED ? expertHelp[to](i) - expertHelp[from](i) : null, yhat: judgeHelp[to](i) - judgeHelp[from](i) })));

  it("fails a candidate whose PPI++ interval lies below 0 and says it decided on PPI++", async () => {
    const want = pairedWant("base", "cand");
    expect(want.calibrated.ci[1]).toBeLessThan(0);
    const { status, body } = await call("baseline=base&candidate=cand&criterion=helpfulness&estimator=ppi");
    expect(status).toBe(200);
    expect(body).toMatchObject({ estimator: "ppi", passed: false });
    const row = body.criteria[0];
    expect(row.delta).toBeCloseTo(want.calibrated.estimate, 10);
    expect(row.deltaLower).toBeCloseTo(want.calibrated.ci[0], 10);
    expect(row.deltaUpper).toBeCloseTo(want.calibrated.ci[1], 10);
    expect(row.ppi).toMatchObject({ n: 48, N: 12, notEnoughData: null });
    expect(body.reasons.join(" ")).toMatch(/helpfulness: PPI\+\+ mean difference/);
  });

  it("passes the reverse comparison, and lets minDelta tighten it", async () => {
    const want = pairedWant("cand", "base");
    expect(want.calibrated.ci[1]).toBeGreaterThan(0);
    expect((await call("baseline=cand&candidate=base&criterion=helpfulness&estimator=ppi")).body).toMatchObject({ estimator: "ppi", passed: true, reasons: [] });
    const strict = await call(`baseline=cand&candidate=base&criterion=helpfulness&estimator=ppi&minDelta=${want.calibrated.ci[1] + 0.01}`);
    expect(strict.body.passed).toBe(false);
  });

  it("fails, never passes, when the difference has not enough data", async () => {
    const { body } = await call("baseline=base&candidate=cand&criterion=safe&estimator=ppi");
    // The baseline has no expert label on "safe": no pair is labelled.
    expect(body).toMatchObject({ estimator: "ppi", passed: false, criteria: [{ key: "safe", passed: false, delta: null, ppi: { n: 0 } }] });
    expect(body.reasons.join(" ")).toMatch(/not enough data/i);
    expect((await call("baseline=base&candidate=cand&estimator=bayes")).status).toBe(400);
  });
});
