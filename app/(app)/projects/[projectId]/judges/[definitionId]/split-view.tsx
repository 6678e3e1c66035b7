"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { moveItemToPool, refreshCalibrationSplit } from "@/lib/judge-runner/actions";

type SplitItem = { itemId: string; externalId: string; dataset: string; split: "POOL" | "HELDOUT"; stratum: string; moved: boolean };
type Split = { pool: number; heldout: number; strata: { stratum: string; pool: number; heldout: number }[]; items: SplitItem[] };

/** Which items are examples (pool) and which measure the judge (held out), per expert label. */
export function SplitView({ projectId, definitionId, split }: { projectId: string; definitionId: string; split: Split }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    startTransition(async () => {
      setError(null);
      const result = await refreshCalibrationSplit({ projectId, definitionId });
      if (!result.ok) return setError(result.error.message);
      setMessage(result.data.added === 0 ? "No new items with an expert consensus." : `${result.data.added} new items split.`);
      router.refresh();
    });
  const move = (itemId: string) =>
    startTransition(async () => {
      setError(null);
      const result = await moveItemToPool({ projectId, definitionId, itemId });
      if (!result.ok) return setError(result.error.message);
      setMessage(`Moved to the example pool. The held-out set shrank to ${result.data.heldout} items: agreement is now measured on fewer items.`);
      router.refresh();
    });
  return (
    <Card
      title="Calibration split"
      description="Items with an expert consensus, split once by item and label: examples come from the pool only; agreement is measured on the held-out items only."
      actions={
        <Button variant="secondary" onClick={refresh} disabled={pending}>
          Split new items
        </Button>
      }
    >
      <div className="space-y-4">
        {message && <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{message}</p>}
        <ErrorBanner message={error} />
        <p className="text-sm text-slate-700">
          <strong>{split.pool}</strong> in the example pool · <strong>{split.heldout}</strong> held out
        </p>
        {split.strata.length > 0 && (
          <table className="w-full text-left text-sm" aria-label="Split per label">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-1">Expert label</th><th>Pool</th><th>Held out</th></tr>
            </thead>
            <tbody>
              {split.strata.map((s) => (
                <tr key={s.stratum} className="border-t border-slate-100"><td className="py-1 font-mono">{s.stratum}</td><td>{s.pool}</td><td>{s.heldout}</td></tr>
              ))}
            </tbody>
          </table>
        )}
        {split.items.length === 0 ? (
          <p className="text-sm text-slate-600">No item is split yet: items need an expert consensus (or a lead&apos;s ground truth) on this criterion, then press “Split new items”.</p>
        ) : (
          <details>
            <summary className="cursor-pointer text-sm font-medium text-slate-800">Items ({split.items.length})</summary>
            <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Split items">
              {split.items.map((item) => (
                <li key={item.itemId} className="flex items-center justify-between gap-2 py-1">
                  <span>
                    {item.dataset} · {item.externalId} · label <span className="font-mono">{item.stratum}</span>
                  </span>
                  <span className="flex items-center gap-2">
                    <Badge tone={item.split === "POOL" ? "brand" : "neutral"}>{item.split === "POOL" ? (item.moved ? "pool (moved)" : "pool") : "held out"}</Badge>
                    {item.split === "HELDOUT" && (
                      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => move(item.itemId)} disabled={pending}>
                        Move to pool
                      </Button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </Card>
  );
}
