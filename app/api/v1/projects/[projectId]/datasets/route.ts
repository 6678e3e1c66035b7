import { projectRoute } from "@/lib/auth/route";
import { listDatasetSummaries } from "@/lib/imports/queries";

// GET: the project's datasets with their versions (READ token or lead/admin session).
export const GET = projectRoute({ permission: "datasets.read" }, async ({ projectId }) => ({ datasets: await listDatasetSummaries(projectId) }));
