import { projectRoute } from "@/lib/auth/route";
import { computeEstimate } from "@/lib/estimates/estimates";
import { estimatesQuerySchema } from "@/lib/estimates/schemas";

// GET /api/v1/projects/:projectId/estimates?run=…&criterion=…[&against=<run>][&slice=<tag>][&estimator=ppi|classical|judge][&judge=…][&setup=…]
// The judge-only (uncorrected), experts-only and PPI++ figures of one run and
// criterion with their 95 % intervals, n, N, λ and the effective expert labels.
export const GET = projectRoute({ permission: "dashboards.view", analytic: true, query: estimatesQuerySchema }, async ({ projectId, query }) => computeEstimate(projectId, query));
