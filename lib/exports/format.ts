// Streaming encoders for exports: JSONL (one object a line) and CSV (RFC 4180:
// fields with a comma, quote or line break are quoted, quotes doubled).
// Records arrive from an async generator that reads the database in pages,
// so an export never holds the whole table in memory.

export type ExportFormat = "jsonl" | "csv";
export type ExportRecord = Record<string, string | number | boolean | null | undefined | object>;

export function csvField(value: ExportRecord[string]): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  // A leading =, +, - or @ would run as a formula in spreadsheet apps.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(columns: readonly string[], record: ExportRecord) {
  return `${columns.map((column) => csvField(record[column])).join(",")}\r\n`;
}

export function encodeStream(format: ExportFormat, columns: readonly string[], records: AsyncIterable<ExportRecord>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = records[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (format === "csv" && !headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${columns.map(csvField).join(",")}\r\n`));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(format === "csv" ? csvLine(columns, next.value) : `${JSON.stringify(next.value)}\n`));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export function exportResponse(fileName: string, format: ExportFormat, columns: readonly string[], records: AsyncIterable<ExportRecord>) {
  return new Response(encodeStream(format, columns, records), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
