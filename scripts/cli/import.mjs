// `touchstone import <kind> <file> --project <id> --token <ts_…> [--url …] [--dataset …] …`
// Streams a JSONL / JSON / CSV file to the REST API (never loads it whole),
// with a progress bar on stderr. Exit codes: 0 imported (or already
// imported), 1 validation failure (each row/field problem printed), 2 usage,
// network or server error.
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";

const KINDS = { items: "items", outputs: "outputs", "judge-scores": "judge-scores", scores: "judge-scores", labels: "labels" };
const OPTION_FLAGS = ["dataset", "version", "note", "description", "run", "model", "model-family", "prompt-version", "config", "judge", "judge-kind", "rubric", "turn-base"];

const USAGE = `Usage: touchstone import <kind> <file> --project <projectId> --token <ts_…> [options]

kinds: items | outputs | judge-scores | labels
  --url <base>            server (default $TOUCHSTONE_URL or http://localhost:3000)
  --token <ts_…>          project API token with write scope (or $TOUCHSTONE_TOKEN)
  --dataset <name>        dataset name (all kinds)
  --version <n>           dataset version (outputs, scores, labels; default latest)
  --note <text>           version note (items)
  [--run <name>] [--model <m>] [--prompt-version v] [--model-family f] [--config '{"temperature":0}']   (outputs; no --run: each row's run column)
  --judge <name> --model <m> [--prompt-version v] [--judge-kind POINTWISE|PAIRWISE] [--rubric r]   (judge-scores)
  --rubric <name>         (labels, when the project has several rubrics)
  --turn-base 0|1         how the file counts turns (outputs, scores, labels; default 0 = first assistant turn)
  --mapping '<json>'      field mapping, e.g. '{"externalId":"question_id","input":"turns"}'
  --format jsonl|json|csv (default: from the file name)
  --dry-run               validate only; write nothing
See docs/FORMATS.md for the fields of each kind.`;

function parseArgs(argv) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") flags.help = true;
    else if (arg === "--dry-run") flags["dry-run"] = true;
    else if (arg.startsWith("--")) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value.`);
      flags[key] = value;
    } else positional.push(arg);
  }
  return { positional, flags };
}

class UsageError extends Error {}

const camel = (flag) => flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

function progressBar(total) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(sent) {
      const now = Date.now();
      if (now - last < 100 && sent < total) return;
      last = now;
      const fraction = total ? sent / total : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${mb(sent)}/${mb(total)}`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (sent === total) process.stderr.write(`${line}\n`);
    },
    done(text) {
      if (tty) process.stderr.write(`\r${" ".repeat(60)}\r`);
      if (text) process.stderr.write(`${text}\n`);
    },
  };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function run(argv) {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { positional, flags } = parsed;
  if (flags.help) {
    console.error(USAGE);
    return 0;
  }
  const [kindArg, file] = positional;
  const segment = KINDS[kindArg ?? ""];
  const token = flags.token ?? process.env.TOUCHSTONE_TOKEN;
  const base = (flags.url ?? process.env.TOUCHSTONE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const problems = [];
  if (!segment) problems.push(`Unknown kind "${kindArg ?? ""}": use items, outputs, judge-scores or labels.`);
  if (!file) problems.push("Give the file to import.");
  if (!flags.project) problems.push("--project is required (the project id from its URL).");
  if (!token) problems.push("--token is required (create one under Settings → API tokens).");
  if (problems.length) {
    console.error(`${problems.join("\n")}\n\n${USAGE}`);
    return 2;
  }
  let size;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch {
    console.error(`Cannot read ${file}.`);
    return 2;
  }

  const params = new URLSearchParams({ fileName: path.basename(file) });
  for (const flag of OPTION_FLAGS) if (flags[flag] !== undefined) params.set(camel(flag), flags[flag]);
  if (flags.mapping) params.set("mapping", flags.mapping);
  if (flags.format) params.set("format", flags.format);
  if (flags["dry-run"]) params.set("dryRun", "true");
  const lower = file.toLowerCase();
  const contentType = lower.endsWith(".csv") ? "text/csv" : lower.endsWith(".json") ? "application/octet-stream" : "application/x-ndjson";
  if (!flags.format && lower.endsWith(".json")) params.set("format", "json");

  const bar = progressBar(size);
  let sent = 0;
  const counter = new Transform({
    transform(chunk, _encoding, callback) {
      sent += chunk.length;
      bar.update(sent);
      callback(null, chunk);
    },
  });
  const fileStream = fs.createReadStream(file);
  // .pipe() does not forward read errors: hand them to the request body.
  fileStream.on("error", (error) => counter.destroy(error));
  const body = Readable.toWeb(fileStream.pipe(counter));

  let response;
  try {
    response = await fetch(`${base}/api/v1/projects/${encodeURIComponent(flags.project)}/${segment}?${params}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": contentType, "content-length": String(size) },
      body,
      duplex: "half",
    });
  } catch (error) {
    fileStream.destroy();
    bar.done();
    console.error(`Cannot reach ${base}: ${error.cause?.message ?? error.message}`);
    return 2;
  }
  // The server may answer (e.g. 403) before reading the whole body.
  fileStream.destroy();
  bar.done(`Sent ${mb(sent)}; ${response.ok ? "done" : "the server refused it"}.`);
  let json;
  try {
    json = await response.json();
  } catch {
    console.error(`The server answered ${response.status} without JSON.`);
    return 2;
  }
  if (response.ok) {
    const verb = json.status === "unchanged" ? "Already imported: nothing changed" : json.status === "validated" ? "Valid (dry run, nothing written)" : "Imported";
    console.log(`${verb}: ${json.rows} rows.`);
    for (const [key, value] of Object.entries(json.summary ?? {})) console.log(`  ${key}: ${value}`);
    return 0;
  }
  console.error(`Error ${response.status} ${json.code}: ${json.message}`);
  if (json.code === "VALIDATION" && Array.isArray(json.issues)) {
    for (const issue of json.issues) console.error(`  ${issue.row !== undefined ? `row ${issue.row}` : "file"}\t${issue.field}\t${issue.message}`);
    return 1;
  }
  return 2;
}
