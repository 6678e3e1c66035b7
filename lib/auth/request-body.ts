import { SafeError } from "@/lib/errors";
import { formatBytes, jsonDepthExceeds, MAX_JSON_DEPTH } from "@/lib/imports/parse";

// Request bodies are counted while they stream, whatever Content-Length says
// (a chunked body has none): past the limit the stream is cancelled and the
// request answered 413, so an oversized body is never held in memory.

/** JSON bodies of the plain API routes (review submit, queue…) are a few KB. */
export const JSON_ROUTE_BODY_LIMIT = 1024 * 1024;

/** How long a plain JSON body may stall; uploads use TOUCHSTONE_UPLOAD_IDLE_MS. */
export const JSON_ROUTE_IDLE_MS = 30_000;

/** `limit` says whose limit it is, e.g. "this project's upload limit". */
export function tooLarge(maxBytes: number, limit = "the limit") {
  return new SafeError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} of ${formatBytes(maxBytes)}.`, [
    { field: "(body)", message: `Over the ${formatBytes(maxBytes)} limit.` },
  ]);
}

// A body that stops sending is cut off (408) after TOUCHSTONE_UPLOAD_IDLE_MS:
// an upload streams inside its database transaction, so a client that drip-feeds
// or stalls would otherwise hold a connection (and its dataset's lock) for ever.

function idleTimeout(idleMs: number) {
  return new SafeError("REQUEST_TIMEOUT", `The upload stopped sending data for ${Math.round(idleMs / 1000)} s and was cut off; nothing was imported. Send it again.`, [
    { field: "(body)", message: "No data arrived in time." },
  ]);
}

async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(idleTimeout(idleMs)), idleMs);
  });
  try {
    return await Promise.race([reader.read(), stalled]);
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The body's chunks as they arrive, cut off with 408 when nothing arrives for `idleMs`. */
export async function* bodyChunks(stream: ReadableStream<Uint8Array>, idleMs: number): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    while (true) {
      const { done, value } = await readWithin(reader, idleMs);
      if (done) {
        finished = true;
        return;
      }
      if (value) yield value;
    }
  } finally {
    // A caller that stops early (over the size limit, a bad row) ends the upload here.
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** The body as text, refused with 413 as soon as more than `maxBytes` have arrived (and 408 when it stalls). */
export async function readBodyText(request: Request, maxBytes: number, limit?: string, idleMs = JSON_ROUTE_IDLE_MS): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes, limit);
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const value of bodyChunks(request.body, idleMs)) {
    total += value.length;
    // Returning from the loop cancels the stream.
    if (total > maxBytes) throw tooLarge(maxBytes, limit);
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SafeError("VALIDATION", "The request body is not valid UTF-8.", [{ field: "(body)", message: "Invalid UTF-8." }]);
  }
}

/** JSON.parse (which copes with any nesting depth) with a 400 for invalid JSON. */
export function parseJson(text: string, where = "(body)"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SafeError("VALIDATION", "The request body is not valid JSON.", [{ field: where, message: "Invalid JSON." }]);
  }
}

/** JSON.parse with a nesting cap; `where` names the row or body in the error. */
export function parseJsonWithin(text: string, where = "(body)"): unknown {
  if (jsonDepthExceeds(text)) {
    throw new SafeError("VALIDATION", `${where}: JSON nested deeper than ${MAX_JSON_DEPTH} levels.`, [{ field: where, message: `Nested deeper than ${MAX_JSON_DEPTH} levels.` }]);
  }
  return parseJson(text, where);
}
