import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JudgeRunProgress } from "@/components/judge-run-progress";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { judgeRunHeader } from "@/lib/judge-runner/run-queries";
import { getJudgeRunProgress } from "@/lib/judge-runner/runs";
import { requireProjectPage } from "@/lib/projects/access";

export const metadata: Metadata = { title: "Judge run" };

const PURPOSE: Record<string, string> = { dataset: "whole runs", heldout: "held-out set", promote: "promotion", online: "sampled production traffic, by an evaluation rule" };

// One judge run as it goes: the version, its scope and live progress.
export default async function JudgeRunPage({ params }: { params: Promise<{ projectId: string; runId: string }> }) {
  const { projectId, runId } = await params;
  const access = await requireProjectPage(projectId, "dashboards.view");
  const header = await judgeRunHeader(projectId, runId);
  if (!header) notFound();
  const progress = await getJudgeRunProgress(projectId, runId);
  const version = header.judge.version ? `v${header.judge.version}` : header.judge.promptVersion;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${header.judge.name} ${version}`}
        description={`On ${header.runCount} ${header.runCount === 1 ? "run" : "runs"}${header.itemCount !== null ? `, ${header.itemCount} items` : ""} (${PURPOSE[header.purpose] ?? header.purpose}), model ${header.judge.model}; started ${header.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC${header.createdBy ? ` by ${header.createdBy}` : ""}.`}
      />
      <Card title="Progress">
        <JudgeRunProgress projectId={projectId} initial={progress} canControl={access.can("judges.run")} />
      </Card>
      {header.judge.definitionId && (
        <Link href={`/projects/${projectId}/judges/${header.judge.definitionId}`} className="text-sm font-medium text-brand-700 hover:underline">
          Back to the judge
        </Link>
      )}
    </div>
  );
}
