import { z } from "zod";
import { biasKind, findJudgeWithCounts, listJudgesWithCounts, type JudgeWithCounts } from "@/lib/judges/queries";
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
  kinds: z.array(z.enum(["POINTWISE", "PAIRWISE"])).describe("The kinds of score this judge has: pointwise scores, pairwise verdicts, or both (empty before any)."),
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

export async function listJudges(projectId: string): Promise<JudgeList> {
  const judges = await listJudgesWithCounts(projectId);
  return {
    judges: judges.map((judge) => ({
      ...publicJudge(judge),
      createdAt: judge.createdAt.toISOString(),
      counts: {
        pointwiseScores: judge.pointwise - judge.pointwiseErrors,
        pointwiseErrors: judge.pointwiseErrors,
        pairwiseVerdicts: judge.pairwise - judge.pairwiseErrors,
        pairwiseErrors: judge.pairwiseErrors,
        errors: judge.errors,
      },
    })),
  };
}

const publicJudge = (judge: JudgeWithCounts) => ({ id: judge.id, name: judge.name, model: judge.model, modelFamily: judge.modelFamily, promptVersion: judge.promptVersion, kinds: judge.kinds });

/** The judge of the URL, which must belong to the project (another project's id is "not found", never a leak). */
export async function findProjectJudge(projectId: string, judgeId: string) {
  const judge = await findJudgeWithCounts(projectId, judgeId);
  if (!judge) throw new SafeError("NOT_FOUND", "Judge not found in this project.");
  return { ...publicJudge(judge), biasKind: biasKind(judge) };
}
