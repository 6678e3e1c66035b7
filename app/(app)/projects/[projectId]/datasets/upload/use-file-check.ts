"use client";

import { useEffect, useState } from "react";
import type { FileFormat } from "@/lib/imports/parse";
import type { ImportKindName } from "@/lib/imports/schemas";
import type { LabelStudioSummary } from "@/lib/imports/label-studio";
import type { FileCheckProgress, FileCheckResult } from "@/lib/imports/validate-file";
import type { CheckMessage, CheckRequest } from "./validate.worker";

// Runs the whole-file check in a Web Worker whenever the file, the kind, the
// mapping or the judge kind change (a change terminates the check in flight).
// The page only receives throttled progress and the first problems.

export type FileCheckState =
  | { status: "idle" }
  | { status: "running"; progress: FileCheckProgress }
  | { status: "done"; result: FileCheckResult }
  | { status: "failed"; message: string };

const MAX_ISSUES = 200;
// Mapping edits come in bursts (one select after another): wait for a pause.
const DEBOUNCE_MS = 250;

export function useFileCheck(args: { file?: File; format?: FileFormat; kind: ImportKindName; mapping: Record<string, string>; judgeKind?: string }) {
  const { file, format, kind, judgeKind } = args;
  const mappingKey = JSON.stringify(args.mapping);
  const [state, setState] = useState<{ key: string; value: FileCheckState }>({ key: "", value: { status: "idle" } });
  // The users and controls of a Label Studio export do not depend on the mapping: kept while a re-check runs.
  const [seen, setSeen] = useState<{ fileKey: string; labelStudio?: LabelStudioSummary }>({ fileKey: "" });
  const fileKey = file ? `${file.name}\u0000${file.size}\u0000${file.lastModified}\u0000${format}\u0000${kind}` : "";
  const key = file ? `${fileKey}\u0000${mappingKey}\u0000${judgeKind ?? ""}` : "";

  useEffect(() => {
    if (!file || !format || file.size === 0) return;
    let worker: Worker | undefined;
    const timer = window.setTimeout(() => {
      try {
        worker = new Worker(new URL("./validate.worker.ts", import.meta.url), { type: "module", name: "upload-check" });
      } catch (error) {
        // No workers here (an old browser, a strict policy): the server's check still covers everything.
        setState({ key, value: { status: "failed", message: error instanceof Error ? error.message : "workers are unavailable" } });
        return;
      }
      worker.onmessage = (event: MessageEvent<CheckMessage>) => {
        const message = event.data;
        if (message.type === "progress") setState({ key, value: { status: "running", progress: message.progress } });
        else if (message.type === "done") {
          setState({ key, value: { status: "done", result: message.result } });
          setSeen({ fileKey, labelStudio: message.result.labelStudio });
        }
        else setState({ key, value: { status: "failed", message: message.message } });
        if (message.type !== "progress") worker?.terminate();
      };
      worker.onerror = (event) => {
        setState({ key, value: { status: "failed", message: event.message || "The browser could not check the file." } });
        worker?.terminate();
      };
      const request: CheckRequest = { file, format, kind, mapping: JSON.parse(mappingKey) as Record<string, string>, judgeKind, maxIssues: MAX_ISSUES };
      worker.postMessage(request);
      setState({ key, value: { status: "running", progress: { bytesRead: 0, totalBytes: file.size, rows: 0, issueCount: 0, issues: [] } } });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      worker?.terminate();
    };
  }, [key, fileKey, file, format, kind, mappingKey, judgeKind]);

  // A state left from an earlier file or mapping is not shown.
  return { check: state.key === key ? state.value : ({ status: "idle" } as const), labelStudio: seen.fileKey === fileKey ? seen.labelStudio : undefined };
}
