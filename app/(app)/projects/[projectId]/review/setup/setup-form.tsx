"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { createSetup } from "@/lib/review/actions";
import { askedOfComparison, criterionFitsMode, defaultCriterionKinds, type ReviewModeName } from "@/lib/review/fields";
import type { setupOptions } from "@/lib/review/queries";
import { TURN_SCOPE_LABELS, TURN_SCOPES, type TurnScopeName } from "@/lib/review/schemas";
import type { CriterionKindName } from "@/lib/rubrics/kinds";
import { SelectionFields, selectionInput, type SelectionState } from "./selection-fields";

type Options = Awaited<ReturnType<typeof setupOptions>>;

const RUNS_NEEDED: Record<ReviewModeName, string> = { SINGLE: "Choose 1 run.", PAIRWISE: "Choose 2 runs.", RANKING: "Choose 2 to 4 runs." };

export function SetupForm({ projectId, options, defaults }: {
  projectId: string;
  options: Options;
  defaults: { overlap: number; blindReview: boolean; randomizeOrder: boolean; showReference: boolean; mode: ReviewModeName };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; issues?: { field: string; message: string }[] }>();
  const [mode, setMode] = useState<ReviewModeName>(defaults.mode);
  const [versionId, setVersionId] = useState(options.versions[0]!.id);
  const [rubricId, setRubricId] = useState(options.rubrics[0]!.id);
  const [runIds, setRunIds] = useState<string[]>([]);
  const [criterionKeys, setCriterionKeys] = useState<string[] | null>(null);
  const [selection, setSelection] = useState<SelectionState>({ strategy: "all", tags: [], n: "", seed: "1" });
  const [turns, setTurns] = useState<TurnScopeName>("LAST");
  const [rationaleKeys, setRationaleKeys] = useState<string[]>([]);
  const [rationaleAtEnds, setRationaleAtEnds] = useState(false);
  const version = options.versions.find((v) => v.id === versionId)!;
  const rubric = options.rubrics.find((r) => r.id === rubricId)!;
  const fitting = rubric.criteria.filter((c) => criterionFitsMode(c.kind as CriterionKindName, mode));
  const chosenKeys = criterionKeys ?? fitting.filter((c) => defaultCriterionKinds(mode).includes(c.kind as CriterionKindName)).map((c) => c.key);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await createSetup({
        projectId,
        name: String(form.get("name")),
        datasetVersionId: versionId,
        rubricVersionId: rubricId,
        mode,
        runIds,
        selection: selectionInput(selection),
        turns,
        criterionKeys: chosenKeys,
        // Only criteria the setup asks about can demand a rationale.
        rationaleRule: { criterionKeys: rationaleKeys.filter((key) => chosenKeys.includes(key)), atScaleEnds: rationaleAtEnds },
        overlap: Number(form.get("overlap")),
        blindReview: form.get("blindReview") === "on",
        randomizeOrder: form.get("randomizeOrder") === "on",
        showReference: form.get("showReference") === "on",
      });
      if (result.ok) router.push(`/projects/${projectId}/review`);
      else setError(result.error);
    });
  }

  return (
    <Card title="New review setup" description="Which outputs experts compare, on which items, and how many independent reviewers each task needs.">
      <form onSubmit={onSubmit} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="setup-name">
            <Input id="setup-name" name="name" required maxLength={120} placeholder="v2 vs v1, billing" />
          </Field>
          <Field label="Mode" htmlFor="setup-mode">
            <Select id="setup-mode" value={mode} onChange={(event) => { setMode(event.target.value as ReviewModeName); setCriterionKeys(null); setRunIds([]); }}>
              <option value="SINGLE">Single output (rate one run)</option>
              <option value="PAIRWISE">Pairwise (compare two runs)</option>
              <option value="RANKING">Ranking (order 2–4 runs)</option>
            </Select>
          </Field>
          <Field label="Dataset version" htmlFor="setup-version">
            <Select id="setup-version" value={versionId} onChange={(event) => { setVersionId(event.target.value); setRunIds([]); }}>
              {options.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Rubric" htmlFor="setup-rubric">
            <Select id="setup-rubric" value={rubricId} onChange={(event) => { setRubricId(event.target.value); setCriterionKeys(null); }}>
              {options.rubrics.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Runs · {RUNS_NEEDED[mode]}</legend>
          {version.runs.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No runs answer this dataset version yet.</p>
          ) : (
            <div className="mt-1 flex flex-wrap gap-4">
              {version.runs.map((run) => (
                <label key={run.id} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                  <input
                    type={mode === "SINGLE" ? "radio" : "checkbox"}
                    name="runs"
                    className="size-4 border-slate-300"
                    checked={runIds.includes(run.id)}
                    onChange={(event) => setRunIds(mode === "SINGLE" ? [run.id] : event.target.checked ? [...runIds, run.id] : runIds.filter((id) => id !== run.id))}
                  />
                  {run.name} <span className="text-xs text-slate-600">({run.model})</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Criteria reviewers answer</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {fitting.map((criterion) => (
              <label key={criterion.key} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300"
                  checked={chosenKeys.includes(criterion.key)}
                  onChange={(event) => setCriterionKeys(event.target.checked ? [...chosenKeys, criterion.key] : chosenKeys.filter((key) => key !== criterion.key))}
                />
                {criterion.name}{" "}
                <span className="text-xs text-slate-600">
                  ({criterion.kind.toLowerCase()}
                  {askedOfComparison(mode, { kind: criterion.kind as CriterionKindName, pairwiseScope: criterion.pairwiseScope }) ? ", once about the comparison" : ""})
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Rationale required</legend>
          <p className="text-xs text-slate-600">Reviewers cannot submit without saying why, for the criteria ticked here, and/or whenever an answer is at an end of its scale.</p>
          <div className="mt-1 flex flex-wrap gap-4">
            {fitting
              .filter((criterion) => chosenKeys.includes(criterion.key))
              .map((criterion) => (
                <label key={criterion.key} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    className="size-4 rounded border-slate-300"
                    checked={rationaleKeys.includes(criterion.key)}
                    onChange={(event) => setRationaleKeys(event.target.checked ? [...rationaleKeys, criterion.key] : rationaleKeys.filter((key) => key !== criterion.key))}
                  />
                  Always for {criterion.name}
                </label>
              ))}
            <label className="inline-flex items-center gap-1.5 text-sm text-slate-800">
              <input type="checkbox" className="size-4 rounded border-slate-300" checked={rationaleAtEnds} onChange={(event) => setRationaleAtEnds(event.target.checked)} />
              When an answer is the lowest or highest point of its scale
            </label>
          </div>
        </fieldset>

        <SelectionFields idPrefix="setup" tags={version.tags} value={selection} onChange={setSelection} />

        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Turns of multi-turn items" htmlFor="setup-turns" hint="Single-turn items have one task either way; every turn needs an answer from every chosen run.">
            <Select id="setup-turns" value={turns} onChange={(event) => setTurns(event.target.value as TurnScopeName)}>
              {TURN_SCOPES.map((scope) => (
                <option key={scope} value={scope}>
                  {TURN_SCOPE_LABELS[scope]}
                </option>
              ))}
            </Select>
          </Field>
        </div>

        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Reviewers per task (overlap)" htmlFor="setup-overlap" hint="Independent labels each task needs; 2 or more lets you measure agreement.">
            <Input id="setup-overlap" name="overlap" type="number" min={1} max={20} defaultValue={defaults.overlap} required />
          </Field>
          <div className="space-y-2 pt-6 text-sm text-slate-800">
            <label className="flex items-center gap-2">
              <input type="checkbox" name="blindReview" defaultChecked={defaults.blindReview} className="size-4 rounded border-slate-300" /> Blind review (hide model names and judge scores)
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="randomizeOrder" defaultChecked={defaults.randomizeOrder} className="size-4 rounded border-slate-300" /> Randomise left/right order (recorded per reviewer)
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="showReference" defaultChecked={defaults.showReference} className="size-4 rounded border-slate-300" /> Let reviewers see the reference answer
            </label>
          </div>
        </div>

        {error && (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.message}
            {error.issues && error.issues.length > 1 && (
              <ul className="mt-1 list-disc pl-5">
                {error.issues.map((issue) => (
                  <li key={`${issue.field}:${issue.message}`}>
                    {issue.field}: {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Generating tasks…" : "Create setup and generate tasks"}
        </Button>
      </form>
    </Card>
  );
}
