import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "./import.mjs";

// The CLI against a stand-in server: what it sends (streamed body, token,
// options) and how it maps answers to exit codes.

type Seen = { url: string; headers: http.IncomingHttpHeaders; body: string };
let server: http.Server;
let base: string;
let reply: { status: number; body: unknown } = { status: 200, body: {} };
const seen: Seen[] = [];
const file = path.join(os.tmpdir(), `touchstone-cli-${process.pid}.jsonl`);

beforeAll(async () => {
  fs.writeFileSync(file, '{"id":"a","prompt":"x"}\n{"id":"b","prompt":"y"}\n');
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
  server.close();
  fs.rmSync(file, { force: true });
});

async function cli(args: string[]) {
  const errors: string[] = [];
  const logs: string[] = [];
  const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void errors.push(a.join(" ")));
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.join(" ")));
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return { code: (await run(args)) as number, errors: errors.join("\n"), logs: logs.join("\n") };
  } finally {
    err.mockRestore();
    log.mockRestore();
    write.mockRestore();
  }
}

describe("touchstone import", () => {
  it("streams the file with the token and options; exit 0", async () => {
    reply = { status: 200, body: { status: "committed", rows: 2, summary: { version: 1 } } };
    const result = await cli(["items", file, "--project", "p1", "--token", "ts_secret", "--url", base, "--dataset", "golden"]);
    expect(result.code).toBe(0);
    expect(result.logs).toContain("Imported: 2 rows.");
    const request = seen.at(-1)!;
    expect(request.url).toMatch(/^\/api\/v1\/projects\/p1\/items\?/);
    expect(new URL(request.url, base).searchParams.get("dataset")).toBe("golden");
    expect(request.headers.authorization).toBe("Bearer ts_secret");
    expect(request.body).toBe(fs.readFileSync(file, "utf8"));
  });

  it("prints every row error and exits 1 on a validation failure", async () => {
    reply = { status: 400, body: { code: "VALIDATION", message: "2 problems", issues: [{ row: 2, field: "input", message: "Required" }, { row: 3, field: "externalId", message: "Duplicate" }] } };
    const result = await cli(["items", file, "--project", "p1", "--token", "ts_secret", "--url", base, "--dataset", "golden"]);
    expect(result.code).toBe(1);
    expect(result.errors).toContain("row 2\tinput\tRequired");
    expect(result.errors).toContain("row 3\texternalId\tDuplicate");
  });

  it("exits 2 on a refused token, a usage error or an unreachable server", async () => {
    reply = { status: 403, body: { code: "FORBIDDEN", message: "read-only" } };
    expect((await cli(["items", file, "--project", "p1", "--token", "ts_x", "--url", base, "--dataset", "g"])).code).toBe(2);
    expect((await cli(["items", file, "--project", "p1"])).code).toBe(2);
    expect((await cli(["nonsense", file, "--project", "p1", "--token", "t"])).code).toBe(2);
    expect((await cli(["items", file, "--project", "p1", "--token", "ts_x", "--url", "http://127.0.0.1:1"])).code).toBe(2);
  });
});
