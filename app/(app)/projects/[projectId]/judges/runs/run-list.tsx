import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { JudgeRunStatus } from "@/lib/generated/prisma/client";

// Rows of judge runs (the list and one rule's online batches share them).

export type JudgeRunRow = { id: string; status: JudgeRunStatus; total: number; createdAt: Date; judge: { name: string; version: number | null; promptVersion: string } };

export const utcMinute = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export const judgeVersionName = (judge: JudgeRunRow["judge"]) => `${judge.name} ${judge.version ? `v${judge.version}` : judge.promptVersion}`.trim();

export function RunStatusBadge({ status }: { status: JudgeRunStatus }) {
  return (
    <Badge tone={status === "DONE" ? "green" : status === "RUNNING" ? "brand" : status === "FAILED" || status === "PAUSED" ? "amber" : "neutral"}>{status.toLowerCase()}</Badge>
  );
}

export function JudgeRunList({ projectId, runs, label }: { projectId: string; runs: JudgeRunRow[]; label: string }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label={label}>
      {runs.map((run) => (
        <li key={run.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <Link href={`/projects/${projectId}/judges/runs/${run.id}`} className="font-medium text-brand-700 hover:underline">
            {judgeVersionName(run.judge)}
          </Link>
          <span className="flex items-center gap-3 text-sm text-slate-600">
            {run.total.toLocaleString("en")} calls · {utcMinute(run.createdAt)}
            <RunStatusBadge status={run.status} />
          </span>
        </li>
      ))}
    </ul>
  );
}
