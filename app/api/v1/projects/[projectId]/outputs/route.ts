import { importRoute } from "@/lib/api/import-route";

// POST: bulk import of run outputs: a JSON batch or a streamed JSONL/JSON/CSV file.
// Documented in /api/v1/openapi.json (lib/api/endpoints/imports.ts).
export const POST = importRoute("OUTPUTS");
