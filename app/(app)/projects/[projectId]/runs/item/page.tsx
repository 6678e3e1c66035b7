import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatTurns, parseChatTurns } from "@/components/output/chat-turns";
import { Markdown } from "@/components/output/markdown";
import { OutputColumns } from "@/components/output/output-columns";
import { RetrievedContext, parseContext } from "@/components/output/retrieved-context";
import { Card } from "@/components/ui/card";
import { loadComparisonItem, type OutputEvidence } from "@/lib/comparisons/item-detail";
import { SafeError } from "@/lib/errors";
import { requireProjectPage } from "@/lib/projects/access";
import { param } from "../format";

export const metadata: Metadata = { title: "Compare outputs" };

export default async function ComparisonItemPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  await requireProjectPage(projectId, "dashboards.view");
  const query = await searchParams;
  const baseline = param(query.baseline);
  const candidate = param(query.candidate);
  const itemId = param(query.item);
  const turn = Number(param(query.turn) ?? 0);
  if (!baseline || !candidate || !itemId || !Number.isInteger(turn) || turn < 0) notFound();

  let detail;
  try {
    detail = await loadComparisonItem(projectId, { baseline, candidate, itemId, turn });
  } catch (error) {
    if (error instanceof SafeError) notFound();
    throw error;
  }
  const { item } = detail;
  const back = `/projects/${projectId}/runs?${new URLSearchParams({ baseline: detail.baseline.run.id, candidate: detail.candidate.run.id })}`;
  const chat = parseChatTurns(item.inputTurns);
  const columns = [detail.baseline, detail.candidate].map((side, index) => ({
    id: side.output?.id ?? `missing-${index}`,
    title: (
      <span>
        <span className="text-xs font-normal uppercase tracking-wide text-slate-500">{index === 0 ? "Baseline" : "Candidate"}</span> {side.run.name}
      </span>
    ),
    content: side.output?.content ?? "_This run has no output for this item._",
    turns: side.output?.turns ?? undefined,
    trace: side.output?.trace ?? undefined,
    meta: side.output ? <span>{[side.run.model, side.output.latencyMs !== null && `${side.output.latencyMs} ms`, side.output.completionTokens !== null && `${side.output.completionTokens} tokens`].filter(Boolean).join(" · ")}</span> : undefined,
    footer: side.evidence ? <Evidence evidence={side.evidence} /> : undefined,
  }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-slate-900">
          Item <span className="font-mono">{item.externalId}</span>
          {turn > 0 && <span className="text-slate-500"> · turn {turn}</span>}
        </h2>
        <Link href={back} className="text-sm font-medium text-brand-700 hover:underline">
          ← Back to the comparison
        </Link>
      </div>
      <Card title="Prompt" description={item.tags.length ? `Tags: ${item.tags.join(", ")}` : undefined}>
        <div className="space-y-3">
          {chat.length > 0 ? <ChatTurns turns={chat} /> : <Markdown>{item.inputText ?? ""}</Markdown>}
          <RetrievedContext documents={parseContext(item.context)} />
          {item.reference && (
            <details className="rounded-md border border-slate-200 bg-white">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">Reference answer</summary>
              <div className="border-t border-slate-100 px-3 py-3">
                <Markdown>{item.reference}</Markdown>
              </div>
            </details>
          )}
        </div>
      </Card>
      <OutputColumns outputs={columns} />
    </div>
  );
}

function scoreText(value: number | null, category: string | null) {
  return category ?? (value === null ? "—" : String(value));
}

function Evidence({ evidence }: { evidence: OutputEvidence }) {
  const empty = evidence.labels.length + evidence.judgeScores.length + evidence.groundTruth.length === 0;
  return (
    <div className="space-y-3 text-sm">
      {empty && <p className="text-slate-500">No labels or judge scores on this output.</p>}
      {evidence.groundTruth.length > 0 && (
        <section aria-label="Ground truth">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Ground truth</h4>
          <ul className="mt-1 space-y-1">
            {evidence.groundTruth.map((g) => (
              <li key={g.id}>
                <span className="font-medium">{g.criterion}:</span> {scoreText(g.value, g.category)} <span className="text-xs text-slate-500">({g.status.toLowerCase()})</span>
                {g.note && <p className="whitespace-pre-wrap text-slate-600">{g.note}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {evidence.labels.length > 0 && (
        <section aria-label="Reviewer labels">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Reviewers</h4>
          <ul className="mt-1 space-y-1">
            {evidence.labels.map((l) => (
              <li key={l.id}>
                <span className="text-xs font-medium text-slate-700">{l.reviewer}:</span>{" "}
                {l.values.map((v, i) => (
                  <span key={v.criterion}>
                    {i > 0 && " · "}
                    <span className="font-medium">{v.criterion}</span> {scoreText(v.value, v.category)}
                  </span>
                ))}
                {l.rationale && <p className="whitespace-pre-wrap text-slate-600">{l.rationale}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {evidence.judgeScores.length > 0 && (
        <section aria-label="Judge scores">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Judges</h4>
          <ul className="mt-1 space-y-1">
            {evidence.judgeScores.map((s) => (
              <li key={s.id}>
                <span className="font-medium">{s.criterion}:</span> {s.error !== null ? `failed call (${s.error})` : scoreText(s.value, s.category)} <span className="text-xs text-slate-500">— {s.judge}</span>
                {s.rationale && <p className="whitespace-pre-wrap text-slate-600">{s.rationale}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
