import { checkFile, type FileCheckProgress, type FileCheckResult } from "@/lib/imports/validate-file";
import { iterateStream, type FileFormat } from "@/lib/imports/parse";
import type { FieldMapping, ImportKindName } from "@/lib/imports/schemas";

// The upload screen's whole-file check, off the main thread: the dropped File
// is streamed from disk (File.stream()) through the same parse, mapping and
// row schemas as the server import, posting progress and the first problems
// as it goes, so a 50 MB file never freezes the page.

export type CheckRequest = { file: File; format?: FileFormat; kind: ImportKindName; mapping: FieldMapping; judgeKind?: string; maxIssues: number };
export type CheckMessage = { type: "progress"; progress: FileCheckProgress } | { type: "done"; result: FileCheckResult } | { type: "failed"; message: string };

const scope = self as unknown as { onmessage: ((event: MessageEvent<CheckRequest>) => void) | null; postMessage(message: CheckMessage): void };

scope.onmessage = (event) => {
  const { file, format, kind, mapping, judgeKind, maxIssues } = event.data;
  checkFile({
    bytes: iterateStream(file.stream()),
    totalBytes: file.size,
    format,
    kind,
    mapping,
    judgeKind,
    maxIssues,
    onProgress: (progress) => scope.postMessage({ type: "progress", progress }),
  }).then(
    (result) => scope.postMessage({ type: "done", result }),
    (error: unknown) => scope.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
  );
};
