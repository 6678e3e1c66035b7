"use client";

import { Field, Input, Select } from "@/components/ui/field";

export type SelectionState = { strategy: "all" | "tag" | "random" | "stratified" | "disagreement"; tags: string[]; n: string; seed: string };

export const STRATEGY_LABELS: Record<SelectionState["strategy"], string> = {
  all: "All items",
  tag: "Items with a tag",
  random: "Random sample",
  stratified: "Stratified sample by tag",
  disagreement: "Where judges disagree most, first",
};

export function selectionInput(selection: SelectionState) {
  return {
    strategy: selection.strategy,
    tags: selection.tags,
    n: selection.n ? Number(selection.n) : undefined,
    seed: selection.seed ? Number(selection.seed) : 1,
  };
}

export function SelectionFields({ idPrefix, tags, value, onChange }: { idPrefix: string; tags: string[]; value: SelectionState; onChange: (value: SelectionState) => void }) {
  const needsN = value.strategy === "random" || value.strategy === "stratified";
  const allowsN = needsN || value.strategy === "disagreement";
  const usesTags = value.strategy !== "random" && value.strategy !== "all";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Items" htmlFor={`${idPrefix}-strategy`}>
        <Select id={`${idPrefix}-strategy`} value={value.strategy} onChange={(event) => onChange({ ...value, strategy: event.target.value as SelectionState["strategy"] })}>
          {Object.entries(STRATEGY_LABELS).map(([strategy, label]) => (
            <option key={strategy} value={strategy}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      {allowsN && (
        <Field label={needsN ? "How many items" : "At most (optional)"} htmlFor={`${idPrefix}-n`}>
          <Input id={`${idPrefix}-n`} type="number" min={1} value={value.n} onChange={(event) => onChange({ ...value, n: event.target.value })} required={needsN} />
        </Field>
      )}
      {needsN && (
        <Field label="Seed" htmlFor={`${idPrefix}-seed`} hint="The same seed picks the same sample.">
          <Input id={`${idPrefix}-seed`} type="number" min={0} value={value.seed} onChange={(event) => onChange({ ...value, seed: event.target.value })} />
        </Field>
      )}
      {usesTags && tags.length > 0 && (
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-medium text-slate-800">{value.strategy === "tag" ? "Tags (any of)" : "Only these tags (optional)"}</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {tags.map((tag) => (
              <label key={tag} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300"
                  checked={value.tags.includes(tag)}
                  onChange={(event) => onChange({ ...value, tags: event.target.checked ? [...value.tags, tag] : value.tags.filter((t) => t !== tag) })}
                />
                {tag}
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </div>
  );
}
