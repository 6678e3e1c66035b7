import { projectRoute } from "@/lib/auth/route";
import { ingestTrafficRequest } from "@/lib/traffic/handlers";

// POST: a batch of production traffic rows (lib/traffic/schemas.ts), masked and stored.
// Documented in /api/v1/openapi.json (lib/api/endpoints/traffic.ts).
export const POST = projectRoute({ permission: "traffic.ingest" }, ({ projectId, request }) => ingestTrafficRequest(projectId, request));
