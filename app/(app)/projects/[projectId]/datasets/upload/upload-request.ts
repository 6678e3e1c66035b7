import type { ImportKindName } from "@/lib/imports/schemas";

// Sends the file to the import endpoint with XMLHttpRequest: unlike fetch, it
// reports upload progress, and the browser streams the File from disk.

export type ImportResponse =
  | { ok: true; data: { status: "committed" | "unchanged" | "validated"; rows: number; summary: Record<string, string | number | boolean | null> } }
  | { ok: false; status: number; error: { code: string; message: string; issues?: { row?: number; field: string; message: string }[] } };

const SEGMENT: Record<ImportKindName, string> = { ITEMS: "items", OUTPUTS: "outputs", JUDGE_SCORES: "judge-scores", LABELS: "labels" };

export function sendImport(args: {
  projectId: string;
  kind: ImportKindName;
  file: File;
  format: string;
  options: Record<string, string>;
  mapping: Record<string, string>;
  dryRun: boolean;
  onProgress: (fraction: number) => void;
}): Promise<ImportResponse> {
  const params = new URLSearchParams({ ...args.options, format: args.format, fileName: args.file.name, mapping: JSON.stringify(args.mapping) });
  if (args.dryRun) params.set("dryRun", "true");
  const url = `/api/v1/projects/${args.projectId}/${SEGMENT[args.kind]}?${params}`;
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) args.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { code: "INTERNAL", message: `The server answered ${xhr.status} without a readable body.` };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ ok: true, data: body as Extract<ImportResponse, { ok: true }>["data"] });
      else resolve({ ok: false, status: xhr.status, error: body as Extract<ImportResponse, { ok: false }>["error"] });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, error: { code: "NETWORK", message: "The upload was interrupted: check your connection and try again." } });
    xhr.send(args.file);
  });
}
