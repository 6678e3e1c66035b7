import type { ValidationIssue } from "@/lib/errors";
import { labelStudioCollector, type LabelStudioSummary } from "./label-studio";
import { duplicateOfCheckedRow } from "./duplicate-rows";
import { applyMapping, rowMappingFor } from "./mapping";
import { decodeUtf8, FileFormatError, readRecords, type FileFormat } from "./parse";
import { rowIssuesFromZod } from "./row-issues";
import { rowSchemaFor, type FieldMapping, type ImportKindName } from "./schemas";

// Checks a whole file without the database: decoding, format, mapping and
// every row against its kind's row schema — the same functions the server's
// import runs (lib/imports/run-import.ts), so the browser finds the same
// problems in those layers, and rows the file holds twice (duplicate-rows.ts,
// the server's own rule). What needs the database (unknown items, runs,
// reviewers, criterion ranges) is left to the server's check on "Check file"
// and again on commit. Runs in the upload screen's Web Worker.

export type FileCheckProgress = { bytesRead: number; totalBytes: number; rows: number; issueCount: number; issues: ValidationIssue[] };

export type FileCheckResult = FileCheckProgress & {
  /** Users and controls seen across a Label Studio export, for the reviewer and criterion mappings. */
  labelStudio?: LabelStudioSummary;
};

export type FileCheckInput = {
  bytes: AsyncIterable<Uint8Array>;
  totalBytes: number;
  format?: FileFormat;
  kind: ImportKindName;
  mapping: FieldMapping;
  judgeKind?: string;
  /** How many problems to keep (all are counted). */
  maxIssues?: number;
  /** Called as bytes pass, at most every `progressEveryMs`. */
  onProgress?: (progress: FileCheckProgress) => void;
  progressEveryMs?: number;
};

export async function checkFile(input: FileCheckInput): Promise<FileCheckResult> {
  const maxIssues = input.maxIssues ?? 200;
  const schema = rowSchemaFor(input.kind, { judgeKind: input.judgeKind });
  const issues: ValidationIssue[] = [];
  let issueCount = 0;
  let rows = 0;
  let bytesRead = 0;
  let lastReport = 0;
  const every = input.progressEveryMs ?? 100;
  const add = (issue: ValidationIssue) => {
    issueCount++;
    if (issues.length < maxIssues) issues.push(issue);
  };
  const snapshot = (): FileCheckProgress => ({ bytesRead, totalBytes: input.totalBytes, rows, issueCount, issues: issues.slice() });

  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of input.bytes) {
      bytesRead += chunk.length;
      yield chunk;
      const now = Date.now();
      if (input.onProgress && now - lastReport >= every) {
        lastReport = now;
        input.onProgress(snapshot());
      }
    }
  }

  const mappingFor = rowMappingFor(input.kind, input.mapping);
  const labelStudio = input.kind === "LABELS" ? labelStudioCollector() : undefined;
  const firstRowOf = new Map<string, number>();
  try {
    for await (const record of readRecords(decodeUtf8(counted()), input.format)) {
      if (record.error !== undefined) {
        add({ row: record.row, field: record.field ?? "(row)", message: record.error });
        continue;
      }
      labelStudio?.add(record.value);
      for (const candidate of applyMapping(input.kind, mappingFor(record.value), record.value)) {
        rows++;
        const parsed = schema.safeParse(candidate);
        if (!parsed.success) {
          rowIssuesFromZod(record.row, parsed.error).forEach(add);
          continue;
        }
        const duplicate = duplicateOfCheckedRow(input.kind, parsed.data as Parameters<typeof duplicateOfCheckedRow>[1]);
        if (!duplicate) continue;
        const first = firstRowOf.get(duplicate.key);
        if (first === undefined) firstRowOf.set(duplicate.key, record.row);
        else add({ row: record.row, field: duplicate.field, message: duplicate.message(first) });
      }
    }
  } catch (error) {
    if (error instanceof FileFormatError) add({ row: error.row, field: error.field, message: error.message });
    else throw error;
  }
  const result: FileCheckResult = snapshot();
  if (labelStudio?.size) result.labelStudio = labelStudio.summary();
  return result;
}
