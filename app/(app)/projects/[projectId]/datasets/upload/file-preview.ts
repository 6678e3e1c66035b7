import { listPaths } from "@/lib/imports/mapping";
import { decodeUtf8, FileFormatError, formatFromName, iterateStream, readRecords, type FileFormat, type ParsedRecord } from "@/lib/imports/parse";

// Reads only the first rows of a dropped file, streaming from disk, so a
// 50 MB file previews as fast as a small one and the page never freezes. The
// whole file is later sent to the server as it is (the browser streams it).

export type Preview = {
  format: FileFormat;
  rows: Record<string, unknown>[];
  paths: string[];
  /** Problems already visible in the first rows (malformed line, ragged CSV row, encoding). */
  problems: { row?: number; field: string; message: string }[];
};

const PREVIEW_ROWS = 20;

export async function previewFile(file: File): Promise<Preview> {
  const rows: Record<string, unknown>[] = [];
  const problems: Preview["problems"] = [];
  let format = formatFromName(file.name);
  const head = await file.slice(0, 4096).text();
  format ??= head.replace(/^\uFEFF/, "").trimStart().startsWith("[") ? "json" : head.replace(/^\uFEFF/, "").trimStart().startsWith("{") ? "jsonl" : "csv";
  try {
    for await (const record of readRecords(decodeUtf8(iterateStream(file.stream())), format) as AsyncGenerator<ParsedRecord>) {
      if (record.error !== undefined) problems.push({ row: record.row, field: record.field ?? "(row)", message: record.error });
      else rows.push(record.value);
      if (rows.length + problems.length >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (error instanceof FileFormatError) problems.push({ row: error.row, field: error.field, message: error.message });
    else throw error;
  }
  const paths = [...new Set(rows.slice(0, 5).flatMap((row) => listPaths(row)))];
  return { format, rows, paths, problems };
}
