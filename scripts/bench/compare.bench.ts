import { medianMs, runSqlSteps, withAppDatabase } from "./helpers";
import type { Benchmark } from "./types";

// Run comparison and leaderboard at scale, timed in process through the same
// functions the pages, the REST API and the CI gate call:
//   compare.100k.ms          baseline vs candidate over 100,000 items (likert + binary
//                            judge scores on every output, reviewer labels on 10,000)
//   leaderboard.20x200k.ms   Bradley–Terry over 20 runs from 200,000 pairwise judge
//                            verdicts with 1,000 bootstrap resamples
// Data is generated in SQL. Each figure is the median of a few timed calls after a warm-up.

const ITEMS = 100_000;
const LB_RUNS = 20;
const LB_ITEMS = 10_000;
const LB_BATTLES = 200_000;


const COMMON = `
  SELECT setseed(0.42);
  INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") SELECT 'u' || g, 'rev' || g || '@bench.local', 'Reviewer ' || g, 'x', now() FROM generate_series(1, 2) g;
  INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
  INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
  INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
  INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES
    ('c-help', 'rv1', 'helpfulness', 'Helpfulness', 'LIKERT', true, 0, '{"min":1,"max":5,"anchors":["","","","",""]}'),
    ('c-safe', 'rv1', 'safe', 'Safe', 'BINARY', true, 1, '{}'),
    ('c-pref', 'rv1', 'preference', 'Preference', 'PREFERENCE', true, 2, '{}');
  INSERT INTO "Judge" (id, "projectId", name, model) VALUES ('j-point', 'p1', 'pointwise', 'm'), ('j-pair', 'p1', 'pairwise', 'm');
  INSERT INTO "Dataset" (id, "projectId", name) VALUES ('d1', 'p1', 'golden'), ('d2', 'p1', 'arena');
  INSERT INTO "DatasetVersion" (id, "datasetId", version, "itemCount", "contentHash") VALUES ('dv1', 'd1', 1, ${ITEMS}, 'h1'), ('dv2', 'd2', 1, ${LB_ITEMS}, 'h2');`;

export const COMPARE_DATA: [string, string][] = [
  ["project, rubric, judges", COMMON],
  ["100k items", `
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash")
    SELECT 'i' || g, 'dv1', 'item-' || g, g, 'Question ' || g, ARRAY[(ARRAY['billing','sync','sharing','security'])[1 + g % 4]], md5(g::text)
    FROM generate_series(1, ${ITEMS}) g`],
  ["2 runs, 200k outputs", `
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) VALUES ('base', 'p1', 'dv1', 'base', 'm'), ('cand', 'p1', 'dv1', 'cand', 'm');
    INSERT INTO "Output" (id, "runId", "itemId", content)
    SELECT r || '-' || g, r, 'i' || g, 'answer' FROM generate_series(1, ${ITEMS}) g CROSS JOIN (VALUES ('base'), ('cand')) v(r)`],
  ["400k judge scores", `
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
    SELECT 'js-' || r || '-' || g, 'j-point', r || '-' || g, 'c-help', 1 + floor(random() * 5)
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN (VALUES ('base'), ('cand')) v(r);
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
    SELECT 'jb-' || r || '-' || g, 'j-point', r || '-' || g, 'c-safe', CASE WHEN random() < 0.9 THEN 1 ELSE 0 END
    FROM generate_series(1, ${ITEMS}) g CROSS JOIN (VALUES ('base'), ('cand')) v(r)`],
  ["20k reviewer labels on 10k candidate outputs", `
    INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", source, "updatedAt")
    SELECT 'l' || g || '-' || u, 'c' || g || '-' || u, 'u' || u, 'rv1', 'IMPORT', now() FROM generate_series(1, 10000) g CROSS JOIN generate_series(1, 2) u;
    INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", value)
    SELECT 'lv' || g || '-' || u, 'l' || g || '-' || u, 'c-help', 'cand-' || (g * 10), 'cand-' || (g * 10), 1 + floor(random() * 5)
    FROM generate_series(1, 10000) g CROSS JOIN generate_series(1, 2) u`],
  // A settled database, as autovacuum leaves it within a minute of an import (2 % thresholds
  // on the score tables): statistics, and visibility maps so index-only scans skip the heap.
  ["vacuum", "VACUUM ANALYZE"],
];

const LEADERBOARD_DATA: [string, string][] = [
  ["10k arena items, 20 runs, 200k outputs", `
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash")
    SELECT 'a' || g, 'dv2', 'arena-' || g, g, 'Prompt ' || g, '{}', md5('a' || g) FROM generate_series(1, ${LB_ITEMS}) g;
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) SELECT 'run' || r, 'p1', 'dv2', 'model-' || lpad(r::text, 2, '0'), 'm' FROM generate_series(1, ${LB_RUNS}) r;
    INSERT INTO "Output" (id, "runId", "itemId", content) SELECT 'run' || r || '-' || g, 'run' || r, 'a' || g, 'answer' FROM generate_series(1, ${LB_ITEMS}) g CROSS JOIN generate_series(1, ${LB_RUNS}) r`],
  // Battle g: item 1 + g % 10k, run a = 1 + g / 10k, run b ≠ a; stronger runs (higher number) win more often.
  ["200k pairwise verdicts", `
    INSERT INTO "PairwiseJudgeScore" (id, "judgeId", "criterionId", "itemId", "outputAId", "outputBId", "shownOrder", verdict)
    SELECT 'pw' || g, 'j-pair', 'c-pref', 'a' || (1 + g % ${LB_ITEMS}), 'run' || a || '-' || (1 + g % ${LB_ITEMS}), 'run' || b || '-' || (1 + g % ${LB_ITEMS}), 'AB',
      (CASE WHEN u < 0.1 THEN 'TIE' WHEN u < 0.1 + 0.9 / (1 + power(10, (b - a) / 10.0)) THEN 'A' ELSE 'B' END)::"PairVerdict"
    FROM (
      SELECT g, 1 + (g / ${LB_ITEMS}) % ${LB_RUNS} AS a, 1 + ((g / ${LB_ITEMS}) % ${LB_RUNS} + 1 + g % ${LB_RUNS - 1}) % ${LB_RUNS} AS b, random() AS u
      FROM generate_series(0, ${LB_BATTLES - 1}) g
    ) battles`],
  ["analyze", "ANALYZE"],
];


const bench: Benchmark = {
  prefixes: ["compare.100k", "leaderboard.20x200k"],
  async run({ databaseUrl, report, log }) {
    await runSqlSteps(databaseUrl, log, process.env.BENCH_COMPARE_ONLY ? COMPARE_DATA : [...COMPARE_DATA, ...LEADERBOARD_DATA]);
    await withAppDatabase(databaseUrl, async () => {
      const { compareRuns } = await import("../../lib/comparisons/compare");
      const { computeLeaderboard } = await import("../../lib/leaderboard/leaderboard");
      const { leaderboardSchema } = await import("../../lib/leaderboard/schemas");

      const comparison = await compareRuns("p1", { baseline: "base", candidate: "cand" });
      log(`compared ${comparison.criteria.map((c) => `${c.key}: n=${c.paired}, regressed ${c.regressed}`).join("; ")}`);
      report("compare.100k.ms", await medianMs(3, () => compareRuns("p1", { baseline: "base", candidate: "cand" })), "ms");

      const options = leaderboardSchema.parse({ source: "j-pair", rounds: 1000, datasetVersion: "dv2" });
      const board = await computeLeaderboard("p1", options);
      log(`leaderboard: ${board.battles} battles, ${board.rows?.length ?? 0} runs, top ${board.rows?.[0]?.name} ${board.rows?.[0]?.rating.toFixed(0)}`);
      report("leaderboard.20x200k.ms", await medianMs(1, () => computeLeaderboard("p1", options)), "ms");
    });
  },
};

export default bench;
