import { db } from "@/lib/db/client";
import { canonicalPairSql, canonicalVerdictSql, SWAP_AVERAGED_VERDICT } from "@/lib/agreement/sql";
import { judgesWithScores } from "@/lib/judges/queries";
import { SafeError } from "@/lib/errors";
import { PREFERENCE_VERDICTS, type PreferenceVerdict } from "@/lib/rubrics/kinds";
import { Prisma } from "@/lib/generated/prisma/client";
import { winRate, type Outcome } from "@/lib/stats/judge-bias";
import { bootstrapBradleyTerryReport, type Battle } from "@/lib/stats/ranking";
import { NotEstimableError, type Stat } from "@/lib/stats/types";
import type { LeaderboardInput } from "./schemas";

// Bradley–Terry leaderboard over runs (docs/METRICS.md#bradley-terry). SQL reduces every
// preference — reviewers' A|B|TIE|BOTH_BAD labels on "<outputA>:<outputB>",
// or one pairwise judge's verdicts (in terms of outputs A/B, each shown order
// counted as one battle; for a judge version with swapAverage, one battle per
// pair with its swap-averaged verdict) — to counts per (run A, run B, outcome); lib/stats
// fits the ratings, bootstraps them and ranks with CIs. "Both bad" counts as a
// tie, as FastChat does; judge errors are left out.

/** swapAverage: the judge version reports one swap-averaged verdict per pair instead of one per shown order. */
export type LeaderboardSource = { kind: "human" } | { kind: "judge"; id: string; name: string; promptVersion: string; swapAverage: boolean };

export type LeaderboardRow = { runId: string; name: string; model: string; rating: number; lower: number; upper: number; rank: number; battles: number };

export type WinRateCell = { winRate: Stat; wins: number; losses: number; ties: number };

export type Leaderboard = {
  source: LeaderboardSource;
  anchor: { kind: "mean"; rating: 1000 } | { kind: "run"; runId: string; name: string; rating: 1000 };
  battles: number;
  runs: { id: string; name: string; model: string }[];
  /** Null with `notEstimable` when the ratings do not exist (disconnected comparisons, a run that only wins or only loses). */
  rows: LeaderboardRow[] | null;
  notEstimable: { reason: string; message: string } | null;
  /** winRates[a][b]: share of a's decisive battles against b that a won (ties excluded). */
  winRates: Record<string, Record<string, WinRateCell>>;
  bootstrap: { rounds: number; seed: number; undefinedRounds: number };
};

type CountRow = { a: string; b: string; outcome: PreferenceVerdict; n: number };

async function resolveSource(projectId: string, source: string): Promise<LeaderboardSource> {
  if (source === "human") return { kind: "human" };
  const [judge] = await judgesWithScores(projectId, "PAIRWISE", { ref: source, limit: 1 });
  if (!judge) throw new SafeError("NOT_FOUND", `Unknown pairwise judge "${source}": use "human" or a pairwise judge of this project.`, [{ field: "source", message: "Unknown pairwise judge." }]);
  const { swapAverage } = await db.judge.findUniqueOrThrow({ where: { id: judge.id }, select: { swapAverage: true } });
  return { kind: "judge", id: judge.id, name: judge.name, promptVersion: judge.promptVersion, swapAverage };
}

function battleCounts(projectId: string, source: LeaderboardSource, input: LeaderboardInput) {
  const criterion = input.criterion ?? null;
  const version = input.datasetVersion ?? null;
  if (source.kind === "human") {
    return db.$queryRaw<CountRow[]>(Prisma.sql`
      SELECT ra.id AS a, rb.id AS b, v.category AS outcome, count(*)::int AS n
      FROM "LabelValue" v
      JOIN "Criterion" c ON c.id = v."criterionId"
      JOIN "Output" oa ON oa.id = split_part(v."targetKey", ':', 1)
      JOIN "Output" ob ON ob.id = split_part(v."targetKey", ':', 2)
      JOIN "Run" ra ON ra.id = oa."runId"
      JOIN "Run" rb ON rb.id = ob."runId"
      WHERE c.kind = 'PREFERENCE' AND v.category = ANY(${[...PREFERENCE_VERDICTS]}::text[])
        AND ra."projectId" = ${projectId} AND rb."projectId" = ${projectId} AND ra.id <> rb.id
        AND (${criterion}::text IS NULL OR c.key = ${criterion}::text)
        AND (${version}::text IS NULL OR (ra."datasetVersionId" = ${version}::text AND rb."datasetVersionId" = ${version}::text))
      GROUP BY ra.id, rb.id, v.category`);
  }
  if (source.swapAverage) {
    // One battle per (criterion, pair): its verdicts over both orders combined by the agreement figures' rule.
    return db.$queryRaw<CountRow[]>(Prisma.sql`
      SELECT oa."runId" AS a, ob."runId" AS b, d.outcome, count(*)::int AS n
      FROM (
        SELECT split_part(pair, ':', 1) AS "outputAId", split_part(pair, ':', 2) AS "outputBId", ${SWAP_AVERAGED_VERDICT} AS outcome
        FROM (
          SELECT s."criterionId", ${canonicalPairSql("s")} AS pair, ${canonicalVerdictSql("s")} AS v
          FROM "PairwiseJudgeScore" s JOIN "Criterion" c ON c.id = s."criterionId"
          WHERE s."judgeId" = ${source.id} AND (${criterion}::text IS NULL OR c.key = ${criterion}::text)
        ) verdicts
        GROUP BY "criterionId", pair
      ) d
      JOIN "Output" oa ON oa.id = d."outputAId"
      JOIN "Output" ob ON ob.id = d."outputBId"
      JOIN "Run" ra ON ra.id = oa."runId"
      WHERE d.outcome IS NOT NULL AND oa."runId" <> ob."runId"
        AND (${version}::text IS NULL OR ra."datasetVersionId" = ${version}::text)
      GROUP BY oa."runId", ob."runId", d.outcome`);
  }
  return db.$queryRaw<CountRow[]>(Prisma.sql`
    SELECT oa."runId" AS a, ob."runId" AS b, s.verdict::text AS outcome, count(*)::int AS n
    FROM "PairwiseJudgeScore" s
    JOIN "Criterion" c ON c.id = s."criterionId"
    JOIN "Output" oa ON oa.id = s."outputAId"
    JOIN "Output" ob ON ob.id = s."outputBId"
    JOIN "Run" ra ON ra.id = oa."runId"
    WHERE s."judgeId" = ${source.id} AND s.verdict <> 'ERROR' AND oa."runId" <> ob."runId"
      AND (${criterion}::text IS NULL OR c.key = ${criterion}::text)
      AND (${version}::text IS NULL OR ra."datasetVersionId" = ${version}::text)
    GROUP BY oa."runId", ob."runId", s.verdict`);
}

const WINNER: Record<CountRow["outcome"], Battle["winner"]> = { A: "a", B: "b", TIE: "tie", BOTH_BAD: "tie" };

export async function computeLeaderboard(projectId: string, input: LeaderboardInput): Promise<Leaderboard> {
  const source = await resolveSource(projectId, input.source);
  const counts = await battleCounts(projectId, source, input);
  const runIds = [...new Set(counts.flatMap((row) => [row.a, row.b]))];
  const runs = await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, name: true, model: true }, orderBy: { name: "asc" } });
  const runById = new Map(runs.map((run) => [run.id, run]));

  let anchor: Leaderboard["anchor"] = { kind: "mean", rating: 1000 };
  if (input.anchor) {
    const run = await db.run.findFirst({ where: { projectId, OR: [{ id: input.anchor }, { name: input.anchor }] }, select: { id: true, name: true } });
    if (!run) throw new SafeError("NOT_FOUND", `Unknown anchor run "${input.anchor}".`, [{ field: "anchor", message: "Unknown run." }]);
    if (!runById.has(run.id)) throw new SafeError("VALIDATION", `The anchor run ${run.name} has no preferences in this leaderboard.`, [{ field: "anchor", message: "Run without battles." }]);
    anchor = { kind: "run", runId: run.id, name: run.name, rating: 1000 };
  }

  const battles: Battle[] = [];
  const outcomes = new Map<string, Outcome[]>();
  const push = (a: string, b: string, outcome: Outcome, n: number) => {
    const key = `${a}\u0000${b}`;
    const list = outcomes.get(key) ?? [];
    for (let i = 0; i < n; i++) list.push(outcome);
    outcomes.set(key, list);
  };
  const battleCount = new Map<string, number>();
  for (const row of counts) {
    const winner = WINNER[row.outcome];
    for (let i = 0; i < row.n; i++) battles.push({ a: row.a, b: row.b, winner });
    push(row.a, row.b, winner === "a" ? "win" : winner === "b" ? "loss" : "tie", row.n);
    push(row.b, row.a, winner === "b" ? "win" : winner === "a" ? "loss" : "tie", row.n);
    battleCount.set(row.a, (battleCount.get(row.a) ?? 0) + row.n);
    battleCount.set(row.b, (battleCount.get(row.b) ?? 0) + row.n);
  }

  const winRates: Leaderboard["winRates"] = {};
  for (const [key, list] of outcomes) {
    const [a, b] = key.split("\u0000") as [string, string];
    (winRates[a] ??= {})[b] = {
      winRate: winRate(list),
      wins: list.filter((o) => o === "win").length,
      losses: list.filter((o) => o === "loss").length,
      ties: list.filter((o) => o === "tie").length,
    };
  }

  const base = { source, anchor, battles: battles.length, runs, winRates };
  if (battles.length === 0) {
    return { ...base, rows: null, notEstimable: { reason: "no battles", message: "No pairwise preferences yet: collect reviewers' preferences or import a pairwise judge's verdicts." }, bootstrap: { rounds: input.rounds, seed: input.seed, undefinedRounds: 0 } };
  }
  try {
    const report = bootstrapBradleyTerryReport(battles, {
      rounds: input.rounds,
      seed: input.seed,
      anchor: anchor.kind === "run" ? { model: anchor.runId, rating: 1000 } : undefined,
    });
    const rows = Object.entries(report.models)
      .map(([runId, rated]) => ({ runId, name: runById.get(runId)?.name ?? runId, model: runById.get(runId)?.model ?? "", ...rated, battles: battleCount.get(runId) ?? 0 }))
      .sort((x, y) => y.rating - x.rating);
    return { ...base, rows, notEstimable: null, bootstrap: { rounds: report.rounds, seed: report.seed, undefinedRounds: report.undefinedRounds } };
  } catch (error) {
    if (!(error instanceof NotEstimableError)) throw error;
    return { ...base, rows: null, notEstimable: { reason: error.reason, message: notEstimableMessage(error, runById) }, bootstrap: { rounds: input.rounds, seed: input.seed, undefinedRounds: 0 } };
  }
}

function notEstimableMessage(error: NotEstimableError, runById: Map<string, { name: string }>) {
  // The stats module names runs by id; people know them by name.
  const name = (id: string) => runById.get(id)?.name ?? id;
  let detail = error.message.replace(/^Bradley–Terry not estimable:\s*/, "");
  for (const [id, run] of runById) detail = detail.split(id).join(run.name);
  const components = error.details.components as string[][] | undefined;
  if (error.reason === "disconnected" && components) detail += ` (${components.map((group) => group.map(name).join(", ")).join(" | ")})`;
  return `Not estimable: ${detail}. Add comparisons that connect every run to the others, with wins and losses both ways.`;
}
