import { SafeError } from "@/lib/errors";
import { formatBytes, jsonDepthExceeds, MAX_JSON_DEPTH } from "@/lib/imports/parse";

// Request bodies are counted while they stream, whatever Content-Length says
// (a chunked body has none): past the limit the stream is cancelled and the
// request answered 413, so an oversized body is never held in memory.

/** JSON bodies of the plain API routes (review submit, queue…) are a few KB. */
export const JSON_ROUTE_BODY_LIMIT = 1024 * 1024;

/** `limit` says whose limit it is, e.g. "this project's upload limit". */
export function tooLarge(maxBytes: number, limit = "the limit") {
  return new SafeError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} of ${formatBytes(maxBytes)}.`, [
    { field: "(body)", message: `Over the ${formatBytes(maxBytes)} limit.` },
  ]);
}

/** The body as text, refused with 413 as soon as more than `maxBytes` have arrived. */
export async function readBodyText(request: Request, maxBytes: number, limit?: string): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes, limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, limit);
    }
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
