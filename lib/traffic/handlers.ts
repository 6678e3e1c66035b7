import { parseJsonWithin, readBodyText } from "@/lib/auth/request-body";
import { SafeError, type ValidationIssue } from "@/lib/errors";
import { ingestTraffic, readTrafficSettings } from "./ingest";
import { otlpTracesSchema, trafficFromOtlp } from "./otlp";
import { trafficPool } from "./pool";
import { checkTrafficRows } from "./fast-rows";
import { MAX_TRAFFIC_BATCH } from "./schemas";

// The two ingestion endpoints' work, kept out of the route files: read the
// body within the project's upload limit, validate every row (all problems
// reported, by row and field), then ingestTraffic.

const PROJECT_LIMIT = "this project's upload limit";

/** The project's traffic settings and upload limit, in one query before the body is read. */
async function projectSettings(projectId: string) {
  const settings = await readTrafficSettings(trafficPool(), projectId);
  if (!settings) throw new SafeError("NOT_FOUND", "Project not found.");
  return settings;
}

function refuse(issues: ValidationIssue[]): never {
  const first = issues[0]!;
  throw new SafeError("VALIDATION", `${first.row === undefined ? "" : `Row ${first.row}, `}${first.field}: ${first.message} Nothing was stored.`, issues);
}

/** POST …/traffic: `{ rows: [...] }`. */
export async function ingestTrafficRequest(projectId: string, request: Request) {
  const settings = await projectSettings(projectId);
  // Not awaited: this frame (and the parsed body) ends while the batch is stored.
  return ingestTraffic(projectId, rowsOfBatch(await readBodyText(request, settings.maxUploadBytes, PROJECT_LIMIT)), "api", { settings });
}

/** The body's rows, validated (every problem by row and field); common-shape rows stay as parsed and are encoded straight from the body (fast-rows.ts). */
function rowsOfBatch(text: string) {
  const { rows, issues } = checkTrafficRows(parseJsonWithin(text));
  if (issues.length) refuse(issues);
  return rows;
}

/** Exporters may gzip their payload (OTEL_EXPORTER_OTLP_COMPRESSION=gzip). */
function decompressed(request: Request): Request {
  const encoding = (request.headers.get("content-encoding") ?? "").toLowerCase();
  if (!encoding || encoding === "identity") return request;
  if (encoding !== "gzip" || !request.body) throw new SafeError("VALIDATION", `Content-Encoding ${encoding} is not supported: send gzip or no compression.`);
  return new Request(request.url, { method: "POST", body: request.body.pipeThrough(new DecompressionStream("gzip")), duplex: "half" } as RequestInit);
}

/** POST …/otlp/v1/traces: an OTLP/HTTP JSON ExportTraceServiceRequest. */
export async function ingestOtlpRequest(projectId: string, request: Request) {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("protobuf")) {
    return Response.json(
      {
        code: "VALIDATION",
        message:
          "This endpoint takes OTLP/HTTP JSON only (Content-Type: application/json). Use the JSON exporter: OTEL_EXPORTER_OTLP_PROTOCOL=http/json, or @opentelemetry/exporter-trace-otlp-http in Node, which sends JSON.",
      },
      { status: 415 },
    );
  }
  const settings = await projectSettings(projectId);
  const body = parseJsonWithin(await readBodyText(decompressed(request), settings.maxUploadBytes, PROJECT_LIMIT));
  const { rows, issues, ignoredSpans } = trafficFromOtlp(otlpTracesSchema.parse(body));
  if (issues.length) refuse(issues);
  if (rows.length > MAX_TRAFFIC_BATCH * 10) throw new SafeError("VALIDATION", `At most ${MAX_TRAFFIC_BATCH * 10} GenAI spans per request; lower the exporter's batch size.`);
  const result = rows.length ? await ingestTraffic(projectId, rows, "otlp", { timestampField: "startTimeUnixNano", settings }) : { received: 0, inserted: 0, alreadyStored: 0 };
  // An empty partialSuccess tells the exporter everything was accepted; the
  // counts are ours (exporters ignore unknown fields).
  return { partialSuccess: {}, traffic: { ...result, ignoredSpans } };
}

