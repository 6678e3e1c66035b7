import { MetricsText } from "@/components/metrics-text";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CiBarChart } from "@/components/charts/ci-bar-chart";
import { ConfusionHeatmap } from "@/components/charts/confusion-heatmap";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { loadBiasPanel } from "@/lib/agreement/bias";
import { BOOTSTRAP, headlineFigure as sliceHeadline } from "@/lib/agreement/figures";
import { loadAgreementReport } from "@/lib/agreement/report";
import { biasKind, describeErrors, describeKinds, findJudgeWithCounts } from "@/lib/judges/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { ciRow, Figure, FigureTile, kappaLabel, type ShownStat } from "../../figure";
import { BiasPanelView } from "./bias-panel";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Judge agreement" };

// A symmetric axis around 0 wide enough for every interval, in half scale points.
function errorDomain(figures: readonly (ShownStat | null)[]): [number, number] {
  const extent = Math.max(0.5, ...figures.flatMap((fig) => (fig ? [fig.value, fig.lower, fig.upper] : [])).map((v) => Math.abs(v ?? 0)));
  const half = Math.ceil(extent * 2) / 2;
  return [-half, half];
}

export default async function JudgePage({ params, searchParams }: { params: Promise<{ projectId: string; judgeId: string }>; searchParams: Promise<{ criterion?: string }> }) {
  const { projectId, judgeId } = await params;
  const { criterion: criterionParam } = await searchParams;
  await requireProjectPage(projectId, "dashboards.view");
  const judge = await findJudgeWithCounts(projectId, judgeId);
  if (!judge) notFound();
  // The criteria list needs only overall figures; slices (a bootstrap each) only for the criterion shown.
  const [report, bias] = await runAnalytic(() => Promise.all([loadAgreementReport(projectId, { judgeId, slices: false }), loadBiasPanel(projectId, { ...judge, kind: biasKind(judge) })]));
  const base = `/projects/${projectId}/dashboards`;
  const selected = report.rows.find((r) => r.criterion.key === criterionParam) ?? report.rows[0];
  const row = selected ? (await runAnalytic(() => loadAgreementReport(projectId, { judgeId, criterionKey: selected.criterion.key }))).rows[0] : undefined;
  const f = row?.overall.figures;

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${judge.name} ${judge.promptVersion}`}
        description={
          <>
            <span className="font-mono text-xs">{judge.model}</span> · {describeKinds(judge.kinds)} judge{judge.modelFamily ? ` · model family ${judge.modelFamily}` : ""} ·{" "}
            <span data-testid="judge-errors">{describeErrors(judge)}</span>
          </>
        }
        actions={
          <ButtonLink variant="secondary" href={base}>
            All judges
          </ButtonLink>
        }
      />

      {report.rows.length > 1 && (
        <nav aria-label="Criteria">
          <ul className="flex flex-wrap gap-2">
            {report.rows.map((r) => (
              <li key={r.criterion.key}>
                <Link
                  href={`?criterion=${encodeURIComponent(r.criterion.key)}`}
                  aria-current={r.criterion.key === row?.criterion.key ? "page" : undefined}
                  className={`rounded-full border px-3 py-1 text-sm focus-visible:outline-2 focus-visible:outline-brand-600 ${r.criterion.key === row?.criterion.key ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 text-slate-700 hover:bg-slate-100"}`}
                >
                  {r.criterion.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {!row || !f ? (
        <EmptyState title="No overlap with human labels">This judge has not scored any unit that reviewers labelled.</EmptyState>
      ) : (
        <>
          <Card
            title={`${row.criterion.name}: judge vs human consensus`}
            description={`${row.criterion.kind.toLowerCase()} criterion · ${row.overall.figures.n} paired units${row.criterion.categorical && row.overall.figures.noCategoricalConsensus > 0 ? ` (${row.overall.figures.noCategoricalConsensus} with a consensus between two levels: in the numeric figures, left out of agreement, κ and the confusion matrix; docs/METRICS.md#consensus)` : ""} · 95 % bootstrap intervals (${BOOTSTRAP.rounds.toLocaleString("en")} resamples of the paired units, seed ${BOOTSTRAP.seed}) in brackets · definitions: docs/METRICS.md#judge-vs-humans`}
            actions={
              <ButtonLink variant="secondary" href={`${base}/disagreements?judge=${judge.id}&criterion=${encodeURIComponent(row.criterion.key)}`}>
                Disagreements
              </ButtonLink>
            }
          >
            {row.overall.figures.reason && (
              <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                No agreement figures: {row.overall.figures.reason}.
              </p>
            )}
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4">
              {row.criterion.categorical && <FigureTile label="Exact agreement" stat={row.overall.figures.exact} kind="percent" testId="tile-exact" />}
              {row.criterion.categorical && row.criterion.ordinal && <FigureTile label="Within one point" stat={row.overall.figures.withinOne} kind="percent" testId="tile-within-one" />}
              {row.criterion.categorical && <FigureTile label={kappaLabel(row.criterion.weights)} stat={row.overall.figures.kappa} testId="tile-kappa" />}
              {row.criterion.categorical && row.criterion.ordinal && <FigureTile label="Cohen's κ (linear)" stat={row.overall.figures.kappaLinear} testId="tile-kappa-linear" />}
              {row.criterion.ordinal && <FigureTile label="Spearman ρ" stat={row.overall.figures.spearman} testId="tile-spearman" />}
              {row.criterion.ordinal && <FigureTile label="Kendall τ-b" stat={row.overall.figures.kendall} testId="tile-kendall" />}
              {!row.criterion.categorical && <FigureTile label="Pearson r" stat={row.overall.figures.pearson} testId="tile-pearson" />}
              {!row.criterion.categorical && (
                <FigureTile label="Lin's concordance" stat={row.overall.figures.lin} testId="tile-lin" hint="Like Pearson r, but 1 only when the judge gives the same values: a judge that scores everything higher is penalised." />
              )}
              {row.criterion.numeric && <FigureTile label="Mean absolute error" stat={row.overall.figures.mae} testId="tile-mae" />}
              {row.criterion.numeric && (
                <FigureTile label="Mean signed difference" stat={row.overall.figures.meanSignedDifference} kind="signed" testId="tile-msd" hint="Judge minus human: above 0, the judge is more lenient (docs/METRICS.md#mean-signed-difference)." />
              )}
              <FigureTile label="Human ceiling: Krippendorff α" stat={row.ceiling.alpha} testId="tile-alpha" hint={`Among reviewers, on ${row.ceiling.units} of the judge's units with 2+ labels (docs/METRICS.md#krippendorff-alpha).`} />
              {row.criterion.categorical && <FigureTile label="Human–human agreement" stat={row.ceiling.pairwiseAgreement} kind="percent" testId="tile-hh" hint="Mean pairwise agreement between reviewers on the same units (docs/METRICS.md#pairwise-agreement)." />}
              {row.mtBench && (
                <>
                  <FigureTile label="MT-Bench agreement S1 (with ties)" stat={row.mtBench.s1} kind="percent" testId="tile-s1" hint={`Judge vs each reviewer; humans among themselves: ${row.mtBench.humanS1.value === null ? row.mtBench.humanS1.reason : `${(row.mtBench.humanS1.value * 100).toFixed(1)} %`}. Random: 33 % (docs/METRICS.md#mt-bench-agreement).`} />
                  <FigureTile label="MT-Bench agreement S2 (no ties)" stat={row.mtBench.s2} kind="percent" testId="tile-s2" hint={`Humans among themselves: ${row.mtBench.humanS2.value === null ? row.mtBench.humanS2.reason : `${(row.mtBench.humanS2.value * 100).toFixed(1)} %`}. Random: 50 % (docs/METRICS.md#mt-bench-agreement).`} />
                </>
              )}
            </dl>
            {f && f.reason === undefined && (
              <div className="mt-6 grid gap-6 xl:grid-cols-2">
                <CiBarChart
                  title="Agreement with the human consensus"
                  rows={[
                    ...(row.criterion.categorical ? [ciRow("Exact agreement", f.exact, row.ceiling.pairwiseAgreement.value)] : []),
                    ...(row.criterion.categorical && row.criterion.ordinal ? [ciRow("Within one point", f.withinOne)] : []),
                    ...(row.criterion.categorical ? [ciRow(kappaLabel(row.criterion.weights), f.kappa, row.ceiling.alpha.value)] : []),
                    ...(row.criterion.categorical && row.criterion.ordinal ? [ciRow("Cohen's κ (linear)", f.kappaLinear)] : []),
                    ...(row.criterion.ordinal ? [ciRow("Spearman ρ", f.spearman), ciRow("Kendall τ-b", f.kendall)] : []),
                    ...(!row.criterion.categorical ? [ciRow("Pearson r", f.pearson), ciRow("Lin's concordance", f.lin, row.ceiling.alpha.value)] : []),
                    ...(row.mtBench ? [ciRow("MT-Bench S1 (with ties)", row.mtBench.s1, row.mtBench.humanS1.value), ciRow("MT-Bench S2 (no ties)", row.mtBench.s2, row.mtBench.humanS2.value)] : []),
                  ]}
                  valueName="Judge vs consensus"
                  ceilingName={row.criterion.categorical ? "Human ceiling (agreement, S1, S2: human–human; κ: Krippendorff α)" : "Human ceiling (Krippendorff α, interval)"}
                  axisLabel="Agreement (1 = perfect; κ, ρ, τ: 0 = chance)"
                />
                {row.criterion.numeric && (
                  <CiBarChart
                    title="Error against the human consensus, in scale points"
                    rows={[ciRow("Mean absolute error", f.mae), ciRow("Mean signed difference", f.meanSignedDifference)]}
                    valueName="Judge − consensus"
                    axisLabel="Scale points (signed: above 0, the judge is more lenient)"
                    domain={errorDomain([f.mae, f.meanSignedDifference])}
                    format="signed"
                  />
                )}
              </div>
            )}
            {row.movement && (
              <p className="mt-4 text-sm text-slate-600">
                Since prompt version {row.movement.fromVersion}: κ {row.movement.kappa === null ? "not comparable" : `${row.movement.kappa >= 0 ? "+" : "−"}${Math.abs(row.movement.kappa).toFixed(2)}`}, exact agreement{" "}
                {row.movement.exact === null ? "not comparable" : `${row.movement.exact >= 0 ? "+" : "−"}${Math.abs(row.movement.exact * 100).toFixed(1)} points`}.
              </p>
            )}
          </Card>

          <div className="grid gap-6 xl:grid-cols-2">
            <Card title="Confusion matrix" description="Rows: human consensus. Columns: the judge. The diagonal is agreement (docs/METRICS.md#confusion-matrix).">
              {!row.criterion.categorical ? (
                <EmptyState title="Real-valued scores">Scores are real numbers with no declared levels: see Pearson r, Lin&apos;s concordance and the errors above.</EmptyState>
              ) : row.overall.figures.n === 0 ? (
                <EmptyState title="No paired units" />
              ) : (
                <ConfusionHeatmap categories={row.overall.figures.confusion.categories} counts={row.overall.figures.confusion.counts} caption={`${row.criterion.name}: ${row.overall.figures.n} units`} />
              )}
            </Card>
            <Card title="By slice" description="The same figures per dataset tag, category and run. Slices below 5 units say so instead of showing a number (docs/METRICS.md#slices).">
              {row.slices.length === 0 ? (
                <EmptyState title="No slices">Items have no tags or categories, and the units come from one run.</EmptyState>
              ) : row.slices.every((s) => sliceHeadline(row.criterion, s.figures).value === null) ? (
                <EmptyState title="No slice has a figure">Every slice is too small or has no variation; the table below says why for each.</EmptyState>
              ) : (
                <CiBarChart
                  title={`${row.criterion.categorical ? "κ" : "Lin's concordance"} per slice for ${row.criterion.name}`}
                  rows={row.slices.map((s) => ciRow(s.label, sliceHeadline(row.criterion, s.figures)))}
                  valueName={row.criterion.categorical ? "κ" : "Lin's concordance"}
                  axisLabel={row.criterion.categorical ? kappaLabel(row.criterion.weights) : "Lin's concordance correlation coefficient"}
                />
              )}
            </Card>
          </div>

          {row.slices.length > 0 && (
            <Card title="Slices in numbers" description="Every figure per slice with its 95 % bootstrap interval in brackets (docs/METRICS.md#slices).">
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th scope="col" className="py-2 pr-4 font-medium">Slice</th>
                      <th scope="col" className="py-2 pr-4 text-right font-medium">n</th>
                      {row.criterion.categorical && <th scope="col" className="py-2 pr-4 font-medium">Exact agreement</th>}
                      {row.criterion.categorical && row.criterion.ordinal && <th scope="col" className="py-2 pr-4 font-medium">Within one point</th>}
                      {row.criterion.categorical && <th scope="col" className="py-2 pr-4 font-medium"><span className="normal-case">κ</span></th>}
                      {!row.criterion.categorical && <th scope="col" className="py-2 pr-4 font-medium">Pearson r</th>}
                      {!row.criterion.categorical && <th scope="col" className="py-2 pr-4 font-medium">Lin&apos;s concordance</th>}
                      {row.criterion.ordinal && <th scope="col" className="py-2 pr-4 font-medium">Spearman <span className="normal-case">ρ</span></th>}
                      {row.criterion.ordinal && <th scope="col" className="py-2 pr-4 font-medium">Kendall <span className="normal-case">τ</span>-b</th>}
                      {row.criterion.numeric && <th scope="col" className="py-2 pr-4 font-medium">Mean absolute error</th>}
                      {row.criterion.numeric && <th scope="col" className="py-2 font-medium">Mean signed difference</th>}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {row.slices.map((s) => (
                      <tr key={`${s.kind}:${s.value}`}>
                        <th scope="row" className="py-2 pr-4 font-medium">
                          <Link className="hover:underline" href={`${base}/disagreements?judge=${judge.id}&criterion=${encodeURIComponent(row.criterion.key)}&slice=${encodeURIComponent(`${s.kind}:${s.value}`)}`}>
                            {s.label}
                          </Link>
                        </th>
                        <td className="py-2 pr-4 text-right tabular-nums">{s.figures.n}</td>
                        {row.criterion.categorical && <td className="py-2 pr-4"><Figure stat={s.figures.exact} kind="percent" /></td>}
                        {row.criterion.categorical && row.criterion.ordinal && <td className="py-2 pr-4"><Figure stat={s.figures.withinOne} kind="percent" /></td>}
                        {row.criterion.categorical && <td className="py-2 pr-4"><Figure stat={s.figures.kappa} /></td>}
                        {!row.criterion.categorical && <td className="py-2 pr-4"><Figure stat={s.figures.pearson} /></td>}
                        {!row.criterion.categorical && <td className="py-2 pr-4"><Figure stat={s.figures.lin} /></td>}
                        {row.criterion.ordinal && <td className="py-2 pr-4"><Figure stat={s.figures.spearman} /></td>}
                        {row.criterion.ordinal && <td className="py-2 pr-4"><Figure stat={s.figures.kendall} /></td>}
                        {row.criterion.numeric && <td className="py-2 pr-4"><Figure stat={s.figures.mae} /></td>}
                        {row.criterion.numeric && <td className="py-2"><Figure stat={s.figures.meanSignedDifference} kind="signed" /></td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          )}
        </>
      )}

      <BiasPanelView bias={bias} kind={biasKind(judge)} />
      <p className="text-xs text-slate-500">
        <Badge>method</Badge> Consensus: each reviewer&apos;s newest answer; the most frequent answer for categories (no consensus on a tie), the median for scales (the mean of the two middle values when their number is even); a lead&apos;s agreed or adjudicated ground truth replaces it, a contested one leaves the unit out (<MetricsText text="docs/METRICS.md#consensus" />). Pairwise verdicts combine both shown orders conservatively (<MetricsText text="docs/METRICS.md#paired-units" />).
      </p>
    </div>
  );
}
