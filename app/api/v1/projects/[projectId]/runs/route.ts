import { listRuns } from "@/lib/api/runs";
import { projectRoute } from "@/lib/auth/route";

// GET: the project's runs with dataset version and counts (READ token or lead/admin session).
// Documented in /api/v1/openapi.json (lib/api/endpoints/runs.ts).
export const GET = projectRoute({ permission: "datasets.read" }, async ({ projectId }) => listRuns(projectId));
