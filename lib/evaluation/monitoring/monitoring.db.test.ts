import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { benjaminiHochberg, twoProportionZTest } from "@/lib/stats/drift";
import { percentAgreement } from "@/lib/stats/agreement";
import { meanWithCi } from "@/lib/stats/mean-ci";
import { calibratedFigures } from "@/lib/stats/ppi";
import { DAY_MS, startOfUtcDay } from "@/lib/traffic/partitions";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { evaluateDrift, raiseDriftAlerts } from "./drift";
import { loadMonitoredRules } from "./rule-criterion";
import { monitorSeries, monitoredSegments } from "./series";
import { createMonitorProject, type SampleSpec } from "./test/fixture";

// Monitoring on known data: two segments judged over a baseline day and a
// recent day; "billing" drops from a 90 % to a 50 % pass rate, "sync" stays
// at 90 %. The series, the drift tests and the alerts must be exactly what
// lib/stats gives on the counts built here by hand.

const HOUR = 3_600_000;
const recentDay = startOfUtcDay(new Date(Date.now() - DAY_MS));
const baselineDay = new Date(recentDay.getTime() - 3 * DAY_MS);
const now = new Date(recentDay.getTime() + 12 * HOUR);
const baselineAt = new Date(baselineDay.getTime() + 6 * HOUR);
const recentAt = new Date(recentDay.getTime() + 6 * HOUR);

// Baseline billing: 54 of 60 pass; experts spot-check the first 25 and fail 3 the judge passed.
const baselineBilling: SampleSpec[] = Array.from({ length: 60 }, (_, i) => ({
  at: baselineAt,
  segment: "billing",
  judge: i < 54 ? 1 : 0,
  ...(i < 25 ? { expert: i < 3 ? 0 : i < 54 ? 1 : 0 } : {}),
}));
const baselineSync: SampleSpec[] = Array.from({ length: 60 }, (_, i) => ({ at: baselineAt, segment: "sync", judge: i < 54 ? 1 : 0 }));
const recentBilling: SampleSpec[] = [...Array.from({ length: 40 }, (_, i) => ({ at: recentAt, segment: "billing", judge: i < 20 ? 1 : 0 })), { at: recentAt, segment: "billing", judge: "error" as const }];
const recentSync: SampleSpec[] = Array.from({ length: 40 }, (_, i) => ({ at: recentAt, segment: "sync", judge: i < 36 ? 1 : 0 }));

let f: Awaited<ReturnType<typeof createMonitorProject>>;

beforeAll(async () => {
  f = await createMonitorProject();
  await f.addSamples([...baselineBilling, ...baselineSync]);
  await f.addSamples([...recentBilling, ...recentSync], { at: recentAt, count: 7 });
});

afterAll(closeTrafficPools);

const range = { from: new Date(baselineDay.getTime() - DAY_MS), to: new Date(recentDay.getTime() + DAY_MS) };

describe("monitoring series", () => {
  it("gives volume, error share, the judge's figure, PPI++ and agreement per day from lib/stats", async () => {
    const [rule] = await loadMonitoredRules(f.project.id);
    const series = await monitorSeries(rule!, { ...range, size: "day" });
    expect(series.map((point) => point.bucket.getTime())).toEqual([baselineDay.getTime(), recentDay.getTime()]);
    const [baseline, recent] = series;

    expect(baseline).toMatchObject({ volume: 120, judged: 120, failed: 0, errorShare: 0, labelled: 25 });
    expect(baseline!.judge).toEqual(meanWithCi({ n: 120, sum: 108, sumOfSquares: 108 }));
    const spot = baselineBilling.filter((s) => s.expert !== undefined);
    const judged = [...baselineBilling, ...baselineSync].filter((s) => s.expert === undefined).map((s) => s.judge as number);
    const expected = calibratedFigures({ labeled: { y: spot.map((s) => s.expert!), yhat: spot.map((s) => s.judge as number) }, unlabeledYhat: judged });
    expect(expected.status).toBe("ok");
    expect(baseline!.calibrated).toMatchObject({ notEnoughData: null, ppi: { estimate: expect.closeTo(expected.status === "ok" ? expected.calibrated.estimate : NaN, 12) } });
    expect(baseline!.agreement).toEqual(percentAgreement(spot.map((s) => s.judge as number), spot.map((s) => s.expert!)));
    expect(baseline!.agreement!.value).toBeCloseTo(22 / 25, 12);

    // 81 judged (one failed call), 7 answers of a segment the rule does not sample.
    expect(recent).toMatchObject({ volume: 88, judged: 81, failed: 1, labelled: 0, calibrated: null, agreement: null });
    expect(recent!.errorShare).toBeCloseTo(1 / 81, 12);
    expect(recent!.judge).toEqual(meanWithCi({ n: 80, sum: 56, sumOfSquares: 56 }));
  });

  it("filters one segment, in hours too", async () => {
    const [rule] = await loadMonitoredRules(f.project.id);
    const billing = await monitorSeries(rule!, { ...range, size: "hour", segment: "billing" });
    expect(billing.map((p) => [p.bucket.getTime(), p.volume, p.judged])).toEqual([
      [baselineAt.getTime(), 60, 60],
      [recentAt.getTime(), 41, 41],
    ]);
    expect(billing[1]!.judge).toEqual(meanWithCi({ n: 40, sum: 20, sumOfSquares: 20 }));
    expect(await monitoredSegments(rule!.id, range.from, range.to)).toEqual(["billing", "sync"]);
  });
});

describe("drift", () => {
  it("tests every segment and all traffic, controls them with BH, and flags the drifting ones", async () => {
    const { results, fdr } = await evaluateDrift(f.project.id, now);
    expect(fdr).toBe(0.05);
    const tests = [
      twoProportionZTest({ passed: 56, n: 80 }, { passed: 108, n: 120 })!,
      twoProportionZTest({ passed: 20, n: 40 }, { passed: 54, n: 60 })!,
      twoProportionZTest({ passed: 36, n: 40 }, { passed: 54, n: 60 })!,
    ];
    const q = benjaminiHochberg(tests.map((t) => t.pValue));
    expect(results.map((r) => [r.segment, r.recent.n, r.baseline.n, r.test?.pValue, r.qValue, r.drifting])).toEqual([
      [null, 80, 120, tests[0]!.pValue, q[0], true],
      ["billing", 40, 60, tests[1]!.pValue, q[1], true],
      ["sync", 40, 60, tests[2]!.pValue, q[2], false],
    ]);
  });

  it("needs the minimum counts in both windows", async () => {
    await db.monitorSettings.create({ data: { projectId: f.project.id, minCount: 50 } });
    try {
      const { results } = await evaluateDrift(f.project.id, now);
      const billing = results.find((r) => r.segment === "billing")!;
      expect(billing.test).toBeNull();
      expect(billing.drifting).toBe(false);
      expect(billing.skipped).toMatch(/not enough data: 40 judged samples/);
      expect(results.find((r) => r.segment === null)!.drifting).toBe(true);
    } finally {
      await db.monitorSettings.delete({ where: { projectId: f.project.id } });
    }
  });

  it("stores one open alert per drifting segment, and never a second while it is open", async () => {
    // Delivery jobs are the webhook test's business (webhook.db.test.ts); here only that each new alert asks for one.
    const queuedIds: string[] = [];
    const queued = async (alertId: string) => void queuedIds.push(alertId);
    const first = await raiseDriftAlerts(f.project.id, now, queued);
    expect(first).toHaveLength(2);
    expect(queuedIds).toEqual(first);
    const alerts = await db.monitorAlert.findMany({ where: { projectId: f.project.id }, orderBy: { segment: "asc" } });
    expect(alerts.map((a) => [a.segment, a.status, a.recentN, a.baselineN, a.recentValue, a.baselineValue])).toEqual([
      ["billing", "OPEN", 40, 60, 0.5, 0.9],
      [null, "OPEN", 80, 120, 0.7, 0.9],
    ]);
    expect(await raiseDriftAlerts(f.project.id, new Date(now.getTime() + HOUR), queued)).toEqual([]);
    await db.monitorAlert.update({ where: { id: alerts[0]!.id }, data: { status: "ACKNOWLEDGED" } });
    // Acknowledged: a drift still there is a new alert.
    expect(await raiseDriftAlerts(f.project.id, now, queued)).toHaveLength(1);
  });
});
