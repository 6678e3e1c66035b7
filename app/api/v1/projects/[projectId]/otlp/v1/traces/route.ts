import { projectRoute } from "@/lib/auth/route";
import { ingestOtlpRequest } from "@/lib/traffic/handlers";

// POST: OTLP/HTTP JSON traces; GenAI spans become traffic rows (lib/traffic/otlp.ts).
// Point an exporter's endpoint at …/api/v1/projects/{projectId}/otlp (it appends /v1/traces).
// Documented in /api/v1/openapi.json (lib/api/endpoints/traffic.ts).
export const POST = projectRoute({ permission: "traffic.ingest" }, ({ projectId, request }) => ingestOtlpRequest(projectId, request));
