import type { Metadata } from "next";
import { FLAG_LABELS } from "@/lib/review/schemas";
import { notFound } from "next/navigation";
import { ChatTurns, parseChatTurns } from "@/components/output/chat-turns";
import { Markdown } from "@/components/output/markdown";
import { OutputColumns } from "@/components/output/output-columns";
import { parseContext, RetrievedContext } from "@/components/output/retrieved-context";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { describeCriterion } from "@/lib/agreement/criteria";
import type { CriterionKindName } from "@/lib/rubrics/kinds";
import { loadUnitDetail } from "@/lib/agreement/disagreements";
import { requireProjectPage } from "@/lib/projects/access";
import { AdjudicateForm } from "./adjudicate-form";

export const metadata: Metadata = { title: "Disagreement" };

const code = (value: number | null, category: string | null) => category ?? (value === null ? "—" : String(value));

export default async function UnitPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ criterion?: string; target?: string; judge?: string }> }) {
  const { projectId } = await params;
  const query = await searchParams;
  const { can } = await requireProjectPage(projectId, "dashboards.view");
  if (!query.criterion || !query.target) notFound();
  const unit = await loadUnitDetail(projectId, query.criterion, query.target);
  if (!unit) notFound();
  const criterion = describeCriterion({ ...unit.criterion, kind: unit.criterion.kind as CriterionKindName });
  const back = `/projects/${projectId}/dashboards/disagreements?criterion=${encodeURIComponent(unit.criterion.key)}${query.judge ? `&judge=${encodeURIComponent(query.judge)}` : ""}`;
  const turns = parseChatTurns(unit.item.inputTurns);
  const context = parseContext(unit.item.context);
  const pair = unit.outputs.length === 2;

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${unit.item.externalId} · ${unit.criterion.name}`}
        description={unit.outputs.map((o) => o.run.name).join(" vs ")}
        actions={
          <ButtonLink variant="secondary" href={back}>
            Back to disagreements
          </ButtonLink>
        }
      />
      <Card title="Input">
        {turns.length > 0 ? <ChatTurns turns={turns} /> : <Markdown>{unit.item.inputText ?? ""}</Markdown>}
        {context.length > 0 && <div className="mt-3"><RetrievedContext documents={context} /></div>}
        {unit.item.reference && (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer font-medium text-slate-700">Reference answer</summary>
            <div className="mt-2"><Markdown>{unit.item.reference}</Markdown></div>
          </details>
        )}
      </Card>

      <OutputColumns
        outputs={unit.outputs.map((output, index) => ({
          id: output.id,
          title: pair ? `${index === 0 ? "A" : "B"}: ${output.run.name}` : output.run.name,
          content: output.content,
          turns: output.turns,
          trace: output.trace,
          meta: <span className="font-mono">{output.run.model}</span>,
          footer: unit.pointwise.some((s) => s.outputId === output.id) ? (
            <ul className="space-y-1 text-xs text-slate-700">
              {unit.pointwise.filter((s) => s.outputId === output.id).map((s) => (
                <li key={s.judge.id}>
                  <span className="font-medium">{s.judge.name} {s.judge.promptVersion}:</span> {code(s.value, s.category)}
                </li>
              ))}
            </ul>
          ) : undefined,
        }))}
      />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Judges" description="Each judge's verdict and rationale on this unit.">
          {unit.pointwise.length + unit.pairwise.length === 0 ? (
            <EmptyState title="No judge scored this unit" />
          ) : (
            <ul className="space-y-3 text-sm">
              {unit.pointwise.map((s) => (
                <li key={`${s.judge.id}:${s.outputId}`} className="rounded-md border border-slate-200 p-3">
                  <p className="font-medium text-slate-900">
                    {s.judge.name} {s.judge.promptVersion} <Badge tone="brand">{code(s.value, s.category)}</Badge>
                  </p>
                  {s.rationale ? <div className="mt-1"><Markdown>{s.rationale}</Markdown></div> : <p className="mt-1 text-slate-500">No rationale.</p>}
                </li>
              ))}
              {unit.pairwise.map((s) => (
                <li key={`${s.judge.id}:${s.shownOrder}`} className="rounded-md border border-slate-200 p-3">
                  <p className="font-medium text-slate-900">
                    {s.judge.name} {s.judge.promptVersion} · shown {s.shownOrder === "AB" ? "in stored order" : "swapped"}{" "}
                    <Badge tone="brand">{s.verdict === "A" || s.verdict === "B" ? `${(s.verdict === "A") === (s.outputAId === unit.outputs[0]!.id) ? "A" : "B"} wins` : s.verdict.toLowerCase()}</Badge>
                  </p>
                  {s.rationale ? <div className="mt-1"><Markdown>{s.rationale}</Markdown></div> : <p className="mt-1 text-slate-500">No rationale.</p>}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Reviewers" description="Each reviewer's label, rationale, flags and comment.">
          {unit.labels.length === 0 ? (
            <EmptyState title="No reviewer labelled this unit" />
          ) : (
            <ul className="space-y-3 text-sm" data-testid="reviewer-labels">
              {unit.labels.map((l) => (
                <li key={l.label.id} className="rounded-md border border-slate-200 p-3">
                  <p className="font-medium text-slate-900">
                    {l.label.reviewer.name} <Badge tone="green">{code(l.value, l.category)}</Badge>
                  </p>
                  {l.label.rationale ? <p className="mt-1 whitespace-pre-wrap text-slate-700">{l.label.rationale}</p> : <p className="mt-1 text-slate-500">No rationale.</p>}
                  {(l.label.flags.length > 0 || l.label.flagNote) && (
                    <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-amber-900" data-testid="reviewer-flags">
                      {l.label.flags.length > 0 && <span className="font-medium">Flagged: {l.label.flags.map((flag) => FLAG_LABELS[flag as keyof typeof FLAG_LABELS] ?? flag).join(", ")}. </span>}
                      {l.label.flagNote && <span className="whitespace-pre-wrap">{l.label.flagNote}</span>}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card
        title="Ground truth"
        description={
          unit.truth
            ? `Currently ${unit.truth.status.toLowerCase()}${unit.truth.status !== "CONTESTED" ? `: ${code(unit.truth.value, unit.truth.category)}` : ""}${unit.truth.adjudicatedBy ? ` (by ${unit.truth.adjudicatedBy.name})` : ""}.`
            : "Not settled yet: the dashboards use the reviewers' consensus."
        }
      >
        {can("groundTruth.adjudicate") ? (
          <AdjudicateForm
            projectId={projectId}
            criterionKey={unit.criterion.key}
            targetKey={unit.targetKey}
            numeric={criterion.numeric}
            options={criterion.categories.map((c) => ({ value: String(c), label: pair && (c === "A" || c === "B") ? `${c}: ${unit.outputs[c === "A" ? 0 : 1]!.run.name}` : String(c) }))}
            current={unit.truth ? { status: unit.truth.status, code: code(unit.truth.value, unit.truth.category), note: unit.truth.note } : null}
          />
        ) : (
          <p className="text-sm text-slate-600">Only leads and admins settle ground truth.</p>
        )}
      </Card>
    </div>
  );
}
