"use client";

import { useEffect, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { JudgeRunProgress as Progress, JudgeRunStatus } from "@/lib/judge-runner/contracts";
import { cancelJudgeRunAction, pauseJudgeRunAction, readJudgeRunProgress, resumeJudgeRunAction } from "@/lib/judge-runner/run-actions";

// A judge run's live progress: done / errors / cached / cost / rate, polled
// every second while it runs, with pause, resume and cancel for those who may
// run judges. Embedded by the judges workbench and the run page.

const POLL_MS = 1000;
const LIVE: JudgeRunStatus[] = ["QUEUED", "RUNNING"];
const STATUS_TONE: Record<JudgeRunStatus, "neutral" | "brand" | "green" | "amber"> = {
  QUEUED: "neutral",
  RUNNING: "brand",
  PAUSED: "amber",
  CANCELLED: "neutral",
  FAILED: "amber",
  DONE: "green",
};

const usd = (value: number | null) => (value === null ? "unknown (no prices on the connection)" : `$${value.toFixed(value < 1 ? 4 : 2)}`);

export function JudgeRunProgress({ projectId, initial, canControl }: { projectId: string; initial: Progress; canControl: boolean }) {
  const [progress, setProgress] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const live = LIVE.includes(progress.status);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(async () => {
      const result = await readJudgeRunProgress({ projectId, runId: initial.id });
      if (result.ok) setProgress(result.data);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, projectId, initial.id]);

  const act = (action: typeof pauseJudgeRunAction) =>
    startTransition(async () => {
      const result = await action({ projectId, runId: initial.id });
      if (result.ok) {
        setProgress(result.data);
        setError(null);
      } else setError(result.error.message);
    });

  return (
    <section aria-label="Judge run progress" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <Badge tone={STATUS_TONE[progress.status]}>{progress.status.toLowerCase()}</Badge>
          <span className="text-sm text-slate-700">
            {progress.done.toLocaleString("en")} of {progress.total.toLocaleString("en")} calls
          </span>
        </div>
        {canControl && (
          <div className="flex gap-2">
            {live && (
              <Button variant="secondary" disabled={pending} onClick={() => act(pauseJudgeRunAction)}>
                Pause
              </Button>
            )}
            {(progress.status === "PAUSED" || progress.status === "FAILED") && (
              <Button disabled={pending} onClick={() => act(resumeJudgeRunAction)}>
                Resume
              </Button>
            )}
            {(live || progress.status === "PAUSED") && (
              <Button variant="danger" disabled={pending} onClick={() => act(cancelJudgeRunAction)}>
                Cancel
              </Button>
            )}
          </div>
        )}
      </div>
      <ProgressBar value={progress.done} max={progress.total} label="Calls done" unit="calls" />
      {progress.failure && <ErrorBanner message={`The run stopped: ${progress.failure}`} />}
      <ErrorBanner message={error} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        <Figure term="Errors" value={`${progress.errors.toLocaleString("en")}${progress.errors ? " (stored as ERROR scores)" : ""}`} />
        <Figure term="From cache" value={progress.cached.toLocaleString("en")} />
        <Figure term="Rate" value={live ? `${progress.callsPerSecond.toFixed(1)} calls/s` : `${progress.callsPerSecond.toFixed(1)} calls/s overall`} />
        <Figure term="Cost so far" value={usd(progress.costUsd)} />
        <Figure term="Estimated cost" value={usd(progress.estimatedCostUsd)} />
        <Figure term="Tokens" value={`${progress.inputTokens.toLocaleString("en")} in · ${progress.outputTokens.toLocaleString("en")} out`} />
      </dl>
    </section>
  );
}

function Figure({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{term}</dt>
      <dd className="font-medium text-slate-800">{value}</dd>
    </div>
  );
}
