import { projectRoute } from "@/lib/auth/route";
import { compareRuns } from "@/lib/comparisons/compare";
import { compareRouteSchema } from "@/lib/comparisons/schemas";
import { comparisonEstimates } from "@/lib/estimates/paired";

// GET /api/v1/projects/:projectId/compare?baseline=…&candidate=…[&criterion=…][&judge=…][&tag=…][&likertThreshold=…][&estimator=ppi]
// With estimator=ppi the answer adds `ppi`: each criterion's PPI++ paired difference.
export const GET = projectRoute({ permission: "dashboards.view", analytic: true, query: compareRouteSchema }, async ({ projectId, query }) => {
  const comparison = await compareRuns(projectId, query);
  return query.estimator === "ppi" ? { ...comparison, ppi: await comparisonEstimates(projectId, comparison, query) } : comparison;
});
