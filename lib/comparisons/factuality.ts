import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { simpleQaMetricsFromCounts, type SimpleQaMetrics } from "@/lib/stats/factuality";
import { loadCriterionGroups } from "./criteria";
import { decidedScoresCtes } from "./decided-scores-sql";
import { resolveJudge } from "./runs";

// SimpleQA-style factuality per run (docs/METRICS.md#factuality) for every factuality
// criterion: the grade that counts is decided exactly as in run comparison
// (adjudication, then reviewers' majority, then the judge); SQL counts grades
// per run and lib/stats turns the counts into rates.

export type RunFactuality = {
  runId: string;
  runName: string;
  datasetVersionId: string;
  metrics: SimpleQaMetrics | null;
  /** Grades outside correct / incorrect / not attempted, left out of the rates. */
  otherGrades: number;
  sources: { adjudicated: number; human: number; judge: number };
};

export type FactualityReport = {
  judge: { id: string; name: string; promptVersion: string } | null;
  criteria: { key: string; name: string; rubricName: string; runs: RunFactuality[] }[];
};

type Row = { g: number; run_id: string; category: string | null; source: "adjudicated" | "human" | "judge"; n: number };

export async function factualityByRun(projectId: string, opts: { judge?: string; datasetVersion?: string } = {}): Promise<FactualityReport> {
  const groups = await loadCriterionGroups(projectId, { kinds: ["FACTUALITY"] });
  const runs = await db.run.findMany({
    // Without a version asked for, the golden datasets' runs: the production run's answers are monitored on their own pages.
    where: { projectId, ...(opts.datasetVersion ? { datasetVersionId: opts.datasetVersion } : { datasetVersion: { dataset: { kind: "GOLDEN" } } }) },
    select: { id: true, name: true, datasetVersionId: true },
    orderBy: [{ createdAt: "asc" }, { name: "asc" }],
  });
  if (groups.length === 0 || runs.length === 0) return { judge: null, criteria: groups.map((g) => ({ key: g.key, name: g.name, rubricName: g.rubricName, runs: [] })) };
  const judge = await resolveJudge(projectId, runs.map((run) => run.id), opts.judge);
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    ${decidedScoresCtes({ projectId, groups, runIds: runs.map((run) => run.id), judgeId: judge?.id ?? null })}
    SELECT g, run_id, category, source, count(*)::int AS n FROM decided GROUP BY g, run_id, category, source`);

  return {
    judge,
    criteria: groups.map((group) => ({
      key: group.key,
      name: group.name,
      rubricName: group.rubricName,
      runs: runs.map((run) => {
        const counts = { correct: 0, incorrect: 0, notAttempted: 0 };
        const sources = { adjudicated: 0, human: 0, judge: 0 };
        let otherGrades = 0;
        for (const row of rows) {
          if (row.g !== group.index || row.run_id !== run.id) continue;
          sources[row.source] += row.n;
          const grade = (row.category ?? "").replace(/[\s-]+/g, "_");
          if (grade === "correct") counts.correct += row.n;
          else if (grade === "incorrect") counts.incorrect += row.n;
          else if (grade === "not_attempted") counts.notAttempted += row.n;
          else otherGrades += row.n;
        }
        const graded = counts.correct + counts.incorrect + counts.notAttempted;
        return { runId: run.id, runName: run.name, datasetVersionId: run.datasetVersionId, metrics: graded > 0 ? simpleQaMetricsFromCounts(counts) : null, otherGrades, sources };
      }),
    })),
  };
}
