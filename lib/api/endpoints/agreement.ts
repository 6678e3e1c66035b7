import { z } from "zod";
import { figureSchema } from "@/lib/api/figure-schemas";
import { registerEndpoint } from "@/lib/api/openapi";
import { agreementQuerySchema } from "@/lib/agreement/schemas";

// OpenAPI entry for the judge–human agreement report (handler: lib/agreement/report.ts).

const label = z.union([z.string(), z.number()]);
const optionalFigure = figureSchema.nullable().describe("null when the figure does not apply to the criterion's kind.");

// Figures a criterion kind adds later appear as further properties (additionalProperties).
const figuresSchema = z
  .object({
    n: z.number().int().describe("Units with both a judge score and a human consensus."),
    reason: z.string().optional().describe("Why there are no figures at all (no overlap, n too small)."),
    exact: figureSchema,
    withinOne: optionalFigure,
    kappa: figureSchema.describe("Cohen's κ with the criterion's weights."),
    kappaAse: figureSchema.extend({ se: z.number().optional(), ci95: z.tuple([z.number(), z.number()]).optional() }).nullable(),
    kappaLinear: optionalFigure,
    spearman: optionalFigure,
    kendall: optionalFigure,
    mae: optionalFigure,
    meanSignedDifference: optionalFigure,
    confusion: z.object({ categories: z.array(label), counts: z.array(z.array(z.number().int())).describe("counts[human][judge] in declared order.") }),
  })
  .loose();

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/agreement",
  summary: "Judge–human agreement",
  description:
    "The figures of the Judges vs humans dashboard: per judge version and criterion key, agreement with the human consensus, κ, rank correlations and errors with 95 % bootstrap intervals, the confusion matrix, the human ceiling and (preference criteria) MT-Bench S1/S2. Undefined figures carry a reason.",
  tags: ["agreement"],
  query: agreementQuerySchema,
  response: z.object({
    criteria: z.array(z.object({ key: z.string(), name: z.string(), kind: z.string(), categories: z.array(label), ordinal: z.boolean(), numeric: z.boolean() }).loose()),
    rows: z.array(
      z.object({
        judge: z.object({ id: z.string(), name: z.string(), promptVersion: z.string(), kind: z.enum(["POINTWISE", "PAIRWISE"]) }),
        criterion: z.string().describe("Criterion key."),
        overall: figuresSchema,
        slices: z.array(z.object({ kind: z.string(), value: z.string(), label: z.string(), figures: figuresSchema })).describe("Per tag, category and run; empty unless slices=true."),
        ceiling: z.object({ units: z.number().int(), alpha: figureSchema, pairwiseAgreement: figureSchema }),
        mtBench: z.object({ s1: figureSchema, s2: figureSchema, humanS1: figureSchema, humanS2: figureSchema }).nullable(),
        movement: z.object({ fromVersion: z.string(), exact: z.number().nullable(), kappa: z.number().nullable() }).nullable(),
      }),
    ),
  }),
});
