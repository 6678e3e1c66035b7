import { z } from "zod";
import { db } from "@/lib/db/client";
import { meanWithCi } from "@/lib/stats/mean-ci";
import { findProjectJudge, judgeSchema } from "./judges";

// GET /api/v1/projects/{projectId}/judges/{judgeId}/summary: per run and
// criterion key, how many outputs the judge scored, how many calls failed,
// and the mean score with its 95 % Student-t interval. PostgreSQL sums the
// scores (n, Σx, Σx²); lib/stats turns the sums into the mean and interval.

const LEVEL = 0.95;

export const judgeSummarySchema = z.object({
  judge: judgeSchema,
  level: z.number().describe("Confidence level of every interval."),
  rows: z.array(
    z.object({
      run: z.object({ id: z.string(), name: z.string() }),
      criterionKey: z.string(),
      scored: z.number().int().describe("Outputs with a score (a number or a category); failed calls not included."),
      errors: z.number().int().describe("Failed calls (a score row with an error and no value)."),
      mean: z.object({
        value: z.number().nullable().describe("Mean of the numeric scores; null with `reason` when there is none (categorical criteria)."),
        n: z.number().int().describe("Numeric scores in the mean."),
        reason: z.string().optional(),
        sd: z.number().nullable().describe("Sample standard deviation (n − 1)."),
        lower: z.number().nullable().describe("Student-t interval of the mean; null below 2 scores."),
        upper: z.number().nullable(),
      }),
    }),
  ),
  pairwise: z
    .array(z.object({ criterionKey: z.string(), verdicts: z.number().int().describe("Verdicts other than ERROR, one per pair and shown order."), errors: z.number().int() }))
    .describe("Pairwise verdicts per criterion key (pairwise verdicts have no mean; see /bias)."),
});
export type JudgeSummary = z.infer<typeof judgeSummarySchema>;

type SumRow = { runId: string; runName: string; criterionKey: string; scored: number; errors: number; n: number; sum: number; sumOfSquares: number };
type PairwiseRow = { criterionKey: string; verdicts: number; errors: number };

export async function loadJudgeSummary(projectId: string, judgeId: string): Promise<JudgeSummary> {
  const { biasKind: _bias, ...judge } = await findProjectJudge(projectId, judgeId);
  const [sums, pairwise] = await Promise.all([
    db.$queryRaw<SumRow[]>`
      SELECT r.id AS "runId", r.name AS "runName", c.key AS "criterionKey",
        COUNT(*) FILTER (WHERE s.error IS NULL)::int AS scored, COUNT(*) FILTER (WHERE s.error IS NOT NULL)::int AS errors,
        COUNT(s.value)::int AS n, COALESCE(SUM(s.value), 0)::float8 AS sum, COALESCE(SUM(s.value * s.value), 0)::float8 AS "sumOfSquares"
      FROM "JudgeScore" s
      JOIN "Output" o ON o.id = s."outputId"
      JOIN "Run" r ON r.id = o."runId"
      JOIN "Criterion" c ON c.id = s."criterionId"
      WHERE s."judgeId" = ${judge.id}
      GROUP BY r.id, r.name, c.key
      ORDER BY r.name, r.id, c.key`,
    db.$queryRaw<PairwiseRow[]>`
      SELECT c.key AS "criterionKey", COUNT(*) FILTER (WHERE s.verdict <> 'ERROR')::int AS verdicts, COUNT(*) FILTER (WHERE s.verdict = 'ERROR')::int AS errors
      FROM "PairwiseJudgeScore" s JOIN "Criterion" c ON c.id = s."criterionId"
      WHERE s."judgeId" = ${judge.id}
      GROUP BY c.key ORDER BY c.key`,
  ]);
  return {
    judge,
    level: LEVEL,
    rows: sums.map((row) => {
      const stat = meanWithCi({ n: row.n, sum: row.sum, sumOfSquares: row.sumOfSquares }, LEVEL);
      const reason = row.n === 0 && row.scored > 0 ? "categorical scores have no mean" : stat.reason;
      return {
        run: { id: row.runId, name: row.runName },
        criterionKey: row.criterionKey,
        scored: row.scored,
        errors: row.errors,
        mean: { value: stat.value, n: stat.n, ...(reason ? { reason } : {}), sd: stat.sd, lower: stat.ci?.[0] ?? null, upper: stat.ci?.[1] ?? null },
      };
    }),
    pairwise,
  };
}
