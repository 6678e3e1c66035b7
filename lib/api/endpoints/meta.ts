import { z } from "zod";
import { registerEndpoint } from "@/lib/api/openapi";

// OpenAPI entry for the document itself (handler: app/api/v1/openapi.json/route.ts).

registerEndpoint({
  method: "get",
  path: "/api/v1/openapi.json",
  summary: "This OpenAPI document",
  description: "Generated from the zod schemas the handlers validate with. Public: it describes the API and holds no data.",
  tags: ["meta"],
  response: z.object({ openapi: z.string(), info: z.object({}).loose(), paths: z.record(z.string(), z.unknown()) }).loose(),
  public: true,
});
