import { projectRoute } from "@/lib/auth/route";
import { compareRuns } from "@/lib/comparisons/compare";
import { evaluateGate } from "@/lib/comparisons/gate";
import { gateSchema } from "@/lib/comparisons/schemas";

// GET /api/v1/projects/:projectId/gate?baseline=…&candidate=…[&criterion=…][&maxRegressions=N][&minDelta=X][&judge=…][&tag=…]
// The CI gate: 200 with { passed, reasons, criteria, … }; unknown runs, runs on
// different dataset versions or runs without scores are 4xx errors, never a pass.
export const GET = projectRoute({ permission: "dashboards.view", analytic: true, query: gateSchema }, async ({ projectId, query }) => {
  const comparison = await compareRuns(projectId, query);
  const gate = evaluateGate(comparison, { maxRegressions: query.maxRegressions, minDelta: query.minDelta });
  return {
    ...gate,
    baseline: comparison.baseline,
    candidate: comparison.candidate,
    judge: comparison.judge,
    tag: comparison.tag,
    regressedItems: comparison.items.filter((item) => item.direction === "regressed").map(({ externalId, turn, criterionKey, baseline, candidate }) => ({ externalId, turn, criterionKey, baselineSource: baseline.source, candidateSource: candidate.source })),
  };
});
