import { medianMs, runSqlSteps, withAppDatabase } from "./helpers";
import type { Figure } from "../../lib/agreement/figures";
import type { Benchmark } from "./types";

// Judge vs human agreement at scale, timed through the functions the
// dashboards call:
//   agreement.1m.ms               one judge × criterion agreement table (SQL consensus,
//                                 pairing and contingency counts, then every figure of the
//                                 table and the human ceiling) over 1,000,000 human labels
//                                 (500,000 outputs × 2 reviewers) paired with 500,000 judge scores
//   agreement.bootstrap1000.ms    1,000-resample bootstrap CIs of every figure of that table
//                                 (exact, within-1, κ, linear κ, Spearman, Kendall, MAE, mean signed difference)
//   agreement.page.server_ms      the "Judges vs humans" page's server function on the same data
//   agreement.disagreements.ms    the disagreement explorer's top 50 (judge vs consensus, furthest
//                                 apart first) for that judge × criterion; sliced calls are logged
// Data is generated in SQL; each figure is the median of a few timed calls after a warm-up.

const OUTPUTS = 500_000;
const RUNS = 10;
const ITEMS = OUTPUTS / RUNS;

export const DATA: [string, string][] = [
  ["project, rubric, judge, reviewers", `
    SELECT setseed(0.17);
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") SELECT 'u' || g, 'rev' || g || '@bench.local', 'Reviewer ' || g, 'x', now() FROM generate_series(1, 2) g;
    INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'bench', 'Bench', now());
    INSERT INTO "Membership" (id, "projectId", "userId", role) SELECT 'm' || g, 'p1', 'u' || g, 'REVIEWER' FROM generate_series(1, 2) g;
    INSERT INTO "Rubric" (id, "projectId", name) VALUES ('rb1', 'p1', 'Quality');
    INSERT INTO "RubricVersion" (id, "rubricId", version) VALUES ('rv1', 'rb1', 1);
    INSERT INTO "Criterion" (id, "rubricVersionId", key, name, kind, required, position, config) VALUES
      ('c-help', 'rv1', 'helpfulness', 'Helpfulness', 'LIKERT', true, 0, '{"min":1,"max":5,"anchors":["","","","",""]}');
    INSERT INTO "Judge" (id, "projectId", name, model) VALUES ('j1', 'p1', 'judge', 'm');
    INSERT INTO "Dataset" (id, "projectId", name) VALUES ('d1', 'p1', 'golden');
    INSERT INTO "DatasetVersion" (id, "datasetId", version, "itemCount", "contentHash") VALUES ('dv1', 'd1', 1, ${ITEMS}, 'h1');`],
  [`${ITEMS.toLocaleString("en")} items, ${RUNS} runs, ${OUTPUTS.toLocaleString("en")} outputs`, `
    INSERT INTO "DatasetItem" (id, "datasetVersionId", "externalId", position, "inputText", tags, "contentHash")
    SELECT 'i' || g, 'dv1', 'item-' || g, g, 'Question ' || g, ARRAY[(ARRAY['billing','sync','sharing','security'])[1 + g % 4]], md5(g::text)
    FROM generate_series(1, ${ITEMS}) g;
    INSERT INTO "Run" (id, "projectId", "datasetVersionId", name, model) SELECT 'r' || g, 'p1', 'dv1', 'run-' || g, 'm' FROM generate_series(1, ${RUNS}) g;
    INSERT INTO "Output" (id, "runId", "itemId", content)
    SELECT 'o' || r || '-' || g, 'r' || r, 'i' || g, 'answer' FROM generate_series(1, ${ITEMS}) g CROSS JOIN generate_series(1, ${RUNS}) r;
    -- Latent quality per output: reviewers and the judge see it through their own noise.
    CREATE TABLE bench_quality AS SELECT o.id, 1 + floor(random() * 5)::int AS q FROM "Output" o;`],
  ["1,000,000 labels (2 reviewers × 500,000 outputs)", `
    INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", source, "updatedAt")
    SELECT 'l' || u || '-' || q.id, q.id, 'u' || u, 'rv1', 'IMPORT', now() FROM bench_quality q CROSS JOIN generate_series(1, 2) u;
    INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", value)
    SELECT 'lv' || u || '-' || q.id, 'l' || u || '-' || q.id, 'c-help', q.id, q.id,
      LEAST(5, GREATEST(1, q.q + CASE WHEN random() < 0.15 THEN -1 WHEN random() < 0.18 THEN 1 ELSE 0 END))
    FROM bench_quality q CROSS JOIN generate_series(1, 2) u;`],
  ["500,000 judge scores", `
    INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value)
    SELECT 'js-' || q.id, 'j1', q.id, 'c-help', LEAST(5, GREATEST(1, q.q + CASE WHEN random() < 0.2 THEN 1 WHEN random() < 0.1 THEN -1 ELSE 0 END))
    FROM bench_quality q;
    DROP TABLE bench_quality;`],
  // What autovacuum does shortly after a bulk load (the migration sets 2 % thresholds on
  // these tables): statistics, and the visibility map the index-only scans rely on.
  ["vacuum analyze", "VACUUM ANALYZE"],
];



const bench: Benchmark = {
  prefixes: ["agreement.1m", "agreement.bootstrap1000", "agreement.page", "agreement.disagreements"],
  async run({ databaseUrl, report, log }) {
    await runSqlSteps(databaseUrl, log, DATA);
    await withAppDatabase(databaseUrl, async () => {
      const { loadAgreementReport } = await import("../../lib/agreement/report");
      const { loadDashboardOverview } = await import("../../lib/agreement/overview");
      const { agreementFigures } = await import("../../lib/agreement/figures");
      const { listDisagreements } = await import("../../lib/agreement/disagreements");

      const table = () => loadAgreementReport("p1", { judgeId: "j1", criterionKey: "helpfulness", slices: false, bootstrap: false });
      const first = (await table()).rows[0]!;
      const f = first.overall.figures;
      log(`n=${f.n} exact=${f.exact.value?.toFixed(3)} κ=${f.kappa.value?.toFixed(3)} ρ=${f.spearman?.value?.toFixed(3)} α(humans)=${first.ceiling.alpha.value?.toFixed(3)} on ${first.ceiling.units} units`);
      report("agreement.1m.ms", await medianMs(3, table), "ms");

      // Every 95 % interval the overall row shows (exact, within one, κ quadratic and linear,
      // Spearman, Kendall, MAE, mean signed difference) from one set of 1,000 resamples of the cells.
      const bootstrap = () => agreementFigures(first.criterion, f.confusion.counts, { bootstrap: "all" });
      const ci = bootstrap();
      const interval = (name: string, fig: Figure | null) => (fig && "lower" in fig ? `${name} [${fig.lower?.toFixed(4)}, ${fig.upper?.toFixed(4)}]` : `${name} (none)`);
      log(`95 % CIs: ${[interval("exact", ci.exact), interval("within-1", ci.withinOne), interval("κ", ci.kappa), interval("κ linear", ci.kappaLinear), interval("ρ", ci.spearman), interval("τ-b", ci.kendall), interval("MAE", ci.mae), interval("MSD", ci.meanSignedDifference)].join(", ")}`);
      report("agreement.bootstrap1000.ms", await medianMs(5, bootstrap), "ms");

      report("agreement.page.server_ms", await medianMs(3, () => loadDashboardOverview("p1")), "ms");

      const disagreements = (slice: Parameters<typeof listDisagreements>[1]["slice"] = null) =>
        listDisagreements("p1", { judgeId: "j1", criterionKey: "helpfulness", slice });
      const top = await disagreements();
      log(`disagreements: ${top.length} rows, first ${top[0]?.targetKey} (distance ${top[0]?.distance}), last ${top.at(-1)?.targetKey} (distance ${top.at(-1)?.distance})`);
      report("agreement.disagreements.ms", await medianMs(3, () => disagreements()), "ms");
      for (const slice of [{ kind: "tag", value: "billing" }, { kind: "run", value: "r3" }] as const) {
        log(`disagreements in ${slice.kind} ${slice.value}: ${(await medianMs(3, () => disagreements(slice))).toFixed(0)} ms`);
      }
    });
  },
};

export default bench;
