"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { promoteAnswers } from "@/lib/evaluation/promotion/actions";

const NEW = "__new__";

/**
 * "Add to golden dataset…": the selected production answers become the next
 * version of a golden dataset (or the first of a new one). Used by the traffic
 * samples page and the disagreement explorer.
 */
export function PromoteToGolden({ projectId, itemIds, datasets, ruleId }: { projectId: string; itemIds: string[]; datasets: { id: string; name: string }[]; ruleId?: string }) {
  const [pending, startTransition] = useTransition();
  const [target, setTarget] = useState(datasets[0]?.id ?? NEW);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ dataset: string; version: number; datasetVersionId: string; unchanged: boolean; added: number }>();

  function promote() {
    setError(undefined);
    setDone(undefined);
    startTransition(async () => {
      const result = await promoteAnswers({ projectId, itemIds, ruleId, target: target === NEW ? { newDatasetName: name } : { datasetId: target } });
      if (result.ok) setDone(result.data);
      else setError(result.error.message);
    });
  }

  return (
    <div role="group" aria-label="Add to golden dataset" className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <Field label="Add to golden dataset…" htmlFor="promote-target">
        <Select id="promote-target" value={target} onChange={(event) => setTarget(event.target.value)}>
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {dataset.name} (next version)
            </option>
          ))}
          <option value={NEW}>New dataset…</option>
        </Select>
      </Field>
      {target === NEW && (
        <Field label="New dataset name" htmlFor="promote-name">
          <Input id="promote-name" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} placeholder="Production regressions" />
        </Field>
      )}
      <Button onClick={promote} disabled={pending || itemIds.length === 0 || (target === NEW && name.trim() === "")}>
        {pending ? "Adding…" : `Add ${itemIds.length} answer${itemIds.length === 1 ? "" : "s"}`}
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-800">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="w-full text-sm text-slate-800">
          {done.unchanged ? `Already there: ${done.dataset} version ${done.version} holds these answers.` : `${done.dataset} version ${done.version}: ${done.added} new item${done.added === 1 ? "" : "s"}.`}{" "}
          <Link href={`/projects/${projectId}/datasets/versions/${done.datasetVersionId}`} className="text-brand-700 underline">
            Open the version
          </Link>
        </p>
      )}
    </div>
  );
}

/** A checklist of production items (e.g. the disagreement explorer's units from traffic) with "Add to golden dataset…". */
export function PromoteProductionItems({ projectId, items, datasets }: { projectId: string; items: { id: string; label: string }[]; datasets: { id: string; name: string }[] }) {
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <div className="space-y-3">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Production answers shown above</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {items.map((item) => (
            <label key={item.id} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300"
                checked={selected.includes(item.id)}
                onChange={(event) => setSelected(event.target.checked ? [...selected, item.id] : selected.filter((id) => id !== item.id))}
              />
              {item.label}
            </label>
          ))}
        </div>
      </fieldset>
      <PromoteToGolden projectId={projectId} itemIds={selected} datasets={datasets} />
    </div>
  );
}
