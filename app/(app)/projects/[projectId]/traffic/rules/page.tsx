import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ruleActivity, type RuleDay } from "@/lib/evaluation/rule-activity";
import { listRules, ruleJudgeChoices, type EvaluationRuleView } from "@/lib/evaluation/rules";
import { requireProjectPage } from "@/lib/projects/access";
import { RuleControls } from "./rule-controls";
import { RuleForm } from "./rule-form";

export const metadata: Metadata = { title: "Evaluation rules" };

const usd = (value: number | null) => (value === null ? "unknown" : `$${value < 10 ? value.toFixed(4) : value.toFixed(2)}`);
const percent = (rate: number) => `${+(rate * 100).toFixed(2)} %`;

function filters(rule: EvaluationRuleView) {
  const parts = [
    rule.segments.length ? `segment ${rule.segments.join(" or ")}` : null,
    rule.models.length ? `model ${rule.models.join(" or ")}` : null,
    rule.appVersions.length ? `app version ${rule.appVersions.join(" or ")}` : null,
    ...Object.entries(rule.metadataFilter).map(([key, value]) => `${key} = ${value}`),
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "all traffic";
}

const EMPTY_DAY = { sampled: 0, pending: 0, scored: 0, errors: 0, skippedCap: 0, costUsd: 0 };

export default async function EvaluationRulesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { can } = await requireProjectPage(projectId, "traffic.read");
  const mayEdit = can("evaluationRules.write");
  const [rules, judges] = await Promise.all([listRules(projectId), mayEdit ? ruleJudgeChoices(projectId) : Promise.resolve([])]);
  const days = await ruleActivity(projectId, rules.map((rule) => rule.id), { days: 14 });
  const today = new Date().toISOString().slice(0, 10);

  return (
    <div className="space-y-4">
      <PageHeader
        title="Evaluation rules"
        description="Online judges: each rule has a judge version score a share of production traffic as it arrives, through the same queue as dataset runs, never spending more than its daily cap."
        actions={<ButtonLink variant="secondary" href={`/projects/${projectId}/traffic`}>Traffic</ButtonLink>}
      />
      {mayEdit && (
        <Card title="New rule" description="Traffic sent from now on is drawn at the rule's rate when it matches every filter. A cap counts estimated cost before a batch is sent; what does not fit is skipped and counted.">
          {judges.length ? (
            <RuleForm projectId={projectId} judges={judges} />
          ) : (
            <p className="text-sm text-slate-600">
              No judge can score traffic yet: define a pointwise judge with an LLM connection under <Link className="text-brand-700 underline" href={`/projects/${projectId}/judges`}>Judges</Link>.
            </p>
          )}
        </Card>
      )}
      {rules.length === 0 ? (
        <EmptyState title="No evaluation rules">Production traffic is stored but not judged until a rule draws from it.</EmptyState>
      ) : (
        rules.map((rule) => {
          const history = days.filter((day) => day.ruleId === rule.id);
          const now: Omit<RuleDay, "ruleId" | "day"> = history.find((day) => day.day === today) ?? EMPTY_DAY;
          const cost = rule.priced ? now.costUsd : null;
          return (
            <Card
              key={rule.id}
              title={
                <span className="flex items-center gap-2">
                  {rule.name} <Badge tone={rule.enabled ? "green" : "neutral"}>{rule.enabled ? "enabled" : "disabled"}</Badge>
                </span>
              }
              description={`${rule.judgeName} on ${percent(rule.samplingRate)} of ${filters(rule)}; ${rule.dailyCostCapUsd === null ? "no daily cap" : `cap ${usd(rule.dailyCostCapUsd)} a day (UTC)`}.`}
              actions={mayEdit && <RuleControls projectId={projectId} ruleId={rule.id} name={rule.name} enabled={rule.enabled} />}
            >
              <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-6" aria-label={`Today for ${rule.name}`}>
                {[
                  ["sampled", "Sampled today", now.sampled],
                  ["scored", "Scored", now.scored],
                  ["errors", "Errors", now.errors],
                  ["skipped", "Skipped by the cap", now.skippedCap],
                  ["pending", "Waiting", now.pending],
                  ["spent", "Spent", usd(cost)],
                ].map(([key, label, value]) => (
                  <div key={key}>
                    <dt className="text-xs uppercase tracking-wide text-slate-600">{label}</dt>
                    <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid={`today-${key}`}>
                      {value}
                    </dd>
                  </div>
                ))}
              </dl>
              {rule.dailyCostCapUsd !== null && cost !== null && (
                <div className="mt-3 max-w-md">
                  <ProgressBar value={Math.round(cost * 100)} max={Math.round(rule.dailyCostCapUsd * 100)} label={`Spend against the cap of ${rule.name}`} unit="cents of today's cap" />
                </div>
              )}
              {history.length > 0 && (
                <table className="mt-4 w-full max-w-3xl text-left text-sm">
                  <caption className="sr-only">Per day for {rule.name}</caption>
                  <thead className="text-xs uppercase tracking-wide text-slate-600">
                    <tr>
                      <th className="py-1">Day (UTC)</th>
                      <th className="py-1 text-right">Sampled</th>
                      <th className="py-1 text-right">Scored</th>
                      <th className="py-1 text-right">Errors</th>
                      <th className="py-1 text-right">Skipped (cap)</th>
                      <th className="py-1 text-right">Spent</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 tabular-nums">
                    {history.map((day) => (
                      <tr key={day.day}>
                        <td className="py-1">
                          <Link className="text-brand-700 underline-offset-2 hover:underline" href={`/projects/${projectId}/traffic/samples?rule=${rule.id}&from=${day.day}&to=${day.day}`}>
                            {day.day}
                          </Link>
                        </td>
                        <td className="py-1 text-right">{day.sampled}</td>
                        <td className="py-1 text-right">{day.scored}</td>
                        <td className="py-1 text-right">{day.errors}</td>
                        <td className="py-1 text-right">{day.skippedCap}</td>
                        <td className="py-1 text-right">{usd(rule.priced ? day.costUsd : null)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {mayEdit && (
                <details className="mt-4">
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit rule</summary>
                  <div className="mt-3">
                    <RuleForm
                      projectId={projectId}
                      judges={judges}
                      initial={{ ...rule, samplingPercent: +(rule.samplingRate * 100).toFixed(4) }}
                    />
                  </div>
                </details>
              )}
            </Card>
          );
        })
      )}
    </div>
  );
}
