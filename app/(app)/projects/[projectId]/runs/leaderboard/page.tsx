import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ChoiceField } from "@/components/ui/filter-form";
import { safeMessageOrThrow } from "@/lib/errors";
import { computeLeaderboard, type Leaderboard } from "@/lib/leaderboard/leaderboard";
import { leaderboardSchema } from "@/lib/leaderboard/schemas";
import { defaultSource, leaderboardSources } from "@/lib/leaderboard/sources";
import { requireProjectPage } from "@/lib/projects/access";
import { db } from "@/lib/db/client";
import { param } from "../format";
import { RatingChart } from "./rating-chart";
import { ErrorBanner } from "@/components/ui/error-banner";
import { runAnalytic } from "@/lib/db/analytics";

export const metadata: Metadata = { title: "Leaderboard" };

export default async function LeaderboardPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const query = await searchParams;
  const [sources, runs] = await Promise.all([
    leaderboardSources(projectId),
    db.run.findMany({ where: { projectId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const values = { source: param(query.source) || defaultSource(sources), anchor: param(query.anchor) || undefined };

  let board: Leaderboard | null = null;
  let error: string | null = null;
  const parsed = leaderboardSchema.safeParse(values);
  if (!parsed.success) error = parsed.error.issues.map((issue) => issue.message).join(" ");
  else {
    try {
      board = await runAnalytic(() => computeLeaderboard(projectId, parsed.data));
    } catch (caught) {
      error = safeMessageOrThrow(caught);
    }
  }

  return (
    <div className="space-y-6">
      <Card title="Leaderboard" description="Bradley–Terry ratings from pairwise preferences (a tie or “both bad” counts as half a win each), with 95% bootstrap intervals and rank with CI (docs/METRICS.md#bradley-terry).">
        <form method="get" className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <ChoiceField
            id="lb-source"
            name="source"
            label="Preferences from"
            value={values.source}
            choices={sources.map((s) => ({ value: s.source, label: `${s.label} (${s.battles.toLocaleString("en")} preferences, ${s.runs} runs)` }))}
          />
          <ChoiceField id="lb-anchor" name="anchor" label="Anchor" value={values.anchor} anyLabel="Mean rating = 1000" choices={runs.map((run) => ({ value: run.id, label: `${run.name} = 1000` }))} />
          <div className="sm:pb-0.5">
            <Button type="submit">Update</Button>
          </div>
        </form>
      </Card>
      <ErrorBanner message={error} />
      {board && <LeaderboardResult board={board} />}
    </div>
  );
}

function LeaderboardResult({ board }: { board: Leaderboard }) {
  const sourceText = board.source.kind === "human" ? "reviewers' preferences" : `${board.source.name}${board.source.promptVersion ? ` ${board.source.promptVersion}` : ""}${board.source.swapAverage ? " (swap-averaged: one battle per pair, a tie when the two orders disagree; errors left out)" : " (each shown order is one battle; errors left out)"}`;
  const anchorText = board.anchor.kind === "mean" ? "Anchor: the mean rating is 1000." : `Anchor: ${board.anchor.name} is pinned at 1000.`;
  return (
    <>
      <Card
        title="Ratings"
        description={`${board.battles.toLocaleString("en")} battles from ${sourceText}. ${anchorText} ${board.bootstrap.rounds.toLocaleString("en")} bootstrap resamples, seed ${board.bootstrap.seed}.`}
      >
        {board.rows ? (
          <div className="grid gap-6 lg:grid-cols-2">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Leaderboard</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Rank</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Run</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">Rating</th>
                  <th scope="col" className="py-2 pr-4 font-medium">95% CI</th>
                  <th scope="col" className="py-2 text-right font-medium">Battles</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {board.rows.map((row) => (
                  <tr key={row.runId}>
                    <td className="py-2 pr-4 tabular-nums">{row.rank}</td>
                    <th scope="row" className="py-2 pr-4 text-left font-medium">
                      {row.name}
                      <span className="block text-xs font-normal text-slate-500">{row.model}</span>
                    </th>
                    <td className="py-2 pr-4 text-right font-semibold tabular-nums">{row.rating.toFixed(0)}</td>
                    <td className="py-2 pr-4 tabular-nums text-slate-600">
                      {row.lower.toFixed(0)} – {row.upper.toFixed(0)}
                    </td>
                    <td className="py-2 text-right tabular-nums">{row.battles.toLocaleString("en")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <RatingChart rows={board.rows.map(({ name, rating, lower, upper }) => ({ name, rating, lower, upper }))} />
            <p className="text-xs text-slate-500 lg:col-span-2">
              Rank = 1 + the number of runs whose lower bound is above this run’s upper bound, so runs whose intervals overlap share a rank.
              {board.bootstrap.undefinedRounds > 0 && ` ${board.bootstrap.undefinedRounds} resamples were not estimable and are left out of the intervals.`}
            </p>
          </div>
        ) : (
          <EmptyState title="Not estimable">{board.notEstimable?.message}</EmptyState>
        )}
      </Card>
      {board.runs.length > 1 && <WinRateMatrix board={board} />}
    </>
  );
}

function WinRateMatrix({ board }: { board: Leaderboard }) {
  const order = board.rows ? board.rows.map((row) => ({ id: row.runId, name: row.name })) : board.runs;
  return (
    <Card title="Win-rate matrix" description="Share of decisive battles the row run won against the column run (ties left out); n = decisive battles (docs/METRICS.md#win-rate-matrix).">
      <div className="overflow-x-auto">
        <table className="text-sm">
          <caption className="sr-only">Win rate of the row run against the column run</caption>
          <thead>
            <tr>
              <th scope="col" className="p-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500">Row beats column</th>
              {order.map((run) => (
                <th key={run.id} scope="col" className="p-2 text-center text-xs font-medium text-slate-700">
                  {run.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {order.map((row) => (
              <tr key={row.id}>
                <th scope="row" className="p-2 text-left text-xs font-medium text-slate-700">
                  {row.name}
                </th>
                {order.map((col) => {
                  const cell = board.winRates[row.id]?.[col.id];
                  if (row.id === col.id) return <td key={col.id} className="p-2 text-center text-slate-300">—</td>;
                  if (!cell || cell.winRate.value === null) {
                    return (
                      <td key={col.id} className="p-2 text-center text-xs text-slate-400">
                        {cell ? `${cell.ties} ties` : "no battles"}
                      </td>
                    );
                  }
                  const v = cell.winRate.value;
                  // Blue for winning, red for losing; the text stays dark enough to read on both.
                  const background = v >= 0.5 ? `rgba(47, 111, 223, ${((v - 0.5) * 1.2).toFixed(2)})` : `rgba(220, 38, 38, ${((0.5 - v) * 1.2).toFixed(2)})`;
                  return (
                    <td key={col.id} className="min-w-20 rounded p-2 text-center tabular-nums" style={{ background }}>
                      <span className="font-semibold text-slate-900">{(v * 100).toFixed(0)}%</span>
                      <span className="block text-xs text-slate-800">n = {cell.winRate.n}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
