import { buildOpenApiDocument } from "@/lib/api/openapi";
// Each module registers its endpoints when imported; add yours here.
import "@/lib/api/endpoints/imports";
import "@/lib/api/endpoints/datasets";

// The OpenAPI 3 document of the REST API, generated from the zod schemas the
// handlers validate with. Public: it describes the API, it holds no data.
export function GET() {
  return Response.json(buildOpenApiDocument());
}
