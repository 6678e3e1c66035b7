// `npx touchstone gate --project … --baseline … --candidate … [options]`
// Compares a candidate run with a baseline through the server's gate endpoint
// and turns the verdict into an exit code for CI: 0 pass, 1 regressed beyond
// the thresholds, 2 usage or server error. Anything unexpected is a 2, never
// a silent pass.
import { listOption, missingOptions, parseCommandArgs, printServerError, projectApiUrl, requestJson, serverFrom, unreachable } from "./_api.mjs";

export const EXIT = { PASS: 0, REGRESSED: 1, ERROR: 2 };

const USAGE = `Usage: touchstone gate --project <id> --baseline <run> --candidate <run> [options]

Runs are given by id or name. Options:
  --criterion <key>       only these criteria (repeat, or comma-separated); default: all likert, binary, factuality
  --max-regressions <N>   items allowed to regress (baseline passed, candidate fails); default 0
  --min-delta <X>         fail when a criterion's mean / pass rate changes by less than X (e.g. -0.05)
  --judge <id|name[@v]>   pointwise judge deciding where no human consensus exists
  --tag <tag>             only items with this tag
  --estimator <name>      bootstrap (default): regressions and the decided scores' difference;
                          ppi: the PPI++ paired difference (judge corrected by expert labels) —
                          a criterion fails when its 95% interval lies below --min-delta (default 0)
  --token <ts_…>          API token (or TOUCHSTONE_TOKEN); a read-only token is enough
  --url <base url>        server (or TOUCHSTONE_URL); default http://localhost:3000
  --json                  print the server's JSON verdict instead of a table

Exit codes: 0 pass, 1 regressed beyond the thresholds, 2 usage or server error.`;

/**
 * @typedef {{ project: string, baseline: string, candidate: string, criteria: string[], maxRegressions?: number,
 *   minDelta?: number, judge?: string, tag?: string, estimator?: "bootstrap" | "ppi", token: string, url: string, json: boolean }} GateOptions
 */

/**
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ ok: true, options: GateOptions } | { ok: false, message: string, help?: boolean }}
 */
export function parseGateArgs(argv, env = process.env) {
  const parsed = parseCommandArgs(joinNegativeNumbers(argv), {
    project: { type: "string" },
    baseline: { type: "string" },
    candidate: { type: "string" },
    criterion: { type: "string", multiple: true },
    "max-regressions": { type: "string" },
    "min-delta": { type: "string" },
    judge: { type: "string" },
    tag: { type: "string" },
    estimator: { type: "string" },
  });
  if (!parsed.ok) return parsed;
  const { values } = parsed;
  if (values.help) return { ok: false, help: true, message: USAGE };
  const missing = missingOptions(values, ["project", "baseline", "candidate"]);
  if (missing) return { ok: false, message: missing };
  const server = serverFrom(values, env);
  if (!server.ok) return server;
  let maxRegressions;
  if (values["max-regressions"] !== undefined) {
    maxRegressions = Number(values["max-regressions"]);
    if (!Number.isInteger(maxRegressions) || maxRegressions < 0) return { ok: false, message: "--max-regressions must be a non-negative integer." };
  }
  let minDelta;
  if (values["min-delta"] !== undefined) {
    minDelta = Number(values["min-delta"]);
    if (values["min-delta"].trim() === "" || !Number.isFinite(minDelta)) return { ok: false, message: "--min-delta must be a number." };
  }
  if (values.estimator !== undefined && !["bootstrap", "ppi"].includes(values.estimator)) return { ok: false, message: "--estimator must be bootstrap or ppi." };
  const criteria = listOption(values.criterion);
  return {
    ok: true,
    options: { project: values.project, baseline: values.baseline, candidate: values.candidate, criteria, maxRegressions, minDelta, judge: values.judge, tag: values.tag, estimator: values.estimator, token: server.token, url: server.url, json: values.json },
  };
}

/** `--min-delta -0.05` reads naturally; node's parseArgs wants `--min-delta=-0.05`. */
function joinNegativeNumbers(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--min-delta" && /^-\d|^-\.\d/.test(argv[i + 1] ?? "")) out.push(`--min-delta=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

export function gateUrl(options) {
  const query = new URLSearchParams({ baseline: options.baseline, candidate: options.candidate });
  if (options.criteria.length) query.set("criterion", options.criteria.join(","));
  if (options.maxRegressions !== undefined) query.set("maxRegressions", String(options.maxRegressions));
  if (options.minDelta !== undefined) query.set("minDelta", String(options.minDelta));
  if (options.judge) query.set("judge", options.judge);
  if (options.tag) query.set("tag", options.tag);
  if (options.estimator) query.set("estimator", options.estimator);
  return projectApiUrl(options, options.project, `/gate?${query}`);
}

/** The exit code for a server answer: only a 200 with an explicit boolean verdict can pass. */
export function exitCodeFor(status, body) {
  if (status !== 200 || !body || typeof body !== "object" || typeof body.passed !== "boolean") return EXIT.ERROR;
  return body.passed ? EXIT.PASS : EXIT.REGRESSED;
}

const fmt = (x, digits = 3) => (x === null || x === undefined ? "—" : Number(x).toFixed(digits));
const signed = (x) => (x === null || x === undefined ? "—" : `${x >= 0 ? "+" : ""}${Number(x).toFixed(3)}`);

export function formatTable(body) {
  if (body.estimator === "ppi") return formatPpiTable(body);
  const header = ["criterion", "metric", "baseline", "candidate", "delta", "95% CI", "paired", "regressed", "improved", "status"];
  const rows = body.criteria.map((c) => [
    c.key,
    c.metric,
    fmt(c.baseline),
    fmt(c.candidate),
    signed(c.delta),
    c.deltaLower === null ? "—" : `[${signed(c.deltaLower)}, ${signed(c.deltaUpper)}]`,
    String(c.paired),
    String(c.regressed),
    String(c.improved),
    c.passed ? "ok" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  const out = [
    `Baseline  ${body.baseline?.name ?? "?"}  →  candidate  ${body.candidate?.name ?? "?"}${body.judge ? `   (judge where no human consensus: ${body.judge.name}${body.judge.promptVersion ? ` ${body.judge.promptVersion}` : ""})` : ""}`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `Regressed items: ${body.regressedUnits} (allowed ${body.thresholds.maxRegressions}) · improved: ${body.improvedUnits}`,
  ];
  for (const item of body.regressedItems ?? []) out.push(`  regressed  ${item.externalId}${item.turn ? ` turn ${item.turn}` : ""}  ${item.criterionKey}  (decided by ${item.baselineSource} → ${item.candidateSource})`);
  out.push("", body.passed ? "PASS" : `FAIL: ${body.reasons.join(" ")}`);
  return out.join("\n");
}

/** The verdict of `--estimator ppi`: per criterion the PPI++ difference with its interval and what it rests on. */
function formatPpiTable(body) {
  const header = ["criterion", "metric", "PPI++ delta", "95% CI", "n labelled", "N judge only", "λ", "status"];
  const rows = body.criteria.map((c) => [
    c.key,
    c.metric,
    signed(c.delta),
    c.deltaLower === null ? (c.ppi?.notEnoughData ?? "—") : `[${signed(c.deltaLower)}, ${signed(c.deltaUpper)}]`,
    String(c.ppi?.n ?? 0),
    String(c.ppi?.N ?? 0),
    c.ppi?.lambda === null || c.ppi?.lambda === undefined ? "—" : fmt(c.ppi.lambda, 2),
    c.passed ? "ok" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [
    `Baseline  ${body.baseline?.name ?? "?"}  →  candidate  ${body.candidate?.name ?? "?"}   (decided on the PPI++ paired difference, judge ${body.judge?.name ?? "?"}${body.judge?.promptVersion ? ` ${body.judge.promptVersion}` : ""} corrected by expert labels)`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `Fails when a criterion's 95% interval lies below ${signed(body.thresholds.minDelta ?? 0)}. Regressed items (judge's word, not counted): ${body.regressedUnits} · improved: ${body.improvedUnits}`,
    "",
    body.passed ? "PASS" : `FAIL: ${body.reasons.join(" ")}`,
  ].join("\n");
}

/**
 * @param {string[]} argv
 * @param {{ fetchImpl?: typeof fetch, stdout?: (s: string) => void, stderr?: (s: string) => void, env?: Record<string, string | undefined> }} [io]
 */
export async function run(argv, { fetchImpl = fetch, stdout = console.log, stderr = console.error, env = process.env } = {}) {
  const parsed = parseGateArgs(argv, env);
  if (!parsed.ok) {
    if (parsed.help) {
      stdout(parsed.message);
      return EXIT.PASS;
    }
    stderr(`touchstone gate: ${parsed.message}\n\n${USAGE}`);
    return EXIT.ERROR;
  }
  const { options } = parsed;
  let answer;
  try {
    answer = await requestJson(fetchImpl, options, gateUrl(options));
  } catch (error) {
    stderr(`touchstone gate: ${unreachable(options, error)}`);
    return EXIT.ERROR;
  }
  const code = exitCodeFor(answer.status, answer.body);
  if (code === EXIT.ERROR) {
    if (options.json) stdout(JSON.stringify({ error: { status: answer.status, ...(answer.body ?? {}) } }, null, 2));
    printServerError(stderr, "gate", answer);
    return EXIT.ERROR;
  }
  stdout(options.json ? JSON.stringify(answer.body, null, 2) : formatTable(answer.body));
  return code;
}
