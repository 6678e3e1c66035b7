import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { computeEstimate } from "@/lib/estimates/estimates";
import { estimatesQuerySchema } from "@/lib/estimates/schemas";
import { calibratedFigures } from "@/lib/stats/ppi";
import { DAY_MS, startOfUtcDay } from "@/lib/traffic/partitions";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { createSpotCheckSetup } from "../spot-checks/setup";
import { loadMonitoredRules } from "./rule-criterion";
import { monitorSeries } from "./series";
import { createMonitorProject, type SampleSpec } from "./test/fixture";

// PPI++ on the monitoring page weighs each spot check by 1/π of the draw that
// took it. One day, two segments judged at very different accuracy: "billing"
// (40 samples; the judge passes everything, experts fail every other one)
// and "sync" (160 samples; judge and experts agree). A spot check draws 20
// per (day, segment) stratum — π = 1/2 in billing, 1/8 in sync — so the
// day's "all segments" bucket mixes two sampling rates: unweighted, billing's
// judge errors count four times too much.

const day = startOfUtcDay(new Date(Date.now() - 2 * DAY_MS));
const at = new Date(day.getTime() + 9 * 3_600_000);
const truth = new Map<string, { judge: number; expert: number }>();

function specs(segment: string, count: number, values: (i: number) => { judge: number; expert: number }): SampleSpec[] {
  return Array.from({ length: count }, (_, i) => ({ at, segment, judge: values(i).judge }));
}

let f: Awaited<ReturnType<typeof createMonitorProject>>;
let setupId: string;

beforeAll(async () => {
  f = await createMonitorProject();
  const billing = (i: number) => ({ judge: 1, expert: i % 2 });
  const sync = (i: number) => ({ judge: i % 4 === 0 ? 0 : 1, expert: i % 4 === 0 ? 0 : 1 });
  await f.addSamples([...specs("billing", 40, billing), ...specs("sync", 160, sync)]);
  // The fixture numbers traffic rows call-0, call-1, … in the order given.
  for (let i = 0; i < 40; i++) truth.set(`call-${i}`, billing(i));
  for (let i = 0; i < 160; i++) truth.set(`call-${40 + i}`, sync(i));

  const setup = await createSpotCheckSetup(
    {
      projectId: f.project.id,
      name: "Spot check, 20 per segment",
      rubricVersionId: f.criterion.rubricVersionId,
      criterionKeys: [],
      overlap: 1,
      blindReview: true,
      showReference: false,
      selection: { ruleId: f.rule.id, from: day.toISOString().slice(0, 10), to: new Date(day.getTime() + DAY_MS).toISOString().slice(0, 10), period: "day", perSegment: true, split: "stratum", draw: "stratified", n: 20, seed: 3 },
    },
    f.members.LEAD.id,
  );
  setupId = setup.setupId;
  // The experts label every drawn answer.
  const tasks = await db.reviewTask.findMany({ where: { setupId }, select: { item: { select: { metadata: true, outputs: { select: { id: true } } } } } });
  for (const [index, task] of tasks.entries()) {
    const callerId = (task.item.metadata as { traffic: { callerId: string } }).traffic.callerId;
    const outputId = task.item.outputs[0]!.id;
    await db.label.create({
      data: {
        clientId: `weighted-${index}`,
        reviewerId: f.members.REVIEWER.id,
        rubricVersionId: f.criterion.rubricVersionId,
        source: "IMPORT",
        values: { create: { criterionId: f.criterion.id, targetKey: outputId, outputId, value: truth.get(callerId)!.expert } },
      },
    });
  }
});

afterAll(closeTrafficPools);

describe("PPI++ on the monitoring page with a stratified spot check", () => {
  it("weighs each spot check by 1/π: the figure is the weighted estimator, computed by hand", async () => {
    const tasks = await db.reviewTask.findMany({ where: { setupId }, select: { inclusionProbability: true, item: { select: { metadata: true } } } });
    const drawn = tasks.map((task) => {
      const meta = task.item.metadata as { segment: string; traffic: { callerId: string } };
      return { callerId: meta.traffic.callerId, segment: meta.segment, p: task.inclusionProbability!, ...truth.get(meta.traffic.callerId)! };
    });
    expect(drawn).toHaveLength(40);
    expect(new Set(drawn.filter((d) => d.segment === "billing").map((d) => d.p))).toEqual(new Set([0.5]));
    expect(new Set(drawn.filter((d) => d.segment === "sync").map((d) => d.p))).toEqual(new Set([0.125]));

    const [rule] = await loadMonitoredRules(f.project.id);
    const [point] = await monitorSeries(rule!, { from: day, to: new Date(day.getTime() + DAY_MS), size: "day" });
    expect(point).toMatchObject({ judged: 200, labelled: 40 });
    const calibrated = point!.calibrated?.ppi;
    const expertsOnly = point!.calibrated?.classical;
    if (!calibrated || !expertsOnly) throw new Error(`no PPI++ figure: ${point!.calibrated?.notEnoughData}`);

    // θ̂ = λ · (judge's mean over all 200 judged samples) + Σ w (y − λ ŷ) / Σ w over the 40 spot checks, w = 1/π.
    const λ = calibrated.lambda;
    const judgeMean = [...truth.values()].reduce((sum, t) => sum + t.judge, 0) / 200;
    const w = drawn.map((d) => 1 / d.p);
    const rectifier = drawn.reduce((sum, d, i) => sum + w[i]! * (d.expert - λ * d.judge), 0) / w.reduce((a, b) => a + b, 0);
    expect(calibrated.estimate).toBeCloseTo(λ * judgeMean + rectifier, 12);
    // The experts-only figure is the weighted mean of their labels.
    expect(expertsOnly.estimate).toBeCloseTo(drawn.reduce((sum, d, i) => sum + w[i]! * d.expert, 0) / w.reduce((a, b) => a + b, 0), 12);

    // The unweighted figure, as the page computed it before, is a different (biased) number.
    const drawnIds = new Set(drawn.map((d) => d.callerId));
    const undrawn = [...truth.entries()].filter(([id]) => !drawnIds.has(id)).map(([, t]) => t.judge);
    const unweighted = calibratedFigures({ labeled: { y: drawn.map((d) => d.expert), yhat: drawn.map((d) => d.judge) }, unlabeledYhat: undrawn });
    expect(unweighted.status).toBe("ok");
    if (unweighted.status === "ok") expect(Math.abs(unweighted.calibrated.estimate - calibrated.estimate)).toBeGreaterThan(0.01);
  });

  it("agrees with the calibrated-estimates screen weighting the same setup (the day is the whole production run here)", async () => {
    const [rule] = await loadMonitoredRules(f.project.id);
    const [point] = await monitorSeries(rule!, { from: day, to: new Date(day.getTime() + DAY_MS), size: "day" });
    const estimate = await computeEstimate(f.project.id, estimatesQuerySchema.parse({ run: "Production", criterion: "safe", judge: f.judge.id, setup: setupId }));
    expect(estimate.weighted).toBe(true);
    expect(point!.calibrated?.ppi).not.toBeNull();
    expect(point!.calibrated!.ppi!.estimate).toBeCloseTo(estimate.ppi!.estimate, 12);
    expect(point!.calibrated!.ppi!.se).toBeCloseTo(estimate.ppi!.se, 12);
    expect(point!.calibrated!.classical!.estimate).toBeCloseTo(estimate.classical!.estimate, 12);
  });
});
