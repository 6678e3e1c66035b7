import type pg from "pg";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/judge-runner/run-pool";
import { trafficPool } from "@/lib/traffic/pool";
import { benjaminiHochberg, twoProportionZTest, welchTTest, type DriftTest } from "@/lib/stats/drift";
import { judgeMoments } from "./figures";
import { loadMonitoredRules, type MonitoredRule } from "./rule-criterion";
import { getMonitorSettings } from "./settings";
import { judgedCountsSql, type JudgedCountRow } from "./sql";

// Drift detection (docs/METRICS.md#drift): for every enabled rule and every
// segment (and all traffic together), the judge's figure in the recent window
// against the baseline window just before it — a two-proportion z test for a
// pass rate, Welch's t for a mean score — then Benjamini–Hochberg over all
// the project's tests at the stated FDR. A test raises an alert when its
// q-value is at most the FDR, both windows have the minimum judged samples
// and the change is at least the minimum effect. Judge errors are not scores:
// they count in the error share, not here.

const HOUR_MS = 3_600_000;

export type DriftWindows = { baselineFrom: Date; recentFrom: Date; recentTo: Date };

export type DriftResult = {
  rule: Pick<MonitoredRule, "id" | "name">;
  /** null = all traffic. */
  segment: string | null;
  figure: "pass rate" | "mean score";
  baseline: { value: number | null; n: number };
  recent: { value: number | null; n: number };
  test: DriftTest | null;
  /** Why no test ran, in words. */
  skipped?: string;
  qValue: number | null;
  drifting: boolean;
};

/** The windows end at the start of the current hour: the rollups count whole hours. */
export function driftWindows(now: Date, settings: { recentHours: number; baselineDays: number }): DriftWindows {
  const recentTo = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const recentFrom = new Date(recentTo.getTime() - settings.recentHours * HOUR_MS);
  return { baselineFrom: new Date(recentFrom.getTime() - settings.baselineDays * 24 * HOUR_MS), recentFrom, recentTo };
}

function testRule(rule: MonitoredRule, rows: JudgedCountRow[], windows: DriftWindows, minCount: number): Omit<DriftResult, "qValue" | "drifting">[] {
  const segments = [null, ...new Set(rows.flatMap((row) => (row.segment === null ? [] : [row.segment])))].sort((a, b) => (a ?? "").localeCompare(b ?? ""));
  const scored = rule.group.scored;
  return segments.map((segment) => {
    const mine = segment === null ? rows : rows.filter((row) => row.segment === segment);
    const isRecent = (row: JudgedCountRow) => row.bucket.getTime() === windows.recentFrom.getTime();
    const recent = judgeMoments(mine.filter(isRecent));
    const baseline = judgeMoments(mine.filter((row) => !isRecent(row)));
    const summary = (m: typeof recent) => ({ value: m.n ? m.sum / m.n : null, n: m.n });
    const base = { rule: { id: rule.id, name: rule.name }, segment, figure: scored ? "mean score" : "pass rate", baseline: summary(baseline), recent: summary(recent) } as const;
    if (recent.n < minCount || baseline.n < minCount) {
      return { ...base, test: null, skipped: `not enough data: ${Math.min(recent.n, baseline.n)} judged samples in a window, at least ${minCount} needed` };
    }
    const test = scored ? welchTTest(recent, baseline) : twoProportionZTest({ passed: recent.sum, n: recent.n }, { passed: baseline.sum, n: baseline.n });
    return { ...base, test };
  });
}

/** Every drift test of the project now, with BH q-values and which ones drift. */
export async function evaluateDrift(projectId: string, now: Date): Promise<{ windows: DriftWindows; fdr: number; results: DriftResult[] }> {
  const settings = await getMonitorSettings(projectId);
  const windows = driftWindows(now, settings);
  const rules = (await loadMonitoredRules(projectId)).filter((rule) => rule.enabled);
  const tested: Omit<DriftResult, "qValue" | "drifting">[] = [];
  for (const rule of rules) {
    const rows = await db.$queryRaw<JudgedCountRow[]>(judgedCountsSql(rule, { from: windows.baselineFrom, to: windows.recentTo }, { recentFrom: windows.recentFrom }));
    tested.push(...testRule(rule, rows, windows, settings.minCount));
  }
  const withTest = tested.filter((result) => result.test);
  const q = benjaminiHochberg(withTest.map((result) => result.test!.pValue));
  const qOf = new Map(withTest.map((result, i) => [result, q[i]!]));
  const results = tested.map((result) => {
    const qValue = qOf.get(result) ?? null;
    const drifting = qValue !== null && qValue <= settings.fdr && Math.abs(result.test!.difference) >= settings.minEffect;
    return { ...result, qValue, drifting };
  });
  return { windows, fdr: settings.fdr, results };
}

/** Queues the webhook delivery of a stored alert through `client`, inside the transaction that stores it (jobs.ts). */
export type QueueAlertDelivery = (alertId: string, client: pg.ClientBase) => Promise<unknown>;

// Plain SQL for node-postgres: the alert and its delivery job commit together.
const INSERT_ALERT = `
  INSERT INTO "MonitorAlert" (id, "projectId", "ruleId", segment, figure, test, "baselineFrom", "recentFrom", "recentTo",
    "baselineValue", "recentValue", "baselineN", "recentN", "pValue", "qValue", fdr)
  VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6::timestamp, $7::timestamp, $8::timestamp, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT DO NOTHING
  RETURNING id`;

/**
 * Evaluates drift and stores an OPEN alert for each drifting (rule, segment)
 * that has none open yet (partial unique index: a lasting drift is alerted
 * once). Each alert is stored in one transaction with its delivery job
 * (`queueDelivery`), so a worker killed at any point leaves either both or
 * neither: an alert is never stored without the job that delivers it, and
 * the next check raises a rolled-back one again. Returns the ids created now.
 */
export async function raiseDriftAlerts(projectId: string, now: Date, queueDelivery: QueueAlertDelivery): Promise<string[]> {
  const { windows, fdr, results } = await evaluateDrift(projectId, now);
  const created: string[] = [];
  for (const result of results) {
    if (!result.drifting || !result.test) continue;
    const { test } = result;
    const ids = await inTransaction(trafficPool(), async (client) => {
      const { rows } = await client.query<{ id: string }>(INSERT_ALERT, [
        projectId, result.rule.id, result.segment, result.figure, test.test,
        windows.baselineFrom.toISOString(), windows.recentFrom.toISOString(), windows.recentTo.toISOString(),
        result.baseline.value, result.recent.value, result.baseline.n, result.recent.n, test.pValue, result.qValue, fdr,
      ]);
      for (const row of rows) await queueDelivery(row.id, client);
      return rows.map((row) => row.id);
    });
    created.push(...ids);
  }
  return created;
}
