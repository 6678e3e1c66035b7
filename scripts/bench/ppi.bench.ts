import { medianMs, runSqlSteps, withAppDatabase } from "./helpers";
import type { Benchmark } from "./types";

// Calibrated estimates at scale, timed in process through the functions the
// screen and the REST API call (lib/estimates):
//   ppi.20runs.ms   PPI++ figures with intervals (and the experts-only and judge-only
//                   ones) for 20 runs × 100,000 judge-scored items, 2,000 of them
//                   expert-labelled per run, on a likert and a binary criterion, for
//                   all items and each of 10 slices (item tags): one units query
//                   from the database (counts from JudgeScoreTally, which the triggers
//                   fill while the data below is inserted, as they do for imports),
//                   then lib/stats/ppi per run × criterion × slice.
// Data is generated in SQL on a fresh database. Sizes can be lowered to check the bench
// quickly (BENCH_PPI_ITEMS, BENCH_PPI_RUNS, BENCH_PPI_LABELLED); the figure's name
// states the goal's size only when run at it.

const ITEMS = Number(process.env.BENCH_PPI_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_PPI_RUNS ?? 20);
const LABELLED = Number(process.env.BENCH_PPI_LABELLED ?? 2_000);
const SLICES = 10;
/** Spacing of the labelled items: every STEP-th item, shifted by k % SLICES so every slice gets its share. */
const STEP = Math.floor(ITEMS / LABELLED);
if (STEP <= SLICES) throw new Error("BENCH_PPI_ITEMS must exceed BENCH_PPI_LABELLED × 10 (one labelled item in every stretch of more than 10).");

const DATA: [string, string][] = [
  ["project, rubric, judge", `
    SELECT setseed(0.14);
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'expert@bench.local', 'Expert', 'x', now());
    INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
    INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
    INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
    INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES
      ('c-help', 'rv1', 'helpfulness', 'Helpfulness', 'LIKERT', true, 0, '{"min":1,"max":5,"anchors":["","","","",""]}'),
      ('c-safe', 'rv1', 'safe', 'Safe', 'BINARY', true, 1, '{}');
    INSERT INTO "Judge" (id, "projectId", name, model) VALUES ('j1', 'p1', 'judge', 'm');
    INSERT INTO "Dataset" (id, "projectId", name) VALUES ('d1', 'p1', 'golden');
    INSERT INTO "DatasetVersion" (id, "datasetId", version, "itemCount", "contentHash") VALUES ('dv1', 'd1', 1, ${ITEMS}, 'h1');`],
  [`${ITEMS.toLocaleString("en")} items in ${SLICES} slices`, `
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash")
    SELECT 'i' || lpad(g::text, 7, '0'), 'dv1', 'item-' || g, g, 'Question ' || g, ARRAY['slice-' || (g % ${SLICES})], md5(g::text)
    FROM generate_series(1, ${ITEMS}) g`],
  [`${RUNS} runs, ${(RUNS * ITEMS).toLocaleString("en")} outputs`, `
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) SELECT 'r' || r, 'p1', 'dv1', 'run-' || lpad(r::text, 2, '0'), 'm' FROM generate_series(1, ${RUNS}) r;
    INSERT INTO "Output" (id, "runId", "itemId", content)
    SELECT 'o' || r || '-' || g, 'r' || r, 'i' || lpad(g::text, 7, '0'), 'answer' FROM generate_series(1, ${RUNS}) r CROSS JOIN generate_series(1, ${ITEMS}) g`],
  // A judge that is lenient (scores high) and noisier in slice 0.
  [`${(2 * RUNS * ITEMS).toLocaleString("en")} judge scores`, `
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
    SELECT 'jh' || r || '-' || g, 'j1', 'o' || r || '-' || g, 'c-help', LEAST(5, 1 + floor(random() * 5) + CASE WHEN random() < 0.3 THEN 1 ELSE 0 END)
    FROM generate_series(1, ${RUNS}) r CROSS JOIN generate_series(1, ${ITEMS}) g;
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
    SELECT 'js' || r || '-' || g, 'j1', 'o' || r || '-' || g, 'c-safe', CASE WHEN random() < CASE WHEN g % ${SLICES} = 0 THEN 0.7 ELSE 0.92 END THEN 1 ELSE 0 END
    FROM generate_series(1, ${RUNS}) r CROSS JOIN generate_series(1, ${ITEMS}) g`],
  // Every (ITEMS / LABELLED)-th item of each run is expert-labelled: a systematic, uniform sample.
  [`${(RUNS * LABELLED).toLocaleString("en")} expert labels per criterion`, `
    INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", source, "updatedAt")
    SELECT 'l' || r || '-' || k, 'c' || r || '-' || k, 'u1', 'rv1', 'IMPORT', now() FROM generate_series(1, ${RUNS}) r CROSS JOIN generate_series(1, ${LABELLED}) k;
    INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", value)
    SELECT 'lv' || c || r || '-' || k, 'l' || r || '-' || k, c, o, o, CASE WHEN c = 'c-help' THEN 1 + floor(random() * 5) ELSE CASE WHEN random() < 0.85 THEN 1 ELSE 0 END END
    FROM generate_series(1, ${RUNS}) r CROSS JOIN generate_series(1, ${LABELLED}) k
    CROSS JOIN LATERAL (SELECT 'o' || r || '-' || ((k - 1) * ${STEP} + 1 + k % ${SLICES}) AS o) t
    CROSS JOIN (VALUES ('c-help'), ('c-safe')) v(c)`],
  ["vacuum", "VACUUM ANALYZE"],
];

const bench: Benchmark = {
  prefixes: ["ppi.20runs"],
  async run({ databaseUrl, report, log }) {
    await runSqlSteps(databaseUrl, log, DATA);
    await withAppDatabase(databaseUrl, async () => {
      const { loadCriterionGroups } = await import("../../lib/comparisons/criteria");
      const { bucketUnits, loadUnits } = await import("../../lib/estimates/estimates");
      const { estimateFigures } = await import("../../lib/estimates/figures");
      const runIds = Array.from({ length: RUNS }, (_, r) => `r${r + 1}`);
      const slices = [null, ...Array.from({ length: SLICES }, (_, s) => `slice-${s}`)];

      // What the screen does for every run × criterion × slice: one units query, then lib/stats.
      const figures = async () => {
        const groups = await loadCriterionGroups("p1");
        const units = await loadUnits({ projectId: "p1", groups, judgeId: "j1", runIds, slices: { tag: null, withTags: true }, setupId: null });
        const unitsFor = bucketUnits(units);
        return runIds.flatMap((run) => groups.flatMap((group) => slices.map((slice) => ({ run, key: group.key, slice, figures: estimateFigures(unitsFor(run, group.index, slice)) }))));
      };
      const all = await figures();
      const first = all.find((f) => f.slice === null && f.key === "safe")!;
      log(`${all.length} figure sets; ${first.run} safe: judge ${first.figures.judgeOnly.estimate?.toFixed(3)}, PPI++ ${first.figures.ppi?.estimate.toFixed(3)} [${first.figures.ppi?.lower.toFixed(3)}, ${first.figures.ppi?.upper.toFixed(3)}], n=${first.figures.n}, N=${first.figures.N}, λ=${first.figures.ppi?.lambda.toFixed(2)}`);
      const missing = all.filter((f) => f.figures.ppi === null).length;
      if (missing) log(`${missing} figure set(s) without an interval (not enough data)`);
      report("ppi.20runs.ms", await medianMs(3, figures), "ms");
    });
  },
};

export default bench;
