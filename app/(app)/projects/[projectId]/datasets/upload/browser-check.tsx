"use client";

import { IssueTable } from "./issue-table";
import type { FileCheckState } from "./use-file-check";

/** Progress and outcome of the whole-file check that runs in the browser while the page stays usable. */
export function BrowserCheck({ projectId, state }: { projectId: string; state: FileCheckState }) {
  if (state.status === "idle") return null;
  if (state.status === "failed") {
    return (
      <p className="mt-3 text-sm text-amber-800" role="status">
        The browser could not check this file ({state.message}); “Check file” still checks it on the server.
      </p>
    );
  }
  const progress = state.status === "running" ? state.progress : state.result;
  const percent = progress.totalBytes > 0 ? Math.min(100, Math.floor((progress.bytesRead / progress.totalBytes) * 100)) : 100;
  const rows = `${progress.rows.toLocaleString("en")} row${progress.rows === 1 ? "" : "s"}`;
  const problems = `${progress.issueCount.toLocaleString("en")} problem${progress.issueCount === 1 ? "" : "s"}`;
  return (
    <div className="mt-4" data-testid="browser-check">
      {state.status === "running" && (
        <>
          <div role="progressbar" aria-label="Checking the file in your browser" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
            <div className="h-full rounded-full bg-brand-500" style={{ width: `${percent}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-600" aria-live="polite">
            Checking every row in your browser… {percent}% · {rows} read{progress.issueCount > 0 ? ` · ${problems} so far` : ""}
          </p>
        </>
      )}
      {state.status === "done" && (
        <p className={`text-sm ${progress.issueCount ? "text-red-800" : "text-emerald-800"}`} role="status">
          Checked in your browser: {rows}, {progress.issueCount ? problems : "no problems"} in format, fields and types.
          {progress.issueCount === 0 && " “Check file” then checks items, runs, reviewers and ranges against the project."}
        </p>
      )}
      {progress.issues.length > 0 && (
        <IssueTable
          projectId={projectId}
          issues={progress.issues}
          caption={`${progress.issueCount > progress.issues.length ? `First ${progress.issues.length.toLocaleString("en")} of ${problems}` : problems} found in your browser${state.status === "running" ? " so far" : ""} (nothing is sent until you import)`}
          testId="browser-check-issues"
        />
      )}
    </div>
  );
}
