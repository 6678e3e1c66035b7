// What the commands that talk to a project's REST API share (gate, judge):
// the options every one of them takes (--token, --url, --json, --help) with
// their environment fall-backs, one JSON request, and how a server's refusal
// is printed. The leading underscore keeps it out of scripts/cli.mjs's
// command list.
import { parseArgs } from "node:util";

const DEFAULT_URL = "http://localhost:3000";

/** The options of every API command, for node's parseArgs. */
export const SERVER_OPTIONS = {
  token: { type: "string" },
  url: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
};

/**
 * node's parseArgs (strict, no positionals) over the command's options plus SERVER_OPTIONS.
 * @param {string[]} args
 * @param {Record<string, { type: "string" | "boolean", multiple?: boolean, default?: unknown, short?: string }>} options
 * @returns {{ ok: true, values: Record<string, any> } | { ok: false, message: string }}
 */
export function parseCommandArgs(args, options) {
  try {
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { ...options, ...SERVER_OPTIONS } });
    return { ok: true, values };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** "Missing --a, --b." for the required options not given, else null. */
export function missingOptions(values, names) {
  const missing = names.filter((name) => !values[name]);
  return missing.length ? `Missing ${missing.map((name) => `--${name}`).join(", ")}.` : null;
}

/**
 * The server and the token: --url / TOUCHSTONE_URL (default http://localhost:3000, trailing slashes dropped),
 * --token / TOUCHSTONE_TOKEN (required).
 * @returns {{ ok: true, token: string, url: string } | { ok: false, message: string }}
 */
export function serverFrom(values, env) {
  const token = values.token ?? env.TOUCHSTONE_TOKEN;
  if (!token) return { ok: false, message: "Missing API token: pass --token or set TOUCHSTONE_TOKEN." };
  const url = (values.url ?? env.TOUCHSTONE_URL ?? DEFAULT_URL).replace(/\/+$/, "");
  try {
    new URL(url);
  } catch {
    return { ok: false, message: `--url is not a URL: ${url}` };
  }
  return { ok: true, token, url };
}

/** `<url>/api/v1/projects/<project><path>` */
export const projectApiUrl = (server, project, path) => `${server.url}/api/v1/projects/${encodeURIComponent(project)}${path}`;

/**
 * One request with the token; the body is parsed as JSON (null when it is not). Throws only when the server cannot be reached.
 * @param {typeof fetch} fetchImpl
 * @param {{ token: string }} server
 * @param {string} url
 * @param {{ method?: string, body?: unknown }} [request]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function requestJson(fetchImpl, server, url, { method = "GET", body } = {}) {
  const response = await fetchImpl(url, {
    method,
    headers: { authorization: `Bearer ${server.token}`, accept: "application/json", ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  return { status: response.status, body: json };
}

/** The server's message (or the HTTP status) and each field issue, on stderr. */
export function printServerError(stderr, command, answer) {
  const message = answer.body && typeof answer.body.message === "string" ? answer.body.message : `unexpected answer (HTTP ${answer.status}).`;
  stderr(`touchstone ${command}: ${message}`);
  for (const issue of answer.body?.issues ?? []) stderr(`  ${issue.field}: ${issue.message}`);
}

/** "cannot reach <url>: <why>" */
export const unreachable = (server, error) => `cannot reach ${server.url}: ${error instanceof Error ? error.message : String(error)}`;

/** Repeated and comma-separated values as one list: `--runs a,b --runs c` → [a, b, c]. */
export const listOption = (values) => (values ?? []).flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
