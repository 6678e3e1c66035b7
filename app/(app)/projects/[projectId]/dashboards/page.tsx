import type { Metadata } from "next";
import Link from "next/link";
import { CiBarChart } from "@/components/charts/ci-bar-chart";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { headlineFigure } from "@/lib/agreement/figures";
import { listRubricVersions, loadDashboardOverview } from "@/lib/agreement/overview";
import { describeErrors, describeKinds } from "@/lib/judges/queries";
import { requireProjectPage } from "@/lib/projects/access";
import { ciRow, Figure, formatValue, kappaLabel } from "./figure";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ version?: string }> }) {
  const { projectId } = await params;
  const { version } = await searchParams;
  await requireProjectPage(projectId, "dashboards.view");
  const rubricVersions = await listRubricVersions(projectId);
  // Only a version of this project filters; anything else shows every version.
  const chosenVersion = rubricVersions.find((v) => v.id === version);
  const { judges, report } = await runAnalytic(() => loadDashboardOverview(projectId, { rubricVersionId: chosenVersion?.id }));
  const base = `/projects/${projectId}/dashboards`;
  const rowLabel = (row: (typeof report.rows)[number]) => `${row.judge.name} ${row.judge.promptVersion} · ${row.criterion.name}`;
  // κ for levels and categories; real-valued scores show Lin's concordance in its place.
  const kappaRows = report.rows.map((row) => ciRow(rowLabel(row), headlineFigure(row.criterion, row.overall.figures), row.ceiling.alpha.value));
  const exactRows = report.rows.map((row) => ciRow(rowLabel(row), row.overall.figures.exact, row.ceiling.pairwiseAgreement.value));

  return (
    <div className="space-y-6">
      <Card title="Judges" description="Automated scorers in this project; each prompt version is its own judge.">
        {judges.length === 0 ? (
          <EmptyState title="No judges yet">Upload judge scores to compare judges with your reviewers.</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4 font-medium">Judge</th>
                <th className="py-2 pr-4 font-medium">Model</th>
                <th className="py-2 pr-4 font-medium">Prompt version</th>
                <th className="py-2 pr-4 font-medium">Kind</th>
                <th className="py-2 pr-4 text-right font-medium">Scores</th>
                <th className="py-2 text-right font-medium">Failed calls</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {judges.map((judge) => (
                <tr key={judge.id}>
                  <td className="py-2 pr-4 font-medium">
                    {/* The cell's accessible name stays the judge's name alone: the link carries no extra words. */}
                    <Link className="text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600" href={`${base}/judges/${judge.id}`}>
                      {judge.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 font-mono text-xs">{judge.model}</td>
                  <td className="py-2 pr-4">{judge.promptVersion || "—"}</td>
                  <td className="py-2 pr-4">
                    <Badge>{describeKinds(judge.kinds)}</Badge>
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums">{judge.scores.toLocaleString("en")}</td>
                  <td className="py-2 text-right tabular-nums" data-testid={`judge-errors:${judge.name} ${judge.promptVersion}`}>
                    {describeErrors(judge)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card
        title="Judge vs human consensus"
        description="Each judge version against the reviewers' consensus (majority, or median for scales; the lead's adjudication where there is one; docs/METRICS.md#consensus), next to the human ceiling: how well reviewers agree with each other on the same units. One row per criterion key, across rubric versions. 95 % bootstrap intervals in brackets. Definitions: docs/METRICS.md#judge-vs-humans, docs/METRICS.md#human-ceiling."
      >
        {rubricVersions.length > 1 && (
          <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Rubric version filter">
            <label className="text-sm font-medium text-slate-700">
              Judge scores given on
              <select name="version" defaultValue={chosenVersion?.id ?? ""} className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
                <option value="">every rubric version</option>
                {rubricVersions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.rubric.name} v{v.version}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={buttonClass("secondary")}>
              Apply
            </button>
            <p className="text-xs text-slate-500">The reviewers&apos; side is always each reviewer&apos;s newest label across versions of the key.</p>
          </form>
        )}
        {report.rows.length === 0 ? (
          <EmptyState title="Nothing to compare yet">
            Agreement appears once a judge has scored outputs that reviewers have labelled too.
          </EmptyState>
        ) : (
          <div className="space-y-6">
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="agreement-table">
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">Judge version</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Criterion</th>
                    <th scope="col" className="py-2 pr-4 text-right font-medium">n</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Exact agreement</th>
                    <th scope="col" className="py-2 pr-4 font-medium"><span className="normal-case">κ</span></th>
                    <th scope="col" className="py-2 pr-4 font-medium">Human <span className="normal-case">α</span></th>
                    <th scope="col" className="py-2 pr-4 font-medium">Human–human agreement</th>
                    <th scope="col" className="py-2 font-medium">Change vs previous version</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {report.rows.map((row) => {
                    const id = `${row.judge.name} ${row.judge.promptVersion}|${row.criterion.key}`;
                    const f = row.overall.figures;
                    return (
                      <tr key={`${row.judge.id}:${row.criterion.key}`} data-row={id}>
                        <th scope="row" className="py-2 pr-4 font-medium text-slate-900">
                          <Link className="hover:underline focus-visible:outline-2 focus-visible:outline-brand-600" href={`${base}/judges/${row.judge.id}?criterion=${encodeURIComponent(row.criterion.key)}`}>
                            {row.judge.name} <span className="text-slate-500">{row.judge.promptVersion}</span>
                          </Link>
                        </th>
                        <td className="py-2 pr-4">{row.criterion.name}</td>
                        <td className="py-2 pr-4 text-right tabular-nums" data-testid={`n:${id}`}>{f.n}</td>
                        <td className="py-2 pr-4">
                          <Figure stat={f.exact} kind="percent" testId={`exact:${id}`} />
                        </td>
                        <td className="py-2 pr-4">
                          <Figure stat={headlineFigure(row.criterion, f)} testId={`kappa:${id}`} />
                          <div className="text-xs text-slate-500">{row.criterion.categorical ? kappaLabel(row.criterion.weights) : "Lin's concordance"}</div>
                        </td>
                        <td className="py-2 pr-4">
                          <Figure stat={row.ceiling.alpha} testId={`alpha:${id}`} />
                        </td>
                        <td className="py-2 pr-4">
                          <Figure stat={row.ceiling.pairwiseAgreement} kind="percent" testId={`hh:${id}`} />
                        </td>
                        <td className="py-2 text-xs text-slate-600">
                          {row.movement ? (
                            <>
                              from {row.movement.fromVersion}: κ {row.movement.kappa === null ? "—" : formatValue(row.movement.kappa, "signed")}, agreement{" "}
                              {row.movement.exact === null ? "—" : `${formatValue(row.movement.exact * 100, "signed")} pts`}
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="grid gap-6 xl:grid-cols-2">
              <CiBarChart
                title="Judge κ with 95 % bootstrap interval, beside the reviewers' Krippendorff α on the same units"
                rows={kappaRows}
                valueName="Judge vs consensus κ"
                ceilingName="Human ceiling (Krippendorff α)"
                axisLabel="Agreement beyond chance (κ, α)"
              />
              <CiBarChart
                title="Exact agreement with 95 % bootstrap interval, beside human–human agreement on the same units"
                rows={exactRows}
                valueName="Judge vs consensus agreement"
                ceilingName="Human–human agreement"
                axisLabel="Share of units in the same category"
                domain={[0, 1]}
                format="percent"
              />
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
