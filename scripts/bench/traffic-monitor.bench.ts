import pg from "pg";
import { ensureTrafficPartitions, DAY_MS, startOfUtcDay } from "../../lib/traffic/partitions";
import { medianMs, runSqlSteps, withAppDatabase } from "./helpers";
import type { Benchmark } from "./types";

// The monitoring page's queries at scale, timed in process through the
// functions the page calls (lib/evaluation/monitoring):
//   traffic.monitor.ms   one rule over 30 days × 100,000 traffic rows per day
//                        in 10 segments, 10 % of them sampled and judged
//                        (2 % of those failed calls), 1 % of the judged ones
//                        spot-checked by an expert: the daily series for all
//                        traffic (volume, error share, judge figure with its
//                        interval, PPI++, agreement), the segment list and the
//                        drift tests of every segment. Goal (issue 17): < 500 ms.
// Data is generated in SQL into the day partitions. BENCH_MONITOR_DAYS and
// BENCH_MONITOR_ROWS_PER_DAY lower the size to check the bench quickly.

const DAYS = Number(process.env.BENCH_MONITOR_DAYS ?? 30);
const PER_DAY = Number(process.env.BENCH_MONITOR_ROWS_PER_DAY ?? 100_000);
const today = startOfUtcDay(new Date());
const first = new Date(today.getTime() - DAYS * DAY_MS);

const DATA: [string, string][] = [
  ["project, rubric, judge, rule, production run", `
    SELECT setseed(0.17);
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'expert@bench.local', 'Expert', 'x', now());
    INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
    INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
    INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
    INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES ('c-safe', 'rv1', 'safe', 'Safe', 'BINARY', true, 0, '{}');
    INSERT INTO "LlmConnection" (id, "projectId", name, "baseUrl", model, "isDemo", "updatedAt") VALUES ('lc1', 'p1', 'demo', '/api/demo-model/v1', 'demo', true, now());
    INSERT INTO "JudgeDefinition" (id, "projectId", name, mode, "rubricId", "criterionKey") VALUES ('jd1', 'p1', 'safety', 'POINTWISE', 'rb1', 'safe');
    INSERT INTO "Judge" (id, "projectId", name, model, "definitionId", version, "connectionId", template) VALUES ('j1', 'p1', 'safety v1', 'demo', 'jd1', 1, 'lc1', '{"system":"s","user":"u"}');
    INSERT INTO "EvaluationRule" (id, "projectId", name, "judgeId", "samplingRate", "updatedAt") VALUES ('rule1', 'p1', 'Safety online', 'j1', 0.1, now());
    INSERT INTO "Dataset" (id, "projectId", name, kind) VALUES ('d1', 'p1', 'Production traffic', 'PRODUCTION');
    INSERT INTO "DatasetVersion" (id, "datasetId", version, "contentHash") VALUES ('dv1', 'd1', 1, 'production');
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES ('r1', 'p1', 'dv1', 'Production', 'production');`],
  [`${(DAYS * PER_DAY).toLocaleString("en")} traffic rows over ${DAYS} days, 10 segments`, `
    INSERT INTO "TrafficEvent" ("projectId", "occurredAt", id, "callerId", source, segment, answer)
    SELECT 'p1', '${first.toISOString()}'::timestamp + (g * (${DAY_MS / 1000}.0 / ${PER_DAY})) * interval '1 second', gen_random_uuid(), 'c' || g, 'api', 'seg-' || (g % 10), 'answer'
    FROM generate_series(0, ${DAYS * PER_DAY - 1}) g`],
  ["10 % sampled", `
    INSERT INTO "TrafficSample" ("projectId", "ruleId", "occurredAt", "eventId", segment, status)
    SELECT 'p1', 'rule1', "occurredAt", id, segment, 'SCORED' FROM "TrafficEvent" WHERE "projectId" = 'p1' AND hashtext("callerId") % 10 = 0`],
  ["items and outputs of the samples", `
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash")
    SELECT 'i' || id, 'dv1', "eventId"::text, id, 'q', ARRAY[]::text[], "eventId"::text FROM "TrafficSample";
    INSERT INTO "Output" (id, "runId", "itemId", content) SELECT 'o' || id, 'r1', 'i' || id, 'answer' FROM "TrafficSample";
    UPDATE "TrafficSample" SET "itemId" = 'i' || id, "outputId" = 'o' || id`],
  // A judge passing ~90 %, worse in seg-3 over the last day (a drift to find); 2 % failed calls.
  ["judge scores", `
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value, error)
    SELECT 'js' || id, 'j1', 'o' || id, 'c-safe',
      CASE WHEN random() < 0.02 THEN NULL WHEN random() < CASE WHEN segment = 'seg-3' AND "occurredAt" >= '${new Date(today.getTime() - DAY_MS).toISOString()}'::timestamp THEN 0.7 ELSE 0.9 END THEN 1 ELSE 0 END, NULL
    FROM "TrafficSample";
    UPDATE "JudgeScore" SET error = 'timeout' WHERE value IS NULL`],
  ["1 % of judged samples spot-checked", `
    INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", source, "updatedAt")
    SELECT 'l' || s.id, 'c' || s.id, 'u1', 'rv1', 'IMPORT', now() FROM "TrafficSample" s WHERE s.id % 100 = 0;
    INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", value)
    SELECT 'lv' || s.id, 'l' || s.id, 'c-safe', 'o' || s.id, 'o' || s.id, CASE WHEN random() < 0.85 THEN 1 ELSE 0 END FROM "TrafficSample" s WHERE s.id % 100 = 0`],
  ["vacuum", "VACUUM ANALYZE"],
];

const bench: Benchmark = {
  prefixes: ["traffic.monitor"],
  async run({ databaseUrl, report, log }) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await ensureTrafficPartitions(client, Array.from({ length: DAYS + 1 }, (_, d) => new Date(first.getTime() + d * DAY_MS)));
    await client.end();
    await runSqlSteps(databaseUrl, log, DATA);
    await withAppDatabase(databaseUrl, async () => {
      const { loadMonitoredRules } = await import("../../lib/evaluation/monitoring/rule-criterion");
      const { monitorSeries, monitoredSegments } = await import("../../lib/evaluation/monitoring/series");
      const { evaluateDrift } = await import("../../lib/evaluation/monitoring/drift");
      const { judgedCountsSql, volumeSql } = await import("../../lib/evaluation/monitoring/sql");
      const { db } = await import("../../lib/db/client");
      const to = new Date(today.getTime() + DAY_MS);
      const page = async () => {
        const [rule] = await loadMonitoredRules("p1");
        return Promise.all([monitorSeries(rule!, { from: first, to, size: "day" }), monitoredSegments(rule!.id, first, to), evaluateDrift("p1", today)]);
      };
      const [series, segments, drift] = await page();
      const judged = series.reduce((sum, p) => sum + p.judged, 0);
      log(`${series.length} days, ${segments.length} segments, ${judged} judged; drifting: ${drift.results.filter((r) => r.drifting).map((r) => r.segment ?? "all").join(", ") || "none"}`);
      // Where the time goes, for whoever tunes it.
      const [rule] = await loadMonitoredRules("p1");
      const parts: [string, () => Promise<unknown>][] = [
        ["rule", () => loadMonitoredRules("p1")],
        ["series", () => monitorSeries(rule!, { from: first, to, size: "day" })],
        ["series: judged counts (SQL)", () => db.$queryRaw(judgedCountsSql(rule!, { from: first, to }, { size: "day" }))],
        ["series: volume (SQL)", () => db.$queryRaw(volumeSql("p1", { from: first, to }, { size: "day" }))],
        ["segments", () => monitoredSegments(rule!.id, first, to)],
        ["drift", () => evaluateDrift("p1", today)],
      ];
      for (const [name, part] of parts) log(`${name}: ${(await medianMs(3, part)).toFixed(0)} ms`);
      report("traffic.monitor.ms", await medianMs(3, page), "ms");
    });
  },
};

export default bench;
