"use client";

import { useState } from "react";
import { PromoteToGolden } from "@/components/promote-to-golden";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { SampleRow } from "@/lib/evaluation/spot-checks/samples";

const time = (date: Date) => new Date(date).toISOString().slice(0, 16).replace("T", " ");

/** The sampled answers with checkboxes; selected ones (materialised items) can be promoted. */
export function SamplesTable({ projectId, rows, datasets, canPromote, ruleId }: { projectId: string; rows: SampleRow[]; datasets: { id: string; name: string }[]; canPromote: boolean; ruleId?: string }) {
  const [selected, setSelected] = useState<string[]>([]);
  const selectable = [...new Set(rows.flatMap((row) => (row.itemId ? [row.itemId] : [])))];
  const toggle = (itemId: string, on: boolean) => setSelected((current) => (on ? [...new Set([...current, itemId])] : current.filter((id) => id !== itemId)));
  return (
    <Card title={`${rows.length} sampled answer${rows.length === 1 ? "" : "s"}`}>
      {canPromote && (
        <div className="mb-3">
          <PromoteToGolden projectId={projectId} itemIds={selected} datasets={datasets} ruleId={ruleId} />
        </div>
      )}
      <table className="w-full table-fixed text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {canPromote && (
              <th className="w-8 py-2">
                <input
                  type="checkbox"
                  aria-label="Select every answer shown"
                  className="size-4 rounded border-slate-300"
                  checked={selectable.length > 0 && selected.length === selectable.length}
                  onChange={(event) => setSelected(event.target.checked ? selectable : [])}
                />
              </th>
            )}
            <th className="w-36 py-2">Time (UTC)</th>
            <th className="w-32 py-2">Rule</th>
            <th className="py-2">Question → answer</th>
            <th className="w-24 py-2">Segment</th>
            <th className="w-48 py-2">Judge · experts</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.sampleId} className="align-top">
              {canPromote && (
                <td className="py-2">
                  {row.itemId && (
                    <input
                      type="checkbox"
                      aria-label={`Select the answer of ${time(row.occurredAt)}`}
                      className="size-4 rounded border-slate-300"
                      checked={selected.includes(row.itemId)}
                      onChange={(event) => toggle(row.itemId!, event.target.checked)}
                    />
                  )}
                </td>
              )}
              <td className="py-2 font-mono text-xs">{time(row.occurredAt)}</td>
              <td className="truncate py-2">{row.ruleName}</td>
              {/* Model output as plain text in a cell: React escapes it, and it is cut short. */}
              <td className="truncate py-2 pr-2 text-slate-800" title={row.answer ?? ""}>
                <span className="text-slate-600">{row.question ?? "—"}</span> → {row.answer ?? "—"}
              </td>
              <td className="truncate py-2">{row.segment ?? "—"}</td>
              <td className="py-2">
                <div className="flex flex-wrap gap-1">
                  {row.status === "PENDING" && <Badge>Not judged yet</Badge>}
                  {row.status === "SKIPPED_CAP" && <Badge tone="amber">Skipped: cost cap</Badge>}
                  {row.judgeError && <Badge tone="amber">Judge call failed</Badge>}
                  {row.judgeFailed === true && <Badge tone="amber">Judge: fail</Badge>}
                  {row.judgeFailed === false && <Badge tone="green">Judge: pass</Badge>}
                  {row.expertFailed === true && <Badge tone="amber">Experts: fail</Badge>}
                  {row.expertFailed === false && <Badge tone="green">Experts: pass</Badge>}
                  {row.disagree && <Badge tone="brand">Disagree</Badge>}
                  {row.flagged && <Badge tone="amber">Flagged</Badge>}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
