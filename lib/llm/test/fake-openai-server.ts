import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { answerChatCompletion, listModels, openAIError, type WireResponse } from "../demo-completions";
import { DEMO_MODEL_ID } from "../demo-model";

// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benches: it
// answers with the deterministic demo model, after a configurable latency, and
// injects the faults providers really produce (429 with Retry-After, 500s,
// never answering, malformed JSON, slow answers, a refused key, an unknown
// model). Tests never call the internet; they point a connection here.
// Kept cheap per request (no logging, counters only) because the judge bench
// sends 10,000 calls at concurrency 64 through it.

export type FaultKind = "rate-limit" | "server-error" | "timeout" | "malformed-json" | "slow" | "bad-key" | "unknown-model";

export type FaultRule = {
  kind: FaultKind;
  // Which chat requests it hits, counted from 1 since setFaults (all of them when none of these is given):
  first?: number; // the first n requests
  requests?: number[]; // these request numbers
  every?: number; // every n-th request
  probability?: number; // each request with this probability (seeded, so runs repeat)
  // Only requests whose prompt contains this text (e.g. one item's output), so concurrent order does not matter.
  promptContains?: string;
  // rate-limit: the Retry-After header in seconds (default 1); retryAfterMs also sends retry-after-ms.
  retryAfterSeconds?: number;
  retryAfterMs?: number;
  // server-error: the status (default 500).
  status?: number;
  // slow: extra delay on top of the latency (default 2000 ms).
  delayMs?: number;
};

export type FaultPlan = { rules: FaultRule[]; seed?: number };

export type FakeOpenAIOptions = {
  // Model ids the server knows; others get 404 model_not_found.
  models?: string[];
  // When set, requests must carry "Authorization: Bearer <apiKey>" or get 401.
  apiKey?: string;
  // Delay before each answer (ms).
  latencyMs?: number;
  faults?: FaultPlan;
};

export type FakeOpenAIStats = {
  chatRequests: number;
  modelRequests: number;
  // Chat requests answered 200 with a well-formed completion.
  completed: number;
  byStatus: Record<number, number>;
  faults: Partial<Record<FaultKind, number>>;
  inFlight: number;
  maxInFlight: number;
  promptTokens: number;
  completionTokens: number;
  // The last chat request body as received (for tests that check what the client sent).
  lastBody: unknown;
  lastHeaders: http.IncomingHttpHeaders | null;
};

export type FakeOpenAIServer = {
  baseURL: string;
  stats: FakeOpenAIStats;
  setFaults(plan: FaultPlan | FaultRule[]): void;
  setLatency(ms: number): void;
  resetStats(): void;
  close(): Promise<void>;
};

/** mulberry32: a tiny seeded generator, so probabilistic faults hit the same requests every run. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const emptyStats = (): FakeOpenAIStats => ({
  chatRequests: 0,
  modelRequests: 0,
  completed: 0,
  byStatus: {},
  faults: {},
  inFlight: 0,
  maxInFlight: 0,
  promptTokens: 0,
  completionTokens: 0,
  lastBody: null,
  lastHeaders: null,
});

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const models = options.models ?? [DEMO_MODEL_ID];
  let latencyMs = options.latencyMs ?? 0;
  let stats = emptyStats();
  let rules: FaultRule[] = [];
  let random = seededRandom(0);
  let counted = 0; // chat requests since the last setFaults
  const sockets = new Set<Socket>();

  const setFaults = (plan: FaultPlan | FaultRule[]) => {
    const full = Array.isArray(plan) ? { rules: plan } : plan;
    rules = full.rules;
    random = seededRandom(full.seed ?? 1);
    counted = 0;
  };
  if (options.faults) setFaults(options.faults);

  const pickFault = (n: number, body: unknown): FaultRule | undefined => {
    for (const rule of rules) {
      if (rule.promptContains !== undefined && !JSON.stringify((body as { messages?: unknown })?.messages ?? "").includes(rule.promptContains)) continue;
      const hit =
        rule.first !== undefined
          ? n <= rule.first
          : rule.requests !== undefined
            ? rule.requests.includes(n)
            : rule.every !== undefined
              ? n % rule.every === 0
              : rule.probability !== undefined
                ? random() < rule.probability
                : true;
      if (hit) return rule;
    }
    return undefined;
  };

  const send = (response: http.ServerResponse, answer: WireResponse, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(answer.body);
    stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
    response.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    response.end(text);
  };

  const handleChat = (request: http.IncomingMessage, response: http.ServerResponse, raw: string) => {
    stats.chatRequests++;
    const n = ++counted;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(response, openAIError(400, "We could not parse the JSON body of your request.", "invalid_request_error"));
    }
    stats.lastBody = body;
    stats.lastHeaders = request.headers;
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(response, openAIError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
    }
    const fault = pickFault(n, body);
    if (fault) stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
    if (fault?.kind === "timeout") return; // never answers; the client's timeout (or close()) ends it
    const delay = latencyMs + (fault?.kind === "slow" ? (fault.delayMs ?? 2000) : 0);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const answer = () => {
      stats.inFlight--;
      if (response.destroyed) return;
      switch (fault?.kind) {
        case "rate-limit": {
          const headers: Record<string, string> = { "retry-after": String(fault.retryAfterSeconds ?? 1) };
          if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
          return send(response, openAIError(429, "Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"), headers);
        }
        case "server-error":
          return send(response, openAIError(fault.status ?? 500, "The server had an error while processing your request.", "server_error"));
        case "bad-key":
          return send(response, openAIError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
        case "unknown-model":
          return send(response, answerChatCompletion(body, []));
        case "malformed-json":
          stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
          response.writeHead(200, { "content-type": "application/json" });
          return response.end('{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":');
      }
      const result = answerChatCompletion(body, models);
      if (result.status === 200) {
        stats.completed++;
        const usage = (result.body as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
        stats.promptTokens += usage.prompt_tokens;
        stats.completionTokens += usage.completion_tokens;
      }
      send(response, result);
    };
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  };

  const server = http.createServer((request, response) => {
    const url = request.url?.split("?")[0] ?? "";
    if (request.method === "GET" && url === "/v1/models") {
      stats.modelRequests++;
      if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
        return send(response, openAIError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
      }
      return send(response, listModels(models));
    }
    if (request.method === "POST" && url === "/v1/chat/completions") {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => handleChat(request, response, Buffer.concat(chunks).toString("utf8")));
      return;
    }
    send(response, openAIError(404, `Unknown request URL: ${request.method} ${url}.`, "invalid_request_error", "unknown_url"));
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get stats() {
      return stats;
    },
    setFaults,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    resetStats: () => {
      stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Requests left hanging by a "timeout" fault would keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
