import { projectRoute } from "@/lib/auth/route";
import { compareRuns } from "@/lib/comparisons/compare";
import { compareRunsSchema } from "@/lib/comparisons/schemas";

// GET /api/v1/projects/:projectId/compare?baseline=…&candidate=…[&criterion=…][&judge=…][&tag=…][&likertThreshold=…]
export const GET = projectRoute({ permission: "dashboards.view", analytic: true, query: compareRunsSchema }, async ({ projectId, query }) => compareRuns(projectId, query));
