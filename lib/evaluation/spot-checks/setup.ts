import { createReviewSetup } from "@/lib/review/setup";
import { ensureProductionDataset } from "../production-dataset";
import type { createSpotCheckSchema } from "./schemas";
import type { z } from "zod";

// A spot check is an ordinary review setup on the production dataset's one
// version and its one run ("Production"), in single-output mode: pairwise and
// ranking compare runs, and production traffic has exactly one. Blind as
// every setup can be; the draw is the "traffic" selection strategy.

export async function createSpotCheckSetup(input: z.output<typeof createSpotCheckSchema>, actorId: string | null) {
  const production = await ensureProductionDataset(input.projectId);
  return createReviewSetup(
    {
      projectId: input.projectId,
      name: input.name,
      datasetVersionId: production.datasetVersionId,
      rubricVersionId: input.rubricVersionId,
      mode: "SINGLE",
      runIds: [production.runId],
      selection: { strategy: "traffic", tags: [], ...input.selection },
      criterionKeys: input.criterionKeys,
      overlap: input.overlap,
      blindReview: input.blindReview,
      // One output per task: there is no left/right order to randomise.
      randomizeOrder: false,
      showReference: input.showReference,
      turns: "LAST",
    },
    actorId,
  );
}
