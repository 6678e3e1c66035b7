import { z } from "zod";
import { registerEndpoint } from "@/lib/api/openapi";
import { EXPORT_KINDS, exportQuerySchema } from "@/lib/exports/schemas";

// OpenAPI entry for the streamed exports (handler: app/api/v1/projects/[projectId]/exports/[kind]/route.ts).

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/exports/{kind}",
  summary: "Export labels, ground truth or a calibration set",
  description:
    "Streams a file (JSONL or CSV, by `format`): every human label, the ground truth, or a calibration set of `size` units of one criterion (`criterion`, required for calibration) drawn with `seed`. CSV cells are guarded against spreadsheet formulas.",
  tags: ["exports"],
  pathParams: { kind: z.enum(EXPORT_KINDS).describe("What to export.") },
  query: exportQuerySchema,
  responseContent: { "application/x-ndjson": "binary", "text/csv": "binary" },
});
