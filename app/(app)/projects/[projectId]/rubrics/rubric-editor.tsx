"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { saveRubric } from "@/lib/rubrics/actions";
import { keyAfterRename, keyRenameWarning, suggestedKey } from "@/lib/rubrics/keys";
import { COMPARABLE_KINDS, CRITERION_KINDS, defaultConfigOf, KIND_LABELS, type CriterionKindName, type PairwiseScope } from "@/lib/rubrics/kinds";
import { KindSettings, PassRuleSettings } from "./kind-settings";

export type EditableCriterion = {
  key: string;
  /** The key as saved; absent for a criterion not saved yet (its key then follows its name). */
  savedKey?: string;
  name: string;
  description: string;
  kind: CriterionKindName;
  required: boolean;
  /** In a pairwise task: asked of each output, or once of the comparison. */
  pairwiseScope: PairwiseScope;
  config: Record<string, unknown>;
};

export function RubricEditor({ projectId, rubricId, initialName, initialInstructions = "", initialCriteria, hasLabels, seriesKeys = [] }: {
  projectId: string;
  rubricId?: string;
  initialName: string;
  /** The rubric's guidelines for reviewers (markdown). */
  initialInstructions?: string;
  initialCriteria: EditableCriterion[];
  hasLabels: boolean;
  /** Keys with a history (loadRubricHistory): changing one of them starts a new series. */
  seriesKeys?: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [name, setName] = useState(initialName);
  const [instructions, setInstructions] = useState(initialInstructions);
  const [criteria, setCriteria] = useState<EditableCriterion[]>(initialCriteria);
  const [error, setError] = useState<{ code?: string; message: string; issues?: { field: string; message: string }[] }>();
  const [saved, setSaved] = useState<string>();

  const patch = (index: number, change: Partial<EditableCriterion>) => setCriteria(criteria.map((c, i) => (i === index ? { ...c, ...change } : c)));
  const otherKeys = (index: number) => criteria.filter((c, i) => i !== index && c.key).map((c) => c.key);
  const series = new Set(seriesKeys);
  const move = (index: number, delta: number) => {
    const to = index + delta;
    if (to < 0 || to >= criteria.length) return;
    const next = [...criteria];
    [next[index], next[to]] = [next[to]!, next[index]!];
    setCriteria(next);
  };

  function save() {
    setError(undefined);
    setSaved(undefined);
    startTransition(async () => {
      const cleaned = criteria.map((c) => (c.kind === "CATEGORICAL" ? { ...c, config: { ...c.config, options: ((c.config.options as string[]) ?? []).map((o) => o.trim()).filter(Boolean) } } : c));
      const result = await saveRubric({ projectId, rubricId, name, instructions, criteria: cleaned });
      if (!result.ok) return setError(result.error);
      setSaved(result.data.newVersion && rubricId ? `Saved as version ${result.data.version}; existing labels keep version ${result.data.version - 1}.` : `Saved (version ${result.data.version}).`);
      if (!rubricId) router.push(`/projects/${projectId}/rubrics/${result.data.rubricId}`);
      else router.refresh();
    });
  }

  const issueFor = (path: string) => error?.issues?.filter((issue) => issue.field === path || issue.field.startsWith(`${path}.`)).map((issue) => issue.message).join(" ");

  return (
    <div className="space-y-4">
      {hasLabels && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This rubric already has labels or judge scores. Saving creates a new version; existing labels keep the version they were given under.
        </p>
      )}
      <Card title={rubricId ? "Edit rubric" : "New rubric"}>
        <Field label="Rubric name" htmlFor="rubric-name" error={issueFor("name")}>
          <Input id="rubric-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={120} />
        </Field>
        <Field
          label="Guidelines for reviewers"
          htmlFor="rubric-instructions"
          hint="Markdown. Reviewers open them with G on the review screen, with each criterion's description below. Editing them does not make a new version."
          error={issueFor("instructions")}
        >
          <Textarea id="rubric-instructions" rows={5} value={instructions} onChange={(event) => setInstructions(event.target.value)} maxLength={20_000} />
        </Field>
      </Card>
      <ol className="space-y-3" aria-label="Criteria">
        {criteria.map((criterion, index) => (
          <li key={index}>
            <Card
              title={`${index + 1}. ${criterion.name || "New criterion"}`}
              actions={
                <div className="flex gap-1">
                  <Button variant="ghost" className="px-2 py-1" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move criterion ${index + 1} up`}>
                    ↑
                  </Button>
                  <Button variant="ghost" className="px-2 py-1" onClick={() => move(index, 1)} disabled={index === criteria.length - 1} aria-label={`Move criterion ${index + 1} down`}>
                    ↓
                  </Button>
                  <Button variant="danger" className="px-2 py-1" onClick={() => setCriteria(criteria.filter((_, i) => i !== index))} aria-label={`Remove criterion ${index + 1}`}>
                    Remove
                  </Button>
                </div>
              }
            >
              <div className="space-y-3">
                <div className="grid gap-3 sm:grid-cols-3">
                  <Field label="Name" htmlFor={`c${index}-name`} error={issueFor(`criteria.${index}.name`)}>
                    <Input id={`c${index}-name`} value={criterion.name} onChange={(event) => patch(index, { name: event.target.value, key: keyAfterRename(criterion, event.target.value, otherKeys(index)) })} />
                  </Field>
                  <Field label="Key" htmlFor={`c${index}-key`} hint={criterion.savedKey ? "Kept across versions: imports, exports and dashboards match criteria by it." : "Made from the name. Imports, exports and dashboards match criteria across versions by it."} error={issueFor(`criteria.${index}.key`)}>
                    <Input id={`c${index}-key`} value={criterion.key} placeholder={suggestedKey(criterion.name, otherKeys(index)) || "type a key"} onChange={(event) => patch(index, { key: event.target.value })} />
                  </Field>
                  <Field label="Kind" htmlFor={`c${index}-kind`}>
                    <Select id={`c${index}-kind`} value={criterion.kind} onChange={(event) => {
                        const kind = event.target.value as CriterionKindName;
                        patch(index, { kind, config: defaultConfigOf(kind), pairwiseScope: COMPARABLE_KINDS.includes(kind) ? criterion.pairwiseScope : "EACH_OUTPUT" });
                      }}
                    >
                      {CRITERION_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {KIND_LABELS[kind]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
                {keyRenameWarning(criterion.savedKey, criterion.key.trim(), series) && (
                  <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    {keyRenameWarning(criterion.savedKey, criterion.key.trim(), series)}
                  </p>
                )}
                <Field label="Description shown to reviewers" hint="Markdown; also listed in the guidelines (G)." htmlFor={`c${index}-description`}>
                  <Textarea id={`c${index}-description`} rows={2} value={criterion.description} onChange={(event) => patch(index, { description: event.target.value })} />
                </Field>
                <KindSettings kind={criterion.kind} index={index} config={criterion.config} onChange={(config) => patch(index, { config })} />
                <PassRuleSettings index={index} kind={criterion.kind} config={criterion.config} onChange={(config) => patch(index, { config })} />
                {issueFor(`criteria.${index}.config`) && (
                  <p className="text-xs text-red-700" role="alert">
                    {issueFor(`criteria.${index}.config`)}
                  </p>
                )}
                <label className="flex items-center gap-2 text-sm text-slate-800">
                  <input type="checkbox" className="size-4 rounded border-slate-300" checked={criterion.required} onChange={(event) => patch(index, { required: event.target.checked })} />
                  Required
                </label>
                {COMPARABLE_KINDS.includes(criterion.kind) && (
                  <Field
                    label="In a pairwise task, ask it"
                    htmlFor={`c${index}-scope`}
                    hint="Once about the comparison suits questions on the pair as a whole, such as “How confident are you?” or “How large is the difference?”: one answer per task, shown beside the preference. Single-output and ranking tasks always ask it of each output."
                    error={issueFor(`criteria.${index}.pairwiseScope`)}
                  >
                    <Select id={`c${index}-scope`} value={criterion.pairwiseScope} onChange={(event) => patch(index, { pairwiseScope: event.target.value as PairwiseScope })}>
                      <option value="EACH_OUTPUT">of each output (one answer per output)</option>
                      <option value="COMPARISON">once, about the comparison (one answer per task)</option>
                    </Select>
                  </Field>
                )}
              </div>
            </Card>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => setCriteria([...criteria, { key: "", name: "", description: "", kind: "LIKERT", required: true, pairwiseScope: "EACH_OUTPUT", config: defaultConfigOf("LIKERT") }])}>
          Add criterion
        </Button>
        <Button onClick={save} disabled={pending}>
          {pending ? "Saving…" : "Save rubric"}
        </Button>
        {saved && (
          <p role="status" className="text-sm text-emerald-700">
            {saved}
          </p>
        )}
      </div>
      {error && (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.code === "VALIDATION" && error.issues?.length ? (
            <ul className="list-inside list-disc space-y-0.5">
              {error.issues.map((issue, i) => (
                <li key={i}>{issue.message}</li>
              ))}
            </ul>
          ) : (
            error.message
          )}
        </div>
      )}
    </div>
  );
}
