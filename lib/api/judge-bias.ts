import { z } from "zod";
import { loadBiasPanel, MIN_BIAS_N } from "@/lib/agreement/bias";
import { figureSchema } from "./figure-schemas";
import { findProjectJudge, judgeSchema } from "./judges";

// GET /api/v1/projects/{projectId}/judges/{judgeId}/bias: the judge page's bias
// panel as JSON (loadBiasPanel), docs/METRICS.md#position-bias.

const count = (description: string) => z.number().int().describe(description);

const criterionPositionSchema = z.object({
  criterionKey: z.string(),
  criterionName: z.string(),
  judgedBothOrders: count("Pairs with a verdict in each shown order, failed calls included."),
  validPairs: count("Pairs with no ERROR in either order: the denominator of every rate."),
  consistent: count("Valid pairs with the same winner in both orders (or a tie in both)."),
  inconsistent: count("Valid pairs whose winner differs between the orders, a tie against a winner included."),
  errorPairs: count("Pairs with ERROR in either order."),
  biasedFirst: count("Inconsistent pairs that favour the answer shown first: (first, first), (first, tie), (tie, first)."),
  biasedSecond: count("Inconsistent pairs that favour the answer shown second."),
  oneOrderOnly: count("Pairs judged in one order only: in no figure."),
  inconsistencyRate: figureSchema.describe("inconsistent / validPairs."),
  firstPositionPreference: figureSchema.describe("biasedFirst / validPairs."),
  secondPositionPreference: figureSchema.describe("biasedSecond / validPairs."),
});

const shareCis = z.object({ consistency: figureSchema, biasedFirst: figureSchema, biasedSecond: figureSchema, error: figureSchema });

export const judgeBiasSchema = z.object({
  judge: judgeSchema,
  minimumN: z.number().int().describe("Below this many units a figure is null with reason \"not enough data\"."),
  positionByCriterion: z.array(criterionPositionSchema).describe("Position bias over valid pairs per criterion key (Zheng et al. 2023 §3.4); empty for a pointwise judge."),
  position: z
    .union([
      z.object({ consistency: z.number(), biasedFirst: z.number(), biasedSecond: z.number(), error: z.number(), n: z.number().int(), cis: shareCis }),
      z.object({ n: z.number().int(), reason: z.string() }),
    ])
    .describe("All criteria together, failed calls inside the denominator (the paper's Table 2 columns, summing to 1)."),
  firstPosition: figureSchema.describe("Share of verdicts, either order, that pick the answer shown first (ties in the denominator, errors not)."),
  verbosity: z.object({
    judge: figureSchema.describe("Share of the judge's decisive verdicts won by the longer output."),
    humans: figureSchema.describe("The same share among reviewers' decisive votes on the same pairs."),
    difference: figureSchema.describe("judge − humans; above 0 the judge rewards length more than people do."),
    basis: z.string(),
  }),
  selfPreference: figureSchema
    .extend({ judgeWinRate: figureSchema.optional(), humanWinRate: figureSchema.optional(), family: z.string() })
    .describe("Win rate the judge gives runs of its own model family minus the reviewers' win rate for them on the same pairs, ties excluded."),
});
export type JudgeBias = z.infer<typeof judgeBiasSchema>;

export async function loadJudgeBias(projectId: string, judgeId: string): Promise<JudgeBias> {
  const { biasKind, ...judge } = await findProjectJudge(projectId, judgeId);
  const panel = await loadBiasPanel(projectId, { id: judge.id, kind: biasKind, modelFamily: judge.modelFamily });
  return { judge, minimumN: MIN_BIAS_N, ...panel };
}
