"use client";

import { Field, Input, Select } from "@/components/ui/field";

export type SelectionState = { strategy: "all" | "tag" | "random" | "stratified" | "disagreement" | "allocation"; tags: string[]; n: string; seed: string };

export const STRATEGY_LABELS: Record<SelectionState["strategy"], string> = {
  all: "All items",
  tag: "Items with a tag",
  random: "Random sample",
  stratified: "Stratified sample by tag",
  disagreement: "Where judges disagree most, first",
  allocation: "Allocation: draw more where judges are unsure",
};

export function selectionInput(selection: SelectionState) {
  return {
    strategy: selection.strategy,
    tags: selection.tags,
    n: selection.n ? Number(selection.n) : undefined,
    seed: selection.seed ? Number(selection.seed) : 1,
  };
}

export function SelectionFields({ idPrefix, tags, value, onChange, without = [] }: {
  idPrefix: string;
  tags: string[];
  value: SelectionState;
  onChange: (value: SelectionState) => void;
  /** Strategies this form does not offer. */
  without?: SelectionState["strategy"][];
}) {
  const allocation = value.strategy === "allocation";
  const needsN = value.strategy === "random" || value.strategy === "stratified" || allocation;
  const allowsN = needsN || value.strategy === "disagreement";
  const usesTags = value.strategy !== "random" && value.strategy !== "all";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Items" htmlFor={`${idPrefix}-strategy`}>
        <Select id={`${idPrefix}-strategy`} value={value.strategy} onChange={(event) => onChange({ ...value, strategy: event.target.value as SelectionState["strategy"] })}>
          {Object.entries(STRATEGY_LABELS).filter(([strategy]) => !without.includes(strategy as SelectionState["strategy"])).map(([strategy, label]) => (
            <option key={strategy} value={strategy}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      {allowsN && (
        <Field label={allocation ? "Expected number of items" : needsN ? "How many items" : "At most (optional)"} htmlFor={`${idPrefix}-n`} hint={allocation ? "Each item is drawn on its own, so the count varies a little around this number." : undefined}>
          <Input id={`${idPrefix}-n`} type="number" min={1} value={value.n} onChange={(event) => onChange({ ...value, n: event.target.value })} required={needsN} />
        </Field>
      )}
      {needsN && (
        <Field label="Seed" htmlFor={`${idPrefix}-seed`} hint="The same seed picks the same sample.">
          <Input id={`${idPrefix}-seed`} type="number" min={0} value={value.seed} onChange={(event) => onChange({ ...value, seed: event.target.value })} />
        </Field>
      )}
      {allocation && <AllocationExplanation />}
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

/** Allocation mode in plain words: what raises an item's chance, and why the chance is kept (docs/METRICS.md#ppi-allocation). */
function AllocationExplanation() {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 sm:col-span-2" data-testid="allocation-explanation">
      <p>
        Every item gets its own chance of being drawn for expert review, higher where the project&apos;s judges are unsure about it: a pairwise judge that changes its
        verdict when the two answers swap places, scores close to the criterion&apos;s pass threshold, failed judge calls, and tags that experts have labelled little so far.
      </p>
      <p className="mt-1">
        Every item keeps at least a tenth of the chance a plain random sample would give it. Each task records its chance, so calibrated estimates weigh its labels
        accordingly and stay unbiased, provided every drawn item gets labelled.
      </p>
    </div>
  );
}
