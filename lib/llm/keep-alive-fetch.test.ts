import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepAliveFetch } from "./keep-alive-fetch";

// The SDK's transport behaves as fetch does where the SDK looks (status,
// headers, body, abort, network errors) and keeps its sockets between calls.

let server: http.Server;
let base: string;
let connections = 0;
let lastRequest: { method?: string; headers: http.IncomingHttpHeaders; body: string } | null = null;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      lastRequest = { method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString() };
      if (request.url === "/gzip") {
        const body = zlib.gzipSync(JSON.stringify({ packed: true }));
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": body.length });
        return response.end(body);
      }
      if (request.url === "/never") return; // no answer: only an abort ends it
      response.writeHead(201, { "content-type": "application/json", "x-request-id": "req-1", "retry-after": "2" });
      response.end(JSON.stringify({ echo: lastRequest.body }));
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("keepAliveFetch", () => {
  it("sends method, headers and body, answers with status, headers and body, on one kept-alive socket", async () => {
    const fetchOver = keepAliveFetch();
    connections = 0;
    for (let i = 0; i < 3; i++) {
      const response = await fetchOver(`${base}/v1/chat`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-x" }, body: `{"n":${i}}` });
      expect(response.status).toBe(201);
      expect(response.ok).toBe(true);
      expect(response.headers.get("x-request-id")).toBe("req-1");
      expect(response.headers.get("retry-after")).toBe("2");
      expect(await response.json()).toEqual({ echo: `{"n":${i}}` });
    }
    expect(lastRequest).toMatchObject({ method: "POST", headers: { authorization: "Bearer sk-x", "content-type": "application/json" } });
    expect(connections).toBe(1);
  });

  it("decodes a compressed body", async () => {
    const response = await keepAliveFetch()(`${base}/gzip`);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.json()).toEqual({ packed: true });
  });

  it("rejects as fetch does: the abort reason on abort, a TypeError with the socket's error when unreachable", async () => {
    const controller = new AbortController();
    const pending = keepAliveFetch()(`${base}/never`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(keepAliveFetch()(`${base}/x`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(keepAliveFetch()(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ name: "TypeError", message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });
});
