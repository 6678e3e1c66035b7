import { z } from "zod";

// A small registry the REST API documents itself from. Each feature adds its
// endpoints with `registerEndpoint` in a module under lib/api/endpoints/ and
// that module is imported by app/api/v1/openapi.json/route.ts; schemas are
// the same zod schemas the handlers validate with, turned into JSON Schema by
// zod 4's z.toJSONSchema.

export type EndpointDoc = {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, e.g. /api/v1/projects/{projectId}/items */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Query parameters: an object schema, one parameter per key. */
  query?: z.ZodObject;
  /** Path parameters that are more than free text (e.g. an enum); the others are documented as strings. */
  pathParams?: Record<string, z.ZodType>;
  /** Request bodies by media type; a zod schema, or "binary" for a raw upload. */
  body?: Record<string, z.ZodType | "binary">;
  /** Successful response body (200). */
  response?: z.ZodType;
  /** A 200 that is not one JSON document (a file download): media types, "binary" or a schema of each record. */
  responseContent?: Record<string, z.ZodType | "binary">;
  /** Extra documented error statuses besides 400/401/403/404. */
  errors?: number[];
  /** Served without authentication (the document itself): no security, no 401/403/404. */
  public?: boolean;
};

const registry = new Map<string, EndpointDoc>();

export function registerEndpoint(doc: EndpointDoc) {
  registry.set(`${doc.method} ${doc.path}`, doc);
}

/** Every documented "METHOD path" (methods upper case), for the completeness test. */
export function documentedOperations(document: { paths: Record<string, Record<string, unknown>> }) {
  return Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
}

export const errorBodySchema = z.object({
  code: z.enum(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION", "CONFLICT", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "REQUEST_TIMEOUT", "UNAVAILABLE", "INTERNAL"]),
  message: z.string(),
  issues: z.array(z.object({ row: z.number().int().optional(), field: z.string(), message: z.string() })).optional(),
  retryAfterSeconds: z.number().optional().describe("Also sent as the Retry-After header: the request may be repeated after this many seconds."),
});

function jsonSchema(schema: z.ZodType) {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { unrepresentable: "any", io: "input", override: documentMissingAsOptional }) as Record<string, unknown>;
  return rest;
}

/**
 * z.toJSONSchema decides "required" from a property's inner type, so a field
 * whose z.preprocess fills in a missing value (the importer's `turn`: absent →
 * 0) would be documented as required although every upload may leave it out.
 * The input schema documents what the handler accepts: a property the schema
 * parses when absent is optional, with the value it then takes as its default.
 */
function documentMissingAsOptional({ zodSchema, jsonSchema: out }: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) {
  if (!(zodSchema instanceof z.ZodObject) || !Array.isArray(out.required)) return;
  const shape = zodSchema.shape as Record<string, z.ZodType>;
  const properties = (out.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = (out.required as string[]).filter((key) => {
    const parsed = shape[key]?.safeParse(undefined);
    if (!parsed?.success) return true;
    const property = properties[key];
    if (property && property.default === undefined && parsed.data !== undefined && isJsonValue(parsed.data)) property.default = parsed.data;
    return false;
  });
  if (required.length) out.required = required;
  else delete out.required;
}

function isJsonValue(value: unknown) {
  return ["string", "number", "boolean"].includes(typeof value) || value === null;
}

function mediaSchema(schema: z.ZodType | "binary") {
  return schema === "binary" ? { type: "string", format: "binary" } : jsonSchema(schema);
}

const ERROR_TEXT: Record<number, string> = {
  400: "Validation failed; `issues` lists every failing row and field.",
  401: "Missing, malformed or revoked token.",
  403: "The token or role may not do this (read-only token, or another project's token), or a request signed in by cookie did not come from the app's own pages.",
  404: "No such project (or not visible to you).",
  409: "Conflict.",
  413: "The upload is larger than the project's limit (counted as the body streams, with or without Content-Length).",
  429: "Rate limit reached for this API token (or signed-in user) in the current minute; wait `Retry-After` seconds. Analytic reads (agreement, compare, leaderboard, gate, exports, a judge's bias and summary) cost more than other requests.",
};

// Every authenticated route is rate limited (lib/auth/api-rate-limit.ts).
const RETRY_AFTER = { "Retry-After": { description: "Seconds until the limit resets.", schema: { type: "integer", minimum: 1 } } };

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of [...registry.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const pathParams = [...doc.path.matchAll(/\{(\w+)\}/g)].map((m) => {
      const schema = doc.pathParams?.[m[1]!];
      return { name: m[1], in: "path", required: true, description: schema?.description, schema: schema ? jsonSchema(schema) : { type: "string" } };
    });
    const queryParams = doc.query
      ? Object.entries(doc.query.shape).map(([name, schema]) => {
          const s = schema as z.ZodType;
          return { name, in: "query", required: !s.safeParse(undefined).success, description: s.description, schema: jsonSchema(s) };
        })
      : [];
    const content = doc.responseContent ?? { "application/json": doc.response ?? z.unknown() };
    const responses: Record<string, unknown> = {
      200: { description: "OK", content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema: mediaSchema(schema) }])) },
    };
    for (const status of [...(doc.public ? [] : [400, 401, 403, 404, 429]), ...(doc.errors ?? [])]) {
      responses[status] = {
        description: ERROR_TEXT[status] ?? "Error",
        headers: status === 429 ? RETRY_AFTER : undefined,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[doc.path] ??= {};
    paths[doc.path]![doc.method] = {
      summary: doc.summary,
      description: doc.description,
      tags: doc.tags,
      parameters: [...pathParams, ...queryParams],
      requestBody: doc.body
        ? {
            required: true,
            content: Object.fromEntries(Object.entries(doc.body).map(([type, schema]) => [type, { schema: mediaSchema(schema) }])),
          }
        : undefined,
      responses,
      security: doc.public ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Touchstone API",
      version: "1",
      description: "Bring evaluation data in and results out. Authenticate with a project API token: `Authorization: Bearer ts_…` (created under Settings → API tokens).",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A project API token (ts_…); READ or WRITE scope." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: { Error: jsonSchema(errorBodySchema) },
    },
    paths,
  };
}
