import { beforeAll, describe, expect, it } from "vitest";
import { calibratedFigures, type PpiInput } from "@/lib/stats/ppi";
import { labelsNeededForHalfWidth } from "@/lib/stats/ppi-budget";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import { estimateGrid, planBySlice } from "./grid";
import { reviewBudgetPlans, saveBudgetPlan } from "./plans";

// The screen's data on a real database: the run × criterion grid and its
// slices, the budget planner and saved plans, each held to lib/stats on the
// arrays built here by hand from the rows inserted.

const ITEMS = 80;
const ids = Array.from({ length: ITEMS }, (_, k) => k + 1);
const q = (i: number) => `q${i}`;
const tagOf = (i: number) => (i % 2 ? "a" : "b");
const judge = (i: number) => 1 + ((i * 3) % 5);
const expert = (i: number) => Math.max(1, judge(i) - (i % 3 === 0 ? 1 : 0) - (i % 7 === 0 ? 1 : 0));

let f: Awaited<ReturnType<typeof createEvalProject>>;
let labelled = 40;

beforeAll(async () => {
  f = await createEvalProject({ items: ids.map((i) => ({ externalId: q(i), tags: [tagOf(i)] })), runs: ["base", "cand"] });
  for (const i of ids) {
    await f.judgeScore("cand", q(i), "helpfulness", judge(i));
    await f.judgeScore("base", q(i), "helpfulness", 1 + ((i * 7) % 5));
  }
  for (const i of ids.filter((i) => i <= labelled)) await f.label("cand", q(i), "helpfulness", expert(i));
});

function hand(slice: string | null): PpiInput {
  const units = ids.filter((i) => slice === null || tagOf(i) === slice);
  const lab = units.filter((i) => i <= labelled);
  return { labeled: { y: lab.map(expert), yhat: lab.map(judge) }, unlabeledYhat: units.filter((i) => i > labelled).map(judge), confidence: 0.95, lambda: "auto" };
}

function okFigures(slice: string | null) {
  const figures = calibratedFigures(hand(slice));
  if (figures.status !== "ok") throw new Error(figures.reason);
  return figures;
}

describe("estimateGrid", () => {
  it("gives every run × criterion, with lib/stats' figures for all items and for a slice", async () => {
    const grid = await estimateGrid(f.project.id, {});
    if ("empty" in grid) throw new Error(grid.empty);
    expect(grid.judge.id).toBe(f.judge.id);
    expect(grid.tags).toEqual(["a", "b"]);
    expect(grid.rows.map((r) => `${r.run.name}:${r.key}`).sort()).toEqual(["base:correctness", "base:helpfulness", "base:safe", "cand:correctness", "cand:helpfulness", "cand:safe"]);
    const cand = grid.rows.find((r) => r.run.name === "cand" && r.key === "helpfulness")!;
    const want = okFigures(null);
    expect(cand.figures.ppi!.estimate).toBeCloseTo(want.calibrated.estimate, 10);
    expect(cand.figures.ppi!.upper).toBeCloseTo(want.calibrated.ci[1], 10);
    expect(cand.figures.classical!.lower).toBeCloseTo(want.expertsOnly.ci[0], 10);
    // No expert label on the baseline: the rule says not enough data, the judge's figure stays.
    const base = grid.rows.find((r) => r.run.name === "base" && r.key === "helpfulness")!;
    expect(base.figures).toMatchObject({ n: 0, N: 80, ppi: null });
    expect(base.figures.notEnoughData).toMatch(/Not enough data/);

    const sliced = await estimateGrid(f.project.id, { slice: "a" });
    if ("empty" in sliced) throw new Error(sliced.empty);
    const inA = sliced.rows.find((r) => r.run.name === "cand" && r.key === "helpfulness")!;
    const wantA = okFigures("a");
    expect([inA.figures.n, inA.figures.N]).toEqual([20, 20]);
    expect(inA.figures.ppi!.estimate).toBeCloseTo(wantA.calibrated.estimate, 10);
    expect(inA.figures.effectiveLabels!).toBeCloseTo(wantA.effectiveLabels!, 8);
  });

  it("plans per slice with lib/stats' budget planner", async () => {
    const grid = await estimateGrid(f.project.id, {});
    if ("empty" in grid) throw new Error(grid.empty);
    const row = grid.rows.find((r) => r.run.name === "cand" && r.key === "helpfulness")!;
    const target = 0.2;
    const plans = planBySlice(grid.units, row.run.id, row.g, grid.tags, target);
    expect(plans.map((p) => p.slice)).toEqual([null, "a", "b"]);
    for (const plan of plans) {
      const want = labelsNeededForHalfWidth(okFigures(plan.slice).calibrated, target);
      // Same plan; widths equal up to the order of floating-point sums.
      expect(plan.plan).toMatchObject({ reachable: want.reachable, more: want.more });
      const width = (p: typeof want) => (p.reachable ? p.predictedHalfWidth : p.bestHalfWidth);
      expect(width(plan.plan!)).toBeCloseTo(width(want), 10);
      expect(plan.halfWidth!).toBeCloseTo((okFigures(plan.slice).calibrated.ci[1] - okFigures(plan.slice).calibrated.ci[0]) / 2, 10);
    }
  });
});

describe("budget plans", () => {
  it("stores the server's own prediction and later sets the achieved width beside it", async () => {
    const before = okFigures(null);
    // Halfway between the width now and the narrowest the planner foresees: reachable, with more labels.
    const best = labelsNeededForHalfWidth(before.calibrated, 1e-9);
    if (best.reachable) throw new Error("test data: ±1e-9 should be out of reach");
    const target = ((before.calibrated.ci[1] - before.calibrated.ci[0]) / 2 + best.bestHalfWidth) / 2;
    const need = labelsNeededForHalfWidth(before.calibrated, target);
    if (!need.reachable || need.more === 0) throw new Error(`test data: the target should need more labels, got ${JSON.stringify(need)}`);
    const saved = await saveBudgetPlan({ projectId: f.project.id, runId: f.runs.cand!.id, criterionKey: "helpfulness", judgeId: f.judge.id, slice: "", targetHalfWidth: target }, f.members.LEAD.id);
    expect(saved.predictedLabels).toBe(need.more);

    // Labels come in on five more items.
    for (const i of [41, 42, 43, 44, 45]) await f.label("cand", q(i), "helpfulness", expert(i));
    labelled = 45;
    const [review] = await reviewBudgetPlans(f.project.id);
    const now = okFigures(null);
    expect(review).toMatchObject({ runName: "cand", criterionKey: "helpfulness", labelledAtPlan: 40, predictedLabels: need.more, labelledNow: 45, targetHalfWidth: target });
    expect(review!.halfWidthAtPlan!).toBeCloseTo((before.calibrated.ci[1] - before.calibrated.ci[0]) / 2, 10);
    expect(review!.halfWidthNow!).toBeCloseTo((now.calibrated.ci[1] - now.calibrated.ci[0]) / 2, 10);
  });

  it("refuses an unreachable target, thin data and foreign references by name", async () => {
    const base = { projectId: f.project.id, runId: f.runs.cand!.id, criterionKey: "helpfulness", judgeId: f.judge.id, slice: "" };
    await expect(saveBudgetPlan({ ...base, targetHalfWidth: 1e-6 }, f.members.LEAD.id)).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("cannot be reached") });
    await expect(saveBudgetPlan({ ...base, runId: f.runs.base!.id, targetHalfWidth: 0.3 }, f.members.LEAD.id)).rejects.toMatchObject({ code: "VALIDATION", issues: [{ field: "targetHalfWidth" }] });
    await expect(saveBudgetPlan({ ...base, runId: "nope", targetHalfWidth: 0.3 }, f.members.LEAD.id)).rejects.toMatchObject({ code: "NOT_FOUND", issues: [{ field: "runId" }] });
    await expect(saveBudgetPlan({ ...base, judgeId: "nope", targetHalfWidth: 0.3 }, f.members.LEAD.id)).rejects.toMatchObject({ code: "NOT_FOUND", issues: [{ field: "judgeId" }] });
  });
});
