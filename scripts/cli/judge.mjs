// `npx touchstone judge run --project … --judge … --dataset … [options]`
// Starts a judge run through the server's REST API, shows its progress (done,
// errors, cost, rate) until it ends, and turns the outcome into an exit code
// for CI: 0 done, 1 the run failed (a fatal provider error such as a refused
// key), was cancelled, or ended with more failed calls than --max-errors,
// 2 usage, network or server error. Ctrl-C stops watching, not the run.
import { listOption, missingOptions, parseCommandArgs, printServerError, projectApiUrl, requestJson, serverFrom, unreachable } from "./_api.mjs";

export const EXIT = { DONE: 0, FAILED: 1, ERROR: 2 };

const USAGE = `Usage: touchstone judge run --project <id> --judge <judge> --dataset <dataset> [options]

  --judge <id|name[@vN]>    a judge version's id, or a judge's name (its latest version, or version N)
  --dataset <id|name[@vN]>  a dataset version's id, or a dataset's name (its latest version, or version N)
  --runs <run,…>            runs (ids or names) whose outputs to judge; default: every run on that dataset version
  --items <externalId,…>    only these items (repeat, or comma-separated)
  --max-errors <N>          calls that may fail (stored as ERROR scores) before the exit code is 1; default 0
  --no-wait                 start the run, print its id and estimated cost, and exit 0
  --interval <seconds>      how often to read progress; default 2
  --token <ts_…>            a WRITE API token (or TOUCHSTONE_TOKEN)
  --url <base url>          server (or TOUCHSTONE_URL); default http://localhost:3000
  --json                    print the final progress as JSON

Exit codes: 0 done, 1 run failed / cancelled / too many failed calls, 2 usage, network or server error.`;

/**
 * @param {string[]} argv  the arguments after `judge`
 * @param {Record<string, string | undefined>} [env]
 */
export function parseJudgeArgs(argv, env = process.env) {
  const [subcommand, ...rest] = argv;
  if (subcommand === "--help" || subcommand === "-h") return { ok: false, help: true, message: USAGE };
  if (subcommand !== "run") return { ok: false, message: subcommand ? `Unknown subcommand "${subcommand}": only \`judge run\` exists.` : "Missing subcommand: `judge run`." };
  const parsed = parseCommandArgs(rest, {
    project: { type: "string" },
    judge: { type: "string" },
    dataset: { type: "string" },
    runs: { type: "string", multiple: true },
    items: { type: "string", multiple: true },
    "max-errors": { type: "string" },
    "no-wait": { type: "boolean", default: false },
    interval: { type: "string" },
  });
  if (!parsed.ok) return parsed;
  const { values } = parsed;
  if (values.help) return { ok: false, help: true, message: USAGE };
  const missing = missingOptions(values, ["project", "judge", "dataset"]);
  if (missing) return { ok: false, message: missing };
  const server = serverFrom(values, env);
  if (!server.ok) return server;
  const maxErrors = values["max-errors"] === undefined ? 0 : Number(values["max-errors"]);
  if (!Number.isInteger(maxErrors) || maxErrors < 0) return { ok: false, message: "--max-errors must be a non-negative integer." };
  const interval = values.interval === undefined ? 2 : Number(values.interval);
  if (!Number.isFinite(interval) || interval <= 0 || interval > 600) return { ok: false, message: "--interval must be a number of seconds between 0 and 600." };
  const runs = listOption(values.runs);
  const items = listOption(values.items);
  return {
    ok: true,
    options: {
      project: values.project,
      body: { judge: values.judge, dataset: values.dataset, ...(runs.length && { runs }), ...(items.length && { items }) },
      maxErrors,
      wait: !values["no-wait"],
      intervalMs: Math.round(interval * 1000),
      token: server.token,
      url: server.url,
      json: values.json,
    },
  };
}

const FINAL = new Set(["DONE", "FAILED", "CANCELLED"]);

/** The exit code for a finished run's progress. */
export function exitCodeFor(progress, maxErrors) {
  if (!progress || typeof progress !== "object" || !FINAL.has(progress.status)) return EXIT.ERROR;
  if (progress.status !== "DONE") return EXIT.FAILED;
  return progress.errors > maxErrors ? EXIT.FAILED : EXIT.DONE;
}

const money = (usd) => (usd === null || usd === undefined ? "cost unknown" : `$${Number(usd).toFixed(usd < 1 ? 4 : 2)}`);

/** One line of progress: a bar, counts, cost and rate. */
export function progressLine(p, width = 24) {
  const finished = p.done + p.errors;
  const share = p.total > 0 ? Math.min(1, finished / p.total) : 0;
  const filled = Math.round(share * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const cost = p.costUsd === null ? "cost unknown" : `${money(p.costUsd)}${p.estimatedCostUsd !== null ? ` of ~${money(p.estimatedCostUsd)}` : ""}`;
  return `${bar} ${String(Math.floor(share * 100)).padStart(3)}%  ${finished}/${p.total}  ${p.errors} error${p.errors === 1 ? "" : "s"}  ${cost}  ${Number(p.callsPerSecond ?? 0).toFixed(1)} calls/s  ${p.status.toLowerCase()}`;
}

function summary(p, maxErrors) {
  const lines = [`Judge run ${p.id}: ${p.status.toLowerCase()}. ${p.done} scored, ${p.errors} failed, ${p.cached} from cache, of ${p.total}.`];
  lines.push(`Tokens: ${p.inputTokens} in, ${p.outputTokens} out. Cost: ${money(p.costUsd)}${p.estimatedCostUsd !== null ? ` (estimated ${money(p.estimatedCostUsd)})` : ""}.`);
  if (p.failure) lines.push(`Stopped by: ${p.failure}`);
  if (p.status === "DONE" && p.errors > maxErrors) lines.push(`${p.errors} failed calls exceed --max-errors ${maxErrors}.`);
  return lines.join("\n");
}

const call = (fetchImpl, options, method, path, body) => requestJson(fetchImpl, options, projectApiUrl(options, options.project, path), { method, body });

function serverError(stderr, answer) {
  printServerError(stderr, "judge", answer);
  return EXIT.ERROR;
}

const isProgress = (body) => body && typeof body === "object" && typeof body.id === "string" && typeof body.status === "string" && typeof body.total === "number";

/**
 * @param {string[]} argv
 * @param {{ fetchImpl?: typeof fetch, stdout?: (s: string) => void, stderr?: (s: string) => void, env?: Record<string, string | undefined>,
 *   sleep?: (ms: number) => Promise<void>, tty?: boolean, writeProgress?: (line: string) => void }} [io]
 */
export async function run(argv, io = {}) {
  const { fetchImpl = fetch, stdout = console.log, stderr = console.error, env = process.env, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = io;
  const tty = io.tty ?? Boolean(process.stderr.isTTY);
  // On a terminal the bar redraws in place; in CI logs a line is printed when something changed, at most every 10 s.
  const writeProgress = io.writeProgress ?? ((line) => (tty ? process.stderr.write(`\r${line}\x1b[K`) : stderr(line)));
  const parsed = parseJudgeArgs(argv, env);
  if (!parsed.ok) {
    if (parsed.help) {
      stdout(parsed.message);
      return EXIT.DONE;
    }
    stderr(`touchstone judge: ${parsed.message}\n\n${USAGE}`);
    return EXIT.ERROR;
  }
  const { options } = parsed;
  let answer;
  try {
    answer = await call(fetchImpl, options, "POST", "/judge-runs", options.body);
  } catch (error) {
    stderr(`touchstone judge: ${unreachable(options, error)}`);
    return EXIT.ERROR;
  }
  if (answer.status !== 200 || !isProgress(answer.body)) return serverError(stderr, answer);
  let progress = answer.body;
  stderr(`Judge run ${progress.id} started: ${progress.total} calls, estimated ${money(progress.estimatedCostUsd)}.`);
  if (!options.wait) {
    stdout(options.json ? JSON.stringify(progress, null, 2) : progress.id);
    return EXIT.DONE;
  }

  let lastPrinted = 0;
  let lastLine = "";
  let lastStatus = "";
  let networkFailures = 0;
  while (!FINAL.has(progress.status)) {
    const line = progressLine(progress);
    const now = Date.now();
    if (tty || progress.status !== lastStatus || (line !== lastLine && now - lastPrinted >= 10_000)) {
      writeProgress(line);
      lastPrinted = now;
      lastLine = line;
      lastStatus = progress.status;
    }
    await sleep(options.intervalMs);
    try {
      answer = await call(fetchImpl, options, "GET", `/judge-runs/${encodeURIComponent(progress.id)}`);
      networkFailures = 0;
    } catch (error) {
      // The run goes on on the server: a short network blip should not fail the pipeline.
      if (++networkFailures >= 5) {
        stderr(`\ntouchstone judge: lost the server (${error instanceof Error ? error.message : String(error)}); run ${progress.id} goes on there.`);
        return EXIT.ERROR;
      }
      continue;
    }
    if (answer.status !== 200 || !isProgress(answer.body)) {
      if (tty) stderr("");
      return serverError(stderr, answer);
    }
    progress = answer.body;
  }
  writeProgress(progressLine(progress));
  if (tty) stderr("");
  stdout(options.json ? JSON.stringify(progress, null, 2) : summary(progress, options.maxErrors));
  return exitCodeFor(progress, options.maxErrors);
}
