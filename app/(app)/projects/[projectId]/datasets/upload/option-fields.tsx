"use client";

import { Field, Input, Select } from "@/components/ui/field";
import type { ImportKindName } from "@/lib/imports/schemas";

// Where an upload goes: dataset (and version), run, judge or rubric.

export type Choices = {
  datasets: { name: string; versions: number[] }[];
  rubrics: string[];
  runs: string[];
  judges: { name: string; model: string; promptVersion: string }[];
};

export function OptionFields({ kind, options, onChange, ...choices }: Choices & { kind: ImportKindName; options: Record<string, string>; onChange: (next: Record<string, string>) => void }) {
  const set = (key: string) => (event: { target: { value: string } }) => onChange({ ...options, [key]: event.target.value });
  const dataset = choices.datasets.find((d) => d.name === options.dataset);
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      <Field label="Dataset *" htmlFor="opt-dataset" hint={kind === "ITEMS" ? (dataset ? `Exists: this becomes version ${Math.max(...dataset.versions) + 1} (unless identical).` : "A new dataset.") : "The dataset the outputs answer."}>
        <Input id="opt-dataset" list="dataset-names" value={options.dataset ?? ""} onChange={set("dataset")} required />
        <datalist id="dataset-names">{choices.datasets.map((d) => <option key={d.name} value={d.name} />)}</datalist>
      </Field>
      {kind !== "ITEMS" && (
        <Field label="Version" htmlFor="opt-version" hint="Latest when empty.">
          <Select id="opt-version" value={options.version ?? ""} onChange={set("version")}>
            <option value="">Latest</option>
            {dataset?.versions.map((v) => <option key={v} value={String(v)}>v{v}</option>)}
          </Select>
        </Field>
      )}
      {kind === "ITEMS" && (
        <Field label="Version note" htmlFor="opt-note">
          <Input id="opt-note" value={options.note ?? ""} onChange={set("note")} placeholder="Added refund questions" />
        </Field>
      )}
      {kind === "OUTPUTS" && (
        <>
          <Field label="Run name" htmlFor="opt-run" hint="Every row's run; an existing run on this version is updated. Empty: each row names its run (a run column), so one file may hold several runs.">
            <Input id="opt-run" list="run-names" value={options.run ?? ""} onChange={set("run")} />
            <datalist id="run-names">{choices.runs.map((r) => <option key={r} value={r} />)}</datalist>
          </Field>
          <Field label="Model" htmlFor="opt-model" hint="Of the runs this upload creates; empty: the run's name.">
            <Input id="opt-model" value={options.model ?? ""} onChange={set("model")} placeholder="gpt-4o-mini" />
          </Field>
          <Field label="Prompt version" htmlFor="opt-prompt">
            <Input id="opt-prompt" value={options.promptVersion ?? ""} onChange={set("promptVersion")} placeholder="v3" />
          </Field>
          <Field label="Configuration (JSON)" htmlFor="opt-config">
            <Input id="opt-config" value={options.config ?? ""} onChange={set("config")} placeholder='{"temperature": 0.2}' />
          </Field>
        </>
      )}
      {kind === "JUDGE_SCORES" && (
        <>
          <Field label="Judge name *" htmlFor="opt-judge">
            <Input id="opt-judge" list="judge-names" value={options.judge ?? ""} onChange={set("judge")} required />
            <datalist id="judge-names">{[...new Set(choices.judges.map((j) => j.name))].map((j) => <option key={j} value={j} />)}</datalist>
          </Field>
          <Field label="Judge model *" htmlFor="opt-jmodel">
            <Input id="opt-jmodel" value={options.model ?? ""} onChange={set("model")} required />
          </Field>
          <Field label="Prompt version" htmlFor="opt-jprompt" hint="A new prompt version is a new judge, kept side by side.">
            <Input id="opt-jprompt" value={options.promptVersion ?? ""} onChange={set("promptVersion")} />
          </Field>
          <Field label="Kind of rows" htmlFor="opt-jkind" hint="One judge may have both: upload its scores and its verdicts separately.">
            <Select id="opt-jkind" value={options.judgeKind ?? "POINTWISE"} onChange={set("judgeKind")}>
              <option value="POINTWISE">Pointwise (output × criterion)</option>
              <option value="PAIRWISE">Pairwise (A vs B)</option>
            </Select>
          </Field>
        </>
      )}
      {kind !== "ITEMS" && (
        <Field label="Turns count from" htmlFor="opt-turnbase" hint="Touchstone counts from 0 (turn 0 = the first assistant turn).">
          <Select id="opt-turnbase" value={options.turnBase ?? ""} onChange={set("turnBase")}>
            <option value="">0 (default)</option>
            <option value="1">1</option>
          </Select>
        </Field>
      )}
      {(kind === "JUDGE_SCORES" || kind === "LABELS") && choices.rubrics.length > 1 && (
        <Field label="Rubric *" htmlFor="opt-rubric">
          <Select id="opt-rubric" value={options.rubric ?? ""} onChange={set("rubric")}>
            <option value="">Choose…</option>
            {choices.rubrics.map((r) => <option key={r} value={r}>{r}</option>)}
          </Select>
        </Field>
      )}
    </div>
  );
}
