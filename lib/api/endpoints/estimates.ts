import { z } from "zod";
import { registerEndpoint } from "@/lib/api/openapi";
import { estimateFiguresShape } from "@/lib/estimates/response-schemas";
import { estimatesQuerySchema } from "@/lib/estimates/schemas";

// OpenAPI entry for calibrated estimates (handler: lib/estimates/estimates.ts).

const runSummary = z.object({ id: z.string(), name: z.string(), model: z.string(), promptVersion: z.string(), datasetVersionId: z.string(), datasetName: z.string(), datasetVersion: z.number().int() });

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/estimates",
  summary: "Calibrated estimates (PPI++) of a run on a criterion",
  description:
    "The judge's figure over every unit it scored (uncorrected), the experts-only figure and the PPI++ figure (the judge's figure corrected by its measured error on expert-labelled units), each with a 95 % normal interval, n (expert-labelled units), N (judge-only units), λ and the effective number of expert labels. `estimate` repeats the figure `estimator` asks for. Intervals are null with `notEnoughData` when too few units are labelled. With `setup`, only that review setup's labelled units are the expert sample, weighted by 1/inclusion probability. A PREFERENCE criterion gives the run's win rate `against` another run (win 1, tie ½, loss 0; the pairwise judge's verdicts averaged over shown orders). Needs a READ token, or a lead/admin session. Definitions: docs/METRICS.md, calibrated estimates.",
  tags: ["runs"],
  query: estimatesQuerySchema,
  response: z.object({
    run: runSummary,
    against: runSummary.nullable().describe("The other run of a win rate (PREFERENCE criteria)."),
    criterion: z.object({ key: z.string(), name: z.string(), kind: z.string(), metric: z.enum(["mean", "pass rate", "win rate"]) }),
    judge: z.object({ id: z.string(), name: z.string(), promptVersion: z.string() }),
    setup: z.object({ id: z.string(), name: z.string() }).nullable(),
    slice: z.string().nullable().describe("The item tag the units were restricted to."),
    estimator: z.enum(["ppi", "classical", "judge"]),
    estimate: z.object({ value: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() }),
    weighted: z.boolean(),
    confidence: z.number(),
    ...estimateFiguresShape,
  }),
});
