import { z } from "zod";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";

// GET /api/v1/projects/{projectId}/judges: every judge version with its counts.
// A failed call is data, not a score: a pointwise row with `error` set, a
// pairwise verdict ERROR. Both are counted apart from the scores.

export const judgeSchema = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string(),
  modelFamily: z.string(),
  promptVersion: z.string(),
  kind: z.enum(["POINTWISE", "PAIRWISE"]),
});

export const judgeListSchema = z.object({
  judges: z.array(
    judgeSchema.extend({
      createdAt: z.string().describe("ISO 8601"),
      counts: z.object({
        pointwiseScores: z.number().int().describe("Pointwise scores given (failed calls not included)."),
        pointwiseErrors: z.number().int().describe("Pointwise calls that failed (JudgeScore.error set)."),
        pairwiseVerdicts: z.number().int().describe("Pairwise verdicts given, one per pair and shown order (ERROR not included)."),
        pairwiseErrors: z.number().int().describe("Pairwise verdicts ERROR."),
        errors: z.number().int().describe("pointwiseErrors + pairwiseErrors."),
      }),
    }),
  ),
});
export type JudgeList = z.infer<typeof judgeListSchema>;

type JudgeRow = z.infer<typeof judgeSchema> & { createdAt: Date; scores: number; scoreErrors: number; verdicts: number; verdictErrors: number };

export async function listJudges(projectId: string): Promise<JudgeList> {
  const rows = await db.$queryRaw<JudgeRow[]>`
    SELECT j.id, j.name, j.model, j."modelFamily", j."promptVersion", j.kind::text AS kind, j."createdAt",
      p.scores, p."scoreErrors", q.verdicts, q."verdictErrors"
    FROM "Judge" j
    CROSS JOIN LATERAL (
      SELECT COUNT(*) FILTER (WHERE error IS NULL)::int AS scores, COUNT(*) FILTER (WHERE error IS NOT NULL)::int AS "scoreErrors"
      FROM "JudgeScore" WHERE "judgeId" = j.id
    ) p
    CROSS JOIN LATERAL (
      SELECT COUNT(*) FILTER (WHERE verdict <> 'ERROR')::int AS verdicts, COUNT(*) FILTER (WHERE verdict = 'ERROR')::int AS "verdictErrors"
      FROM "PairwiseJudgeScore" WHERE "judgeId" = j.id
    ) q
    WHERE j."projectId" = ${projectId}
    ORDER BY j.name, j."promptVersion", j."createdAt", j.id`;
  return {
    judges: rows.map(({ createdAt, scores, scoreErrors, verdicts, verdictErrors, ...judge }) => ({
      ...judge,
      createdAt: createdAt.toISOString(),
      counts: { pointwiseScores: scores, pointwiseErrors: scoreErrors, pairwiseVerdicts: verdicts, pairwiseErrors: verdictErrors, errors: scoreErrors + verdictErrors },
    })),
  };
}

/** The judge of the URL, which must belong to the project (another project's id is "not found", never a leak). */
export async function findProjectJudge(projectId: string, judgeId: string) {
  const judge = await db.judge.findFirst({
    where: { id: judgeId, projectId },
    select: { id: true, name: true, model: true, modelFamily: true, promptVersion: true, kind: true },
  });
  if (!judge) throw new SafeError("NOT_FOUND", "Judge not found in this project.");
  return judge;
}
