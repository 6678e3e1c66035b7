import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { documentedOperations } from "@/lib/api/openapi";

// Every route under app/api/v1 is in the OpenAPI document, and the document
// names no route that does not exist. Route files are found by walking the
// folder (a new one cannot be forgotten), their methods by importing them.

const API_ROOT = path.resolve(import.meta.dirname, "../../app/api/v1");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** app/api/v1/projects/[projectId]/judges/[judgeId]/bias/route.ts → /api/v1/projects/{projectId}/judges/{judgeId}/bias */
function pathTemplate(file: string) {
  const segments = path.relative(API_ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  // Route groups "(x)" are not part of the URL; "[name]" is a parameter ("[...name]" would be a catch-all: not templated).
  const url = segments.filter((s) => !/^\(.*\)$/.test(s)).map((s) => (/^\[\.\.\./.test(s) ? s : s.replace(/^\[(\w+)\]$/, "{$1}")));
  return ["/api/v1", ...url].join("/");
}

async function implementedOperations() {
  const operations: string[] = [];
  for (const file of routeFiles(API_ROOT)) {
    const routeModule = (await import(file)) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((method) => typeof routeModule[method] === "function");
    expect(methods.length, `${path.relative(API_ROOT, file)} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of methods) operations.push(`${method} ${pathTemplate(file)}`);
  }
  return operations.sort();
}

async function servedDocument() {
  const { GET } = await import("@/app/api/v1/openapi.json/route");
  return (await GET().json()) as { paths: Record<string, Record<string, unknown>> };
}

describe("the OpenAPI document", () => {
  it("derives URL templates from route folders", () => {
    expect(pathTemplate(path.join(API_ROOT, "projects/[projectId]/judges/[judgeId]/bias/route.ts"))).toBe("/api/v1/projects/{projectId}/judges/{judgeId}/bias");
    expect(pathTemplate(path.join(API_ROOT, "openapi.json/route.ts"))).toBe("/api/v1/openapi.json");
  });

  it("documents every route file's every method, and nothing else", { timeout: 60_000 }, async () => {
    const implemented = await implementedOperations();
    const documented = documentedOperations(await servedDocument()).sort();
    expect(implemented.length).toBeGreaterThan(10);
    expect(implemented.filter((op) => !documented.includes(op)), "routes missing from the OpenAPI document").toEqual([]);
    expect(documented.filter((op) => !implemented.includes(op)), "documented operations with no route file").toEqual([]);
  });

  it("documents `turn` as optional wherever the importer fills it in", async () => {
    const document = (await servedDocument()) as unknown as {
      paths: Record<string, { post: { requestBody: { content: { "application/json": { schema: { properties: { rows: { items: Record<string, unknown> } } } } } } } }>;
    };
    const rowSchemas = (segment: string) => {
      const items = document.paths[`/api/v1/projects/{projectId}/${segment}`]!.post.requestBody.content["application/json"].schema.properties.rows.items;
      return ((items.anyOf as Record<string, unknown>[] | undefined) ?? [items]) as { properties: Record<string, { default?: unknown }>; required?: string[] }[];
    };
    const schemas = ["outputs", "judge-scores", "labels"].flatMap(rowSchemas);
    expect(schemas).toHaveLength(4);
    for (const schema of schemas) {
      expect(schema.required).not.toContain("turn");
      expect(schema.properties.turn).toMatchObject({ type: "integer", minimum: 0 });
      // Fields the importer cannot do without stay required.
      expect(schema.required).toContain("externalId");
    }
  });

  it("types path parameters that are not free text", async () => {
    const document = (await servedDocument()) as unknown as { paths: Record<string, { get: { parameters: { name: string; schema: unknown }[] } }> };
    const kind = document.paths["/api/v1/projects/{projectId}/exports/{kind}"]!.get.parameters.find((p) => p.name === "kind");
    expect(kind?.schema).toMatchObject({ enum: ["labels", "ground-truth", "calibration"] });
  });
});
