import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { OnlineRuleRuns } from "@/lib/evaluation/online-runs";
import { judgeVersionName, RunStatusBadge, utcMinute } from "./run-list";

// One row per evaluation rule for its online batches: what a lead checks at a
// glance (is it running, did a batch fail, how much was judged), with the
// latest batch, the rule's batches and the rules page a click away.

export function OnlineRuleRows({ projectId, rules }: { projectId: string; rules: OnlineRuleRuns[] }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Online evaluation rules">
      {rules.map((rule) => {
        const name = rule.ruleName ?? "Deleted rule";
        return (
          <li key={rule.ruleId} className="flex flex-wrap items-start justify-between gap-3 py-3">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {rule.ruleName ? (
                  <Link href={`/projects/${projectId}/traffic/rules`} className="text-brand-700 hover:underline" aria-label={`${name} on the evaluation rules page`}>
                    {name}
                  </Link>
                ) : (
                  <span className="text-slate-600">{name}</span>
                )}
                <span className="ml-2 text-sm font-normal text-slate-600">{judgeVersionName(rule.judge)}</span>
              </p>
              <p className="mt-1 text-sm text-slate-600">
                <span data-testid="online-batches">{rule.batches.toLocaleString("en")}</span> batch{rule.batches === 1 ? "" : "es"} ·{" "}
                <span data-testid="online-calls">{rule.calls.toLocaleString("en")}</span> calls
                {rule.active > 0 && <> · {rule.active.toLocaleString("en")} queued or running</>}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
              {rule.failed > 0 && <Badge tone="amber">{rule.failed.toLocaleString("en")} failed</Badge>}
              <span>
                latest{" "}
                <Link href={`/projects/${projectId}/judges/runs/${rule.latest.id}`} className="text-brand-700 hover:underline" aria-label={`Latest batch of ${name}: ${utcMinute(rule.latest.createdAt)}`}>
                  {utcMinute(rule.latest.createdAt)}
                </Link>
              </span>
              <RunStatusBadge status={rule.latest.status} />
              <Link href={`/projects/${projectId}/judges/runs?rule=${encodeURIComponent(rule.ruleId)}`} className="font-medium text-brand-700 hover:underline" aria-label={`Batches of ${name}`}>
                Batches
              </Link>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
