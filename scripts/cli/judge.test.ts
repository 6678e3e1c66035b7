import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT, exitCodeFor, parseJudgeArgs, progressLine, run } from "./judge.mjs";

// The judge CLI's contract with CI: 0 done, 1 the run failed / was cancelled /
// had too many failed calls, 2 usage, network or server error.

const env = { TOUCHSTONE_TOKEN: "ts_env" };
const base = ["run", "--project", "p1", "--judge", "helpfulness@v2", "--dataset", "golden"];

const progress = (overrides: Record<string, unknown> = {}) => ({
  id: "run1",
  judgeId: "j1",
  status: "RUNNING",
  total: 10,
  done: 0,
  errors: 0,
  cached: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  estimatedCostUsd: 0.02,
  callsPerSecond: 0,
  failure: null,
  ...overrides,
});

describe("parseJudgeArgs", () => {
  it("reads the options, lists and the token from the environment", () => {
    const parsed = parseJudgeArgs([...base, "--runs", "v1,v2", "--items", "q1", "--items", "q2", "--max-errors", "3", "--interval", "0.5", "--url", "http://x:1/"], env);
    expect(parsed).toEqual({
      ok: true,
      options: expect.objectContaining({
        project: "p1",
        body: { judge: "helpfulness@v2", dataset: "golden", runs: ["v1", "v2"], items: ["q1", "q2"] },
        maxErrors: 3,
        intervalMs: 500,
        wait: true,
        token: "ts_env",
        url: "http://x:1",
      }),
    });
  });

  it("rejects a missing subcommand, options or token, and bad numbers", () => {
    expect(parseJudgeArgs([], env)).toMatchObject({ ok: false, message: expect.stringContaining("judge run") });
    expect(parseJudgeArgs(["start"], env)).toMatchObject({ ok: false, message: expect.stringContaining("Unknown subcommand") });
    expect(parseJudgeArgs(["run", "--project", "p"], env)).toMatchObject({ ok: false, message: "Missing --judge, --dataset." });
    expect(parseJudgeArgs(base, {})).toMatchObject({ ok: false, message: expect.stringContaining("token") });
    expect(parseJudgeArgs([...base, "--max-errors", "-1"], env)).toMatchObject({ ok: false });
    expect(parseJudgeArgs([...base, "--interval", "0"], env)).toMatchObject({ ok: false });
    expect(parseJudgeArgs([...base, "--bogus"], env)).toMatchObject({ ok: false });
  });
});

describe("exit codes and the progress line", () => {
  it("0 only for a finished run within --max-errors", () => {
    expect(exitCodeFor(progress({ status: "DONE", done: 10 }), 0)).toBe(EXIT.DONE);
    expect(exitCodeFor(progress({ status: "DONE", done: 8, errors: 2 }), 0)).toBe(EXIT.FAILED);
    expect(exitCodeFor(progress({ status: "DONE", done: 8, errors: 2 }), 2)).toBe(EXIT.DONE);
    expect(exitCodeFor(progress({ status: "FAILED", failure: "The API key was refused (401)" }), 0)).toBe(EXIT.FAILED);
    expect(exitCodeFor(progress({ status: "CANCELLED" }), 0)).toBe(EXIT.FAILED);
    expect(exitCodeFor(progress({ status: "RUNNING" }), 0)).toBe(EXIT.ERROR);
    expect(exitCodeFor(null, 0)).toBe(EXIT.ERROR);
  });

  it("shows done, errors, cost against the estimate and the rate", () => {
    const line = progressLine(progress({ done: 4, errors: 1, costUsd: 0.0123, callsPerSecond: 12.34 }), 10);
    expect(line).toBe("[#####-----]  50%  5/10  1 error  $0.0123 of ~$0.0200  12.3 calls/s  running");
    expect(progressLine(progress({ costUsd: null, estimatedCostUsd: null }), 4)).toContain("cost unknown");
  });
});

describe("run against a server", () => {
  let server: http.Server;
  let url: string;
  let polls = 0;
  let finalState: Record<string, unknown> = {};
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        seen.push(`${request.method} ${request.url} ${request.headers.authorization} ${Buffer.concat(chunks).toString()}`);
        const reply = (status: number, body: unknown) => {
          response.writeHead(status, { "content-type": "application/json" });
          response.end(JSON.stringify(body));
        };
        if (request.headers.authorization !== "Bearer ts_good") return reply(401, { code: "UNAUTHENTICATED", message: "Unknown or revoked API token." });
        if (request.method === "POST" && request.url === "/api/v1/projects/p1/judge-runs") {
          const body = JSON.parse(Buffer.concat(chunks).toString());
          if (body.judge === "nope") return reply(404, { code: "NOT_FOUND", message: "Unknown judge \"nope\".", issues: [{ field: "judge", message: "Unknown judge." }] });
          return reply(200, progress({ status: "QUEUED" }));
        }
        if (request.method === "GET" && request.url === "/api/v1/projects/p1/judge-runs/run1") {
          polls++;
          return reply(200, polls < 3 ? progress({ done: polls * 3, costUsd: polls * 0.005, callsPerSecond: 3 }) : progress(finalState));
        }
        reply(404, { code: "NOT_FOUND", message: "no such route" });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    polls = 0;
    seen.length = 0;
  });

  const judge = async (extra: string[] = [], token = "ts_good", judgeRef = "helpfulness@v2") => {
    const out: string[] = [];
    const err: string[] = [];
    const bars: string[] = [];
    const code = await run(["run", "--project", "p1", "--judge", judgeRef, "--dataset", "golden", "--token", token, "--url", url, ...extra], {
      stdout: (s: string) => out.push(s),
      stderr: (s: string) => err.push(s),
      env: {},
      sleep: async () => {},
      tty: false,
      writeProgress: (line: string) => bars.push(line),
    });
    return { code, out: out.join("\n"), err: err.join("\n"), bars };
  };

  it("starts the run, shows progress until it ends, and exits 0 when done", async () => {
    finalState = { status: "DONE", done: 10, costUsd: 0.018, inputTokens: 900, outputTokens: 120 };
    const result = await judge(["--runs", "v1,v2"]);
    expect(result.code).toBe(EXIT.DONE);
    expect(seen[0]).toBe('POST /api/v1/projects/p1/judge-runs Bearer ts_good {"judge":"helpfulness@v2","dataset":"golden","runs":["v1","v2"]}');
    expect(result.err).toContain("Judge run run1 started: 10 calls, estimated $0.0200.");
    expect(result.bars[0]).toContain("queued");
    expect(result.bars.at(-1)).toContain("10/10");
    expect(result.out).toContain("Judge run run1: done. 10 scored, 0 failed");
    expect(result.out).toContain("Cost: $0.0180 (estimated $0.0200)");
  });

  it("exits 1 when the run failed on a fatal provider error, naming it, or ended with too many errors", async () => {
    finalState = { status: "FAILED", done: 2, failure: "The API key was refused (401): Incorrect API key provided." };
    const failed = await judge();
    expect(failed.code).toBe(EXIT.FAILED);
    expect(failed.out).toContain("Stopped by: The API key was refused (401)");

    finalState = { status: "DONE", done: 7, errors: 3 };
    expect((await judge()).code).toBe(EXIT.FAILED);
    polls = 0;
    expect((await judge(["--max-errors", "3"])).code).toBe(EXIT.DONE);
  });

  it("exits 2 on a refused token, an unknown judge (naming the field) or an unreachable server; --no-wait prints the id", async () => {
    const badToken = await judge([], "ts_bad");
    expect(badToken.code).toBe(EXIT.ERROR);
    expect(badToken.err).toContain("revoked");
    const unknown = await judge([], "ts_good", "nope");
    expect(unknown.code).toBe(EXIT.ERROR);
    expect(unknown.err).toContain("judge: Unknown judge.");
    const noWait = await judge(["--no-wait"]);
    expect(noWait).toMatchObject({ code: EXIT.DONE, out: "run1" });
    expect(polls).toBe(0);
    const code = await run([...base, "--token", "ts_x", "--url", "http://127.0.0.1:1"], { stdout: () => {}, stderr: () => {}, env: {} });
    expect(code).toBe(EXIT.ERROR);
  });
});
