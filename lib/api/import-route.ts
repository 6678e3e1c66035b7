import { z } from "zod";
import { bodyChunks, parseJson, parseJsonWithin, readBodyText, tooLarge } from "@/lib/auth/request-body";
import { projectRoute, queryParams } from "@/lib/auth/route";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { SafeError } from "@/lib/errors";
import { formatFromName, jsonDepthExceeds, TOO_DEEP, valueDepthExceeds, type FileFormat } from "@/lib/imports/parse";
import { runImport, type ImportSource } from "@/lib/imports/run-import";
import { fieldMappingSchema, type ImportKindName } from "@/lib/imports/schemas";

// The bulk import endpoints (items, outputs, judge-scores, labels) share this
// handler. Two ways to send data:
//   - JSON: `{ "rows": [...], "options": {...}?, "mapping": {...}? }`
//   - a raw file body (JSONL, JSON array or CSV), streamed, never buffered:
//     Content-Type text/csv | application/x-ndjson | application/octet-stream,
//     with options in the query string (?dataset=…&run=…).
// `?dryRun=true` validates everything and writes nothing.

export const importQuerySchema = z
  .object({
    dryRun: z.enum(["true", "false", "1", "0"]).optional().describe("Validate only: report every problem, write nothing."),
    format: z.enum(["jsonl", "json", "csv"]).optional().describe("Raw body format; guessed from Content-Type or content otherwise."),
    fileName: z.string().max(300).optional().describe("Shown in the import history."),
    mapping: z.string().max(10_000).optional().describe('Field mapping as JSON: {"externalId":"question_id","input":"turns"}.'),
  })
  .loose();

export const importResultSchema = z.object({
  status: z.enum(["committed", "unchanged", "validated"]),
  importId: z.string().nullable(),
  kind: z.enum(["ITEMS", "OUTPUTS", "JUDGE_SCORES", "LABELS"]),
  rows: z.number().int(),
  summary: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const batchBodySchema = z.object({
  rows: z.array(z.unknown(), { error: "Body must be { rows: [...] } (or send a raw JSONL/CSV file)." }),
  options: z.record(z.string(), z.unknown()).optional(),
  mapping: fieldMappingSchema.optional(),
});

const PROJECT_LIMIT = "this project's upload limit";

const CONTROL_PARAMS = new Set(["dryRun", "format", "fileName", "mapping"]);

function formatFromContentType(type: string): FileFormat | undefined {
  if (type.includes("csv")) return "csv";
  if (type.includes("ndjson") || type.includes("jsonl")) return "jsonl";
  return undefined;
}

/**
 * Rows nested absurdly deep are refused here, naming them: JSON.parse copes,
 * but hashing and validating them would overflow the stack (a 500).
 */
function refuseDeepRows(rows: unknown[]) {
  const issues = rows.flatMap((row, index) => (valueDepthExceeds(row) ? [{ row: index + 1, field: "(row)", message: TOO_DEEP }] : []));
  if (issues.length) throw new SafeError("VALIDATION", `Row ${issues[0]!.row}: ${TOO_DEEP}`, issues);
  return rows;
}

export function importRoute(kind: ImportKindName) {
  return projectRoute({ permission: "datasets.write", query: importQuerySchema }, async ({ request, actor, projectId, query }) => {
    const project = await db.project.findUnique({ where: { id: projectId }, select: { maxUploadBytes: true } });
    if (!project) throw new SafeError("NOT_FOUND", "Project not found.");
    const maxBytes = project.maxUploadBytes;
    const declared = Number(request.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes, PROJECT_LIMIT);

    let options: Record<string, unknown> = Object.fromEntries(Object.entries(queryParams(request)).filter(([key]) => !CONTROL_PARAMS.has(key)));
    const deepOption = Object.entries(options).find(([, value]) => jsonDepthExceeds(value as string));
    if (deepOption) throw new SafeError("VALIDATION", `${deepOption[0]}: ${TOO_DEEP}`, [{ field: deepOption[0], message: TOO_DEEP }]);
    let mapping: Record<string, string> | undefined;
    if (query.mapping) {
      let parsedMapping: unknown;
      try {
        parsedMapping = parseJsonWithin(query.mapping, "mapping");
      } catch {
        throw new SafeError("VALIDATION", "mapping is not valid JSON.", [{ field: "mapping", message: "Expected a JSON object of field → path." }]);
      }
      mapping = fieldMappingSchema.parse(parsedMapping);
    }

    const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
    let source: ImportSource;
    if (contentType.includes("application/json") && !query.format) {
      // Counted while it streams: a chunked body has no Content-Length to check.
      const body = parseJson(await readBodyText(request, maxBytes, PROJECT_LIMIT, env().TOUCHSTONE_UPLOAD_IDLE_MS));
      if (Array.isArray(body)) source = { rows: refuseDeepRows(body) };
      else {
        const batch = batchBodySchema.parse(body);
        refuseDeepRows(batch.rows);
        if (valueDepthExceeds({ options: batch.options, mapping: batch.mapping })) throw new SafeError("VALIDATION", `options: ${TOO_DEEP}`, [{ field: "options", message: TOO_DEEP }]);
        source = { rows: batch.rows };
        options = { ...options, ...batch.options };
        mapping = batch.mapping ?? mapping;
      }
    } else {
      if (!request.body) throw new SafeError("VALIDATION", "The upload is empty.", [{ field: "(file)", message: "The file is empty: it has no rows." }]);
      source = { bytes: bodyChunks(request.body, env().TOUCHSTONE_UPLOAD_IDLE_MS), format: query.format ?? formatFromContentType(contentType) ?? formatFromName(query.fileName) };
    }

    return runImport({
      projectId,
      kind,
      userId: actor.kind === "user" ? actor.userId : actor.createdById,
      tokenId: actor.kind === "token" ? actor.tokenId : null,
      fileName: query.fileName ?? (actor.kind === "token" ? "api" : "upload"),
      options,
      mapping,
      source,
      dryRun: query.dryRun === "true" || query.dryRun === "1",
      maxBytes,
    });
  });
}
