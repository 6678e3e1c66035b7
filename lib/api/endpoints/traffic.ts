import { z } from "zod";
import { registerEndpoint } from "@/lib/api/openapi";
import { MAX_TRAFFIC_BATCH, trafficIngestResultSchema, trafficRowSchema } from "@/lib/traffic/schemas";

// OpenAPI entries for production traffic in (handlers: lib/traffic/handlers.ts).

registerEndpoint({
  method: "post",
  path: "/api/v1/projects/{projectId}/traffic",
  summary: "Send production traffic",
  description: `Up to ${MAX_TRAFFIC_BATCH} rows per batch, each an answer your application gave: the conversation in OpenAI message form, the answer, retrieved context, tool calls, model, app version, latency, tokens, cost and free metadata. The project's masking rules are applied to every text before anything is stored. All-or-nothing: any invalid row rejects the batch with every failing row listed. Idempotent: a row is identified by its id and timestamp, so re-sending a batch stores nothing twice and reports the rows as alreadyStored. Timestamps older than the project's retention period, or more than a day ahead, are refused. Needs a WRITE token.`,
  tags: ["traffic"],
  body: { "application/json": z.object({ rows: z.array(trafficRowSchema).max(MAX_TRAFFIC_BATCH) }) },
  response: trafficIngestResultSchema,
  errors: [413],
});

registerEndpoint({
  method: "post",
  path: "/api/v1/projects/{projectId}/otlp/v1/traces",
  summary: "Send OpenTelemetry traces (OTLP/HTTP JSON)",
  description:
    "An OTLP/HTTP JSON ExportTraceServiceRequest, as OpenTelemetry exporters send it: set the exporter's endpoint to /api/v1/projects/{projectId}/otlp and its Authorization header to `Bearer <WRITE token>`. Spans with gen_ai.* attributes (OpenTelemetry GenAI semantic conventions: model, token usage, prompt and completion as gen_ai.input/output.messages, gen_ai.*.message and gen_ai.choice events, or gen_ai.prompt.N / gen_ai.completion.N attributes) become traffic rows keyed by trace and span id; other spans are ignored. Protobuf bodies are answered 415: use the JSON protocol (http/json). gzip bodies are accepted.",
  tags: ["traffic"],
  body: { "application/json": z.object({ resourceSpans: z.array(z.record(z.string(), z.unknown())) }) },
  response: z.object({
    partialSuccess: z.object({}).describe("Empty: every span was accepted (OTLP's ExportTraceServiceResponse)."),
    traffic: trafficIngestResultSchema.extend({ ignoredSpans: z.number().int().describe("Spans without gen_ai.* attributes, not stored.") }),
  }),
  errors: [413, 415],
});
