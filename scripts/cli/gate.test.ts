import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, exitCodeFor, formatTable, gateUrl, parseGateArgs, run } from "./gate.mjs";

// The CLI's contract with CI: 0 pass, 1 regressed, 2 for everything else.

const env = { TOUCHSTONE_TOKEN: "ts_env" };
const base = ["--project", "p1", "--baseline", "v1", "--candidate", "v2"];

const verdict = (passed: boolean) => ({
  passed,
  reasons: passed ? [] : ["1 item(s) regressed (allowed: 0)."],
  thresholds: { maxRegressions: 0, minDelta: null },
  regressedUnits: passed ? 0 : 1,
  improvedUnits: 2,
  baseline: { name: "v1" },
  candidate: { name: "v2" },
  judge: { name: "judge", promptVersion: "v2" },
  criteria: [{ key: "helpfulness", metric: "mean", baseline: 3.5, candidate: 4.25, delta: 0.75, deltaLower: 0.1, deltaUpper: 1.4, paired: 6, regressed: passed ? 0 : 1, improved: 2, passed }],
  regressedItems: passed ? [] : [{ externalId: "q2", turn: 0, criterionKey: "safe", baselineSource: "judge", candidateSource: "human" }],
});

/** What the server answers with estimator=ppi: the PPI++ paired difference decides. */
const ppiVerdict = (passed: boolean) => ({
  ...verdict(passed),
  estimator: "ppi",
  reasons: passed ? [] : ["helpfulness: PPI++ mean difference -0.8, 95% interval [-1.1, -0.5] lies below 0."],
  criteria: [{ key: "helpfulness", metric: "mean", baseline: 3.5, candidate: 2.7, delta: -0.8, deltaLower: -1.1, deltaUpper: -0.5, paired: 60, regressed: 3, improved: 1, passed, ppi: { n: 48, N: 12, lambda: 0.62, effectiveLabels: 71.5, notEnoughData: null } }],
});

describe("parseGateArgs", () => {
  it("reads every option, the token from the environment and comma lists", () => {
    const parsed = parseGateArgs([...base, "--criterion", "a,b", "--criterion", "c", "--max-regressions", "3", "--min-delta", "-0.05", "--url", "http://x:1/", "--json"], env);
    expect(parsed).toEqual({ ok: true, options: expect.objectContaining({ project: "p1", criteria: ["a", "b", "c"], maxRegressions: 3, minDelta: -0.05, url: "http://x:1", token: "ts_env", json: true }) });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(gateUrl(parsed.options)).toBe("http://x:1/api/v1/projects/p1/gate?baseline=v1&candidate=v2&criterion=a%2Cb%2Cc&maxRegressions=3&minDelta=-0.05");
  });

  it("rejects missing options, a missing token and bad numbers", () => {
    expect(parseGateArgs(["--project", "p"], env)).toMatchObject({ ok: false, message: expect.stringContaining("--baseline") });
    expect(parseGateArgs(base, {})).toMatchObject({ ok: false, message: expect.stringContaining("token") });
    expect(parseGateArgs([...base, "--max-regressions", "-1"], env)).toMatchObject({ ok: false });
    expect(parseGateArgs([...base, "--max-regressions", "1.5"], env)).toMatchObject({ ok: false });
    expect(parseGateArgs([...base, "--min-delta", "abc"], env)).toMatchObject({ ok: false });
    expect(parseGateArgs([...base, "--bogus"], env)).toMatchObject({ ok: false });
    expect(parseGateArgs([...base, "--estimator", "bayes"], env)).toMatchObject({ ok: false, message: expect.stringContaining("--estimator") });
  });

  it("passes --estimator ppi on to the server", () => {
    const parsed = parseGateArgs([...base, "--estimator", "ppi"], env);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(gateUrl(parsed.options)).toMatch(/[?&]estimator=ppi(&|$)/);
  });
});

describe("exitCodeFor", () => {
  it("passes only on a 200 with an explicit verdict", () => {
    expect(exitCodeFor(200, { passed: true })).toBe(EXIT.PASS);
    expect(exitCodeFor(200, { passed: false })).toBe(EXIT.REGRESSED);
    expect(exitCodeFor(200, {})).toBe(EXIT.ERROR);
    expect(exitCodeFor(200, null)).toBe(EXIT.ERROR);
    expect(exitCodeFor(200, { passed: "yes" })).toBe(EXIT.ERROR);
    expect(exitCodeFor(401, { passed: true })).toBe(EXIT.ERROR);
    expect(exitCodeFor(404, { code: "NOT_FOUND" })).toBe(EXIT.ERROR);
    expect(exitCodeFor(500, null)).toBe(EXIT.ERROR);
  });

  it("prints a table with the verdict", () => {
    const table = formatTable(verdict(false));
    expect(table).toContain("helpfulness");
    expect(table).toContain("+0.750");
    expect(table).toContain("regressed  q2");
    expect(table).toMatch(/FAIL: 1 item/);
  });
});

describe("run against a server", () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(`${request.headers.authorization} ${request.url}`);
      const candidate = new URL(request.url!, "http://x").searchParams.get("candidate");
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      if (request.headers.authorization !== "Bearer ts_good") return reply(401, { code: "UNAUTHENTICATED", message: "Unknown or revoked API token." });
      const ppi = new URL(request.url!, "http://x").searchParams.get("estimator") === "ppi";
      if (candidate === "pass") return reply(200, ppi ? ppiVerdict(true) : verdict(true));
      if (candidate === "fail" && ppi) return reply(200, ppiVerdict(false));
      if (candidate === "fail") return reply(200, verdict(false));
      if (candidate === "garbage") return reply(200, "<html>");
      return reply(400, { code: "VALIDATION", message: "The runs were scored on different dataset versions", issues: [{ field: "candidate", message: "x" }] });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const gate = async (candidate: string, token = "ts_good", extra: string[] = []) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["--project", "p", "--baseline", "b", "--candidate", candidate, "--token", token, "--url", url, ...extra], { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), env: {} });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("exits 0 on pass, 1 on regression, 2 on errors", async () => {
    expect((await gate("pass")).code).toBe(0);
    const failed = await gate("fail");
    expect(failed.code).toBe(1);
    expect(failed.out).toContain("FAIL");
    const mismatch = await gate("other-version");
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toContain("different dataset versions");
    expect((await gate("garbage")).code).toBe(2);
    const badToken = await gate("pass", "ts_bad");
    expect(badToken.code).toBe(2);
    expect(badToken.err).toContain("revoked");
    expect(seen.at(-1)).toMatch(/^Bearer ts_bad /);
  });

  it("with --estimator ppi exits 0 / 1 on the PPI++ verdict and says what decided", async () => {
    const passed = await gate("pass", "ts_good", ["--estimator", "ppi"]);
    expect(passed.code).toBe(0);
    expect(passed.out).toContain("decided on the PPI++ paired difference");
    const failed = await gate("fail", "ts_good", ["--estimator", "ppi"]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/helpfulness\s+mean\s+-0\.800\s+\[-1\.100, -0\.500\]\s+48\s+12\s+0\.62\s+FAIL/);
    expect(failed.out).toContain("FAIL: helpfulness: PPI++");
    expect((await gate("other-version", "ts_good", ["--estimator", "ppi"])).code).toBe(2);
  });

  it("prints JSON with --json and reports an unreachable server as 2", async () => {
    const json = await gate("fail", "ts_good", ["--json"]);
    expect(JSON.parse(json.out)).toMatchObject({ passed: false });
    const code = await run(["--project", "p", "--baseline", "b", "--candidate", "c", "--token", "ts_x", "--url", "http://127.0.0.1:1"], { stdout: () => {}, stderr: () => {}, env: {} });
    expect(code).toBe(2);
  });
});
