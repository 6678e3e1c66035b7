import { buildOpenApiDocument } from "@/lib/api/openapi";
// Each module registers its endpoints when imported; add yours here.
// lib/api/openapi.test.ts fails on any route file under app/api/v1 left out.
import "@/lib/api/endpoints/agreement";
import "@/lib/api/endpoints/datasets";
import "@/lib/api/endpoints/estimates";
import "@/lib/api/endpoints/evaluation-rules";
import "@/lib/api/endpoints/exports";
import "@/lib/api/endpoints/imports";
import "@/lib/api/endpoints/judge-runs";
import "@/lib/api/endpoints/judges";
import "@/lib/api/endpoints/meta";
import "@/lib/api/endpoints/review";
import "@/lib/api/endpoints/runs";
import "@/lib/api/endpoints/traffic";

// The OpenAPI 3 document of the REST API, generated from the zod schemas the
// handlers validate with. Public: it describes the API, it holds no data.
export function GET() {
  return Response.json(buildOpenApiDocument());
}
