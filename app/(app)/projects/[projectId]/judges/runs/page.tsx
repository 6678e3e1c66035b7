import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ONLINE_SUMMARY_DAYS, onlineRuleName, onlineRunsByRule } from "@/lib/evaluation/online-runs";
import { recentJudgeRuns } from "@/lib/judge-runner/run-queries";
import { judgeRunsListSchema } from "@/lib/judge-runner/run-schemas";
import { requireProjectPage } from "@/lib/projects/access";
import { OnlineRuleRows } from "./online-rules";
import { JudgeRunList } from "./run-list";

export const metadata: Metadata = { title: "Judge runs" };

// The project's judge runs, newest first; each opens its live progress.
// Online judges make one run per batch of traffic: they are summarised per
// evaluation rule below the runs people started, and `?rule=` lists one
// rule's batches.
export default async function JudgeRunsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const { rule: ruleId } = judgeRunsListSchema.parse(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")));
  if (ruleId) return <RuleBatches projectId={projectId} ruleId={ruleId} />;
  const [runs, online] = await Promise.all([recentJudgeRuns(projectId), onlineRunsByRule(projectId)]);
  return (
    <div className="space-y-6">
      <PageHeader title="Judge runs" description="Runs of judge versions on the job queue, executed by the judge workers." />
      {runs.length === 0 ? (
        <EmptyState title={online.length ? "No judge runs started by people yet" : "No judge runs yet"}>Start one from a judge&apos;s workbench.</EmptyState>
      ) : (
        <Card title="Latest runs" description="Runs started on datasets, held-out items and promotions.">
          <JudgeRunList projectId={projectId} runs={runs} label="Judge runs" />
        </Card>
      )}
      {online.length > 0 && (
        <Card
          title="Online evaluation"
          description={`Online judges score sampled production traffic in small batches, one run each. One row per evaluation rule over the last ${ONLINE_SUMMARY_DAYS} days; what each rule sampled, scored and skipped is on Traffic → Evaluation rules.`}
        >
          <OnlineRuleRows projectId={projectId} rules={online} />
        </Card>
      )}
    </div>
  );
}

async function RuleBatches({ projectId, ruleId }: { projectId: string; ruleId: string }) {
  const [ruleName, runs] = await Promise.all([onlineRuleName(projectId, ruleId), recentJudgeRuns(projectId, { kind: "online", ruleId })]);
  const name = ruleName ?? "a deleted rule";
  return (
    <div className="space-y-6">
      <PageHeader title={`Online batches of ${name}`} description="Each batch of sampled traffic the rule's judge scored is one run, newest first (the latest 50)." />
      <p className="text-sm">
        <Link href={`/projects/${projectId}/judges/runs`} className="text-brand-700 hover:underline">
          ← All judge runs
        </Link>
      </p>
      {runs.length === 0 ? (
        <EmptyState title="No batches">This rule has not scored any traffic yet.</EmptyState>
      ) : (
        <Card title="Batches">
          <JudgeRunList projectId={projectId} runs={runs} label={`Batches of ${name}`} />
        </Card>
      )}
    </div>
  );
}
