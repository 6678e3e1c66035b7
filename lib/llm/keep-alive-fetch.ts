import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";

// The transport under the OpenAI SDK: a `fetch` over node:http(s) with one
// keep-alive agent per client. The SDK still builds every request, reads
// every answer and classifies every error; only the bytes travel differently.
// Why not the global fetch: the judge bench showed undici's fetch (request
// objects, web streams, its WASM parser) to be most of a worker's CPU per
// call, and a slot busy in the worker is a slot not waiting on the provider.
// node:http's native parser and a buffered body read without a web stream
// cost about half.
// Requests whose body is not text or bytes (none of the calls we make) go to
// the global fetch unchanged.

const DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

const abortReason = (signal: AbortSignal) => (signal.reason as unknown) ?? new DOMException("This operation was aborted", "AbortError");

function headersObject(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => {
    out[name] = value;
  });
  // We ask for what we can read without decoding; a server that compresses anyway is decoded below.
  delete out["accept-encoding"];
  return out;
}

function responseHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/**
 * A Response whose body is already in memory: text() and json() read the
 * buffer directly instead of wrapping it in a web stream and reading that back
 * (the SDK reads non-streamed answers only through them). `body` is null:
 * nothing we ask for is streamed.
 */
class BufferedResponse extends Response {
  constructor(
    private readonly buffered: Buffer,
    init: ResponseInit,
  ) {
    super(null, init);
  }

  override async text() {
    return this.buffered.toString("utf8");
  }

  override async json() {
    return JSON.parse(this.buffered.toString("utf8")) as unknown;
  }

  override async arrayBuffer() {
    return this.buffered.buffer.slice(this.buffered.byteOffset, this.buffered.byteOffset + this.buffered.byteLength) as ArrayBuffer;
  }
}

/** A fetch for one SDK client; its keep-alive sockets are reused across calls (and unref'd while idle, so they never hold a process open). */
export function keepAliveFetch(): typeof fetch {
  const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  return (input, init = {}) => {
    const body = init.body;
    const plainBody = body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const agent = agents[url.protocol as keyof typeof agents];
    if (!plainBody || !agent || (typeof input === "object" && !(input instanceof URL))) return fetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      // As the global fetch fails: a TypeError whose cause is the socket's error (ECONNREFUSED …).
      const fail = (error: Error) => finish(() => reject(new TypeError("fetch failed", { cause: error })));
      const request = (url.protocol === "https:" ? https : http).request(url, { method: init.method ?? "GET", headers: headersObject(init.headers), agent }, (response) => {
        const encoding = response.headers["content-encoding"]?.toLowerCase();
        const decoder = encoding ? DECODERS[encoding] : undefined;
        const stream = decoder ? response.pipe(decoder()) : response;
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", fail);
        response.on("error", fail);
        stream.on("end", () => {
          const status = response.statusCode ?? 502;
          const empty = status === 204 || status === 205 || status === 304 || init.method === "HEAD";
          const headers = responseHeaders(response.rawHeaders);
          if (decoder) {
            // The body handed on is decoded: its encoding and length no longer apply.
            headers.delete("content-encoding");
            headers.delete("content-length");
          }
          const answer = { status, statusText: response.statusMessage ?? "", headers };
          finish(() => resolve(empty ? new Response(null, answer) : new BufferedResponse(Buffer.concat(chunks), answer)));
        });
      });
      function onAbort() {
        finish(() => reject(abortReason(signal!)));
        request.destroy();
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("error", fail);
      request.end(body ?? undefined);
    });
  };
}
