import { CsvReader } from "./csv";
import { JsonArraySplitter } from "./json-array";

// Streaming file reader for the three upload formats. Bytes come in chunks
// (a fetch body, a File.stream(), a Node stream); records come out one by one
// with the row number people see in their editor, so memory stays flat and
// every error can name its row. Runs unchanged in the browser and on Node.

export type FileFormat = "jsonl" | "json" | "csv";
export const FILE_FORMATS: readonly FileFormat[] = ["jsonl", "json", "csv"];

export type ParsedRecord =
  | { row: number; value: Record<string, unknown>; error?: undefined }
  | { row: number; error: string; field?: string; value?: undefined };

/** Problems with the file as a whole (encoding, empty, unclosed array): no row number. */
export class FileFormatError extends Error {
  constructor(
    message: string,
    public field = "(file)",
    public row?: number,
  ) {
    super(message);
    this.name = "FileFormatError";
  }
}

export function formatFromName(fileName: string | undefined): FileFormat | undefined {
  const lower = (fileName ?? "").toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  return undefined;
}

/** Guesses the format from the first non-blank characters of the text. */
export function sniffFormat(text: string): FileFormat {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("[")) return "json";
  if (start.startsWith("{")) return "jsonl";
  return "csv";
}

/** Decodes UTF-8 chunk by chunk, refusing UTF-16 and invalid byte sequences with a clear message. */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let first = true;
  let offset = 0;
  for await (const chunk of chunks) {
    if (first && chunk.length >= 2) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new FileFormatError("The file is UTF-16 encoded; save it as UTF-8 (with or without BOM) and upload again.", "(encoding)");
      }
    }
    try {
      const text = decoder.decode(chunk, { stream: true });
      offset += chunk.length;
      if (text) yield text;
    } catch {
      throw new FileFormatError(
        `The file is not valid UTF-8 (near byte ${offset.toLocaleString("en")}); it may be Latin-1 or Windows-1252. Save it as UTF-8 and upload again.`,
        "(encoding)",
      );
    }
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new FileFormatError("The file ends in the middle of a UTF-8 character; it is not valid UTF-8.", "(encoding)");
  }
  if (tail) yield tail;
}

/**
 * Reads records from a text stream. JSONL and CSV rows are numbered by line
 * (CSV: the header is line 1); JSON array elements by position (1-based).
 */
export async function* readRecords(text: AsyncIterable<string>, format?: FileFormat): AsyncGenerator<ParsedRecord> {
  let detected = format;
  let count = 0;
  const pending: string[] = [];
  const iterator = text[Symbol.asyncIterator]();
  // Sniff from the first non-blank text when the format was not given.
  if (!detected) {
    let seen = "";
    while (!seen.trim()) {
      const next = await iterator.next();
      if (next.done) break;
      pending.push(next.value);
      seen += next.value.replace(/^\uFEFF/, "");
    }
    detected = sniffFormat(seen);
  }
  async function* all(): AsyncGenerator<string> {
    for (const chunk of pending) yield chunk;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const source = stripBom(all());
  const records = detected === "csv" ? readCsv(source) : detected === "json" ? readJsonArray(source) : readJsonl(source);
  for await (const record of records) {
    count++;
    yield record;
  }
  if (count === 0) throw new FileFormatError("The file is empty: it has no rows.", "(file)");
}

async function* stripBom(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const stripped = chunk.replace(/^\uFEFF/, "");
      if (stripped) yield stripped;
      continue;
    }
    yield chunk;
  }
}

function asObject(value: unknown, row: number): ParsedRecord {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { row, error: "Each row must be a JSON object ({ … })." };
  }
  return { row, value: value as Record<string, unknown> };
}

async function* readJsonl(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  let carry = "";
  let line = 0;
  const handle = (text: string): ParsedRecord | null => {
    line++;
    const trimmed = text.trim();
    if (!trimmed) return null;
    try {
      return asObject(JSON.parse(trimmed), line);
    } catch (error) {
      return { row: line, error: `Malformed JSON: ${(error as Error).message.replace(/^JSON\.parse: /, "")}` };
    }
  };
  for await (const chunk of chunks) {
    carry += chunk;
    let start = 0;
    let newline: number;
    while ((newline = carry.indexOf("\n", start)) !== -1) {
      const record = handle(carry.slice(start, newline));
      if (record) yield record;
      start = newline + 1;
    }
    carry = carry.slice(start);
  }
  if (carry.length) {
    const record = handle(carry);
    if (record) yield record;
  }
}

async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  const splitter = new JsonArraySplitter();
  for await (const chunk of chunks) {
    for (const element of splitter.push(chunk)) {
      try {
        yield asObject(JSON.parse(element.text), element.index);
      } catch (error) {
        yield { row: element.index, error: `Malformed JSON: ${(error as Error).message}` };
      }
    }
    if (splitter.notAnArray) throw new FileFormatError("The file does not start with `[`: a JSON file must hold one array of row objects.");
  }
  if (splitter.trailingGarbage) throw new FileFormatError("There is text after the closing `]` of the JSON array.");
  if (splitter.unterminated && splitter.sawArray) {
    throw new FileFormatError(`The JSON array is not closed: the file ends inside row ${splitter.elementCount + 1}.`, "(file)", splitter.elementCount + 1);
  }
}

async function* readCsv(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  const reader = new CsvReader();
  let header: string[] | null = null;
  function* emit(records: { fields: string[]; line: number }[]): Generator<ParsedRecord> {
    for (const record of records) {
      if (!header) {
        header = record.fields.map((name) => name.trim());
        const empty = header.findIndex((name) => !name);
        if (empty !== -1) throw new FileFormatError(`The CSV header has an empty column name (column ${empty + 1}).`, "(header)", record.line);
        const duplicate = header.find((name, i) => header!.indexOf(name) !== i);
        if (duplicate) throw new FileFormatError(`The CSV header names column "${duplicate}" twice.`, "(header)", record.line);
        continue;
      }
      if (record.fields.length !== header.length) {
        yield {
          row: record.line,
          field: "(row)",
          error: `Ragged row: ${record.fields.length} field${record.fields.length === 1 ? "" : "s"}, but the header has ${header.length} columns.`,
        };
        continue;
      }
      const value: Record<string, unknown> = {};
      header.forEach((name, i) => {
        value[name] = record.fields[i];
      });
      yield { row: record.line, value };
    }
  }
  for await (const chunk of chunks) yield* emit(reader.push(chunk));
  const end = reader.end();
  yield* emit(end.records);
  if (end.unterminatedQuote) throw new FileFormatError("The CSV file ends inside a quoted field (a \" is never closed).");
  if (!header) throw new FileFormatError("The file is empty: it has no rows.");
}

/** Turns a web ReadableStream into an async iterable (Node 20's has one; Safari's does not). */
export async function* iterateStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
