"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Markdown } from "@/components/output/markdown";
import { PlainText } from "@/components/output/plain-text";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { moveItemToPool } from "@/lib/judge-runner/actions";
import type { Disagreement } from "@/lib/judge-runner/workbench";

/** Held-out units the version gets wrong: the item, the judge's reasoning and the experts' answers side by side. */
export function DisagreementList({ projectId, definitionId, version, disagreements }: { projectId: string; definitionId: string; version: number; disagreements: Disagreement[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [warning, setWarning] = useState<string>();
  const [error, setError] = useState<string | null>(null);
  const addToPool = (itemId: string, externalId: string) =>
    startTransition(async () => {
      setError(null);
      const result = await moveItemToPool({ projectId, definitionId, itemId });
      if (!result.ok) return setError(result.error.message);
      setWarning(`${externalId} is now in the example pool. The held-out set shrank to ${result.data.heldout} items, so the figures above are measured on fewer items.`);
      router.refresh();
    });
  return (
    <Card title={`Where v${version} disagrees with the experts`} description="Held-out units only. Adding an item to the example pool takes it out of the held-out set.">
      <div className="space-y-4">
        {warning && <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{warning}</p>}
        <ErrorBanner message={error} />
        {disagreements.length === 0 ? (
          <p className="text-sm text-slate-600">No disagreement on the held-out units this version scored.</p>
        ) : (
          <ul className="space-y-6" aria-label="Disagreements">
            {disagreements.map((d) => (
              <li key={d.targetKey} className="space-y-2 border-t border-slate-100 pt-4">
                <div className="flex items-center justify-between gap-2">
                  <p className="text-sm font-semibold text-slate-900">{d.externalId}</p>
                  <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => addToPool(d.itemId, d.externalId)} disabled={pending}>
                    Add to example pool
                  </Button>
                </div>
                <PlainText label="Input" maxHeight="10rem">{d.input}</PlainText>
                <div className={`grid gap-3 ${d.outputs.length > 1 ? "md:grid-cols-2" : ""}`}>
                  {d.outputs.map((output, i) => (
                    <div key={i}>
                      <p className="text-xs font-semibold text-slate-500">{d.outputs.length > 1 ? `Output ${i === 0 ? "A" : "B"}` : "Output"}</p>
                      <div className="max-h-64 overflow-auto rounded-md border border-slate-200 px-3 py-2">
                        <Markdown className="text-sm text-slate-800">{output}</Markdown>
                      </div>
                    </div>
                  ))}
                </div>
                <div className="grid gap-3 md:grid-cols-2">
                  <div className="rounded-md border border-slate-200 p-3 text-sm">
                    <p className="font-medium text-slate-900">Judge: <span className="font-mono">{d.judge}</span></p>
                    {d.judgeReasoning.length === 0 ? <p className="text-xs text-slate-500">No reasoning stored.</p> : d.judgeReasoning.map((text, i) => <PlainText key={i} maxHeight="10rem">{text}</PlainText>)}
                  </div>
                  <div className="rounded-md border border-slate-200 p-3 text-sm">
                    <p className="font-medium text-slate-900">
                      Experts: <span className="font-mono">{d.expert}</span> <span className="text-xs text-slate-500">(answers: {d.expertCodes.join(", ") || "ground truth only"})</span>
                    </p>
                    {d.expertRationales.length === 0 ? <p className="text-xs text-slate-500">No rationale given.</p> : d.expertRationales.map((text, i) => <PlainText key={i} maxHeight="10rem">{text}</PlainText>)}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
