"use client";

import { useRouter } from "next/navigation";
import { useReducer, useState, useTransition } from "react";
import { PlainText } from "@/components/output/plain-text";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { previewJudgePrompt, saveJudgeVersion } from "@/lib/judge-runner/actions";
import { editorReducer, stateFrom, toDraft, type VersionSource } from "@/lib/judge-runner/editor-state";
import type { Preview } from "@/lib/judge-runner/preview";

type Connection = { id: string; name: string; model: string; isDemo: boolean; structuredOutput: boolean };
type Item = { id: string; externalId: string; dataset: string; version: number; label: string; datasetVersionId: string };
type Run = { id: string; name: string; datasetVersionId: string };
type Problem = { message: string; issues?: { field: string; message: string }[] };

export function JudgeEditor({ projectId, definitionId, mode, versions, connections, variables, items, runs }: {
  projectId: string;
  definitionId: string;
  mode: "POINTWISE" | "PAIRWISE";
  versions: VersionSource[];
  connections: Connection[];
  variables: { name: string; description: string }[];
  items: Item[];
  runs: Run[];
}) {
  const router = useRouter();
  const [state, dispatch] = useReducer(editorReducer, stateFrom(versions[0]!, connections[0]?.id ?? ""));
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  // The first item some run answered: an item without outputs has nothing to judge.
  const [itemId, setItemId] = useState((items.find((i) => runs.some((r) => r.datasetVersionId === i.datasetVersionId)) ?? items[0])?.id ?? "");
  const item = items.find((i) => i.id === itemId);
  const itemRuns = runs.filter((r) => r.datasetVersionId === item?.datasetVersionId);
  const [runA, setRunA] = useState(itemRuns[0]?.id ?? "");
  const [runB, setRunB] = useState(itemRuns[1]?.id ?? "");
  // Where a clicked variable goes: the last cursor position in either prompt.
  const [cursor, setCursor] = useState<{ part: "system" | "user"; at: number }>({ part: "user", at: Number.MAX_SAFE_INTEGER });

  const issue = (field: string) => problem?.issues?.filter((i) => i.field === field || i.field.startsWith(`${field}.`)).map((i) => i.message).join(" ");
  const remember = (part: "system" | "user") => (event: { currentTarget: HTMLTextAreaElement }) => setCursor({ part, at: event.currentTarget.selectionStart });

  function withDraft(run: (draft: NonNullable<Extract<ReturnType<typeof toDraft>, { ok: true }>["draft"]>) => Promise<void>) {
    setProblem(undefined);
    setSaved(undefined);
    const draft = toDraft(state);
    if (!draft.ok) return setProblem({ message: draft.issues[0]!.message, issues: draft.issues });
    startTransition(() => run(draft.draft));
  }
  const save = () =>
    withDraft(async (draft) => {
      const result = await saveJudgeVersion({ projectId, definitionId, ...draft });
      if (!result.ok) return setProblem(result.error);
      setSaved(`Saved as version ${result.data.version}.`);
      dispatch({ type: "saved", version: result.data.version });
      router.refresh();
    });
  const showPreview = () =>
    withDraft(async (draft) => {
      const runIds = mode === "PAIRWISE" ? [runA, runB] : [runA];
      const result = await previewJudgePrompt({ projectId, definitionId, draft, itemId, runIds });
      if (!result.ok) return setProblem(result.error);
      setPreview(result.data);
    });

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Prompt" description="Plain text with {{variables}}; unknown variables are refused when you save or preview.">
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Start from" htmlFor="base-version">
              <Select id="base-version" value={state.baseVersion ?? ""} onChange={(e) => dispatch({ type: "load", version: versions.find((v) => v.version === Number(e.target.value))! })}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    Version {v.version}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Model connection" htmlFor="connection" error={issue("connectionId")}>
              <Select id="connection" value={state.connectionId} onChange={(e) => dispatch({ type: "set", field: "connectionId", value: e.target.value })}>
                {connections.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.model}){c.isDemo ? " · demo model" : ""}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label="System prompt" htmlFor="template-system" error={issue("template.system")}>
            <Textarea id="template-system" rows={5} value={state.system} onChange={(e) => dispatch({ type: "set", field: "system", value: e.target.value })} onSelect={remember("system")} className="font-mono text-xs" />
          </Field>
          <Field label="User prompt" htmlFor="template-user" error={issue("template.user") ?? issue("template")}>
            <Textarea id="template-user" rows={16} value={state.user} onChange={(e) => dispatch({ type: "set", field: "user", value: e.target.value })} onSelect={remember("user")} className="font-mono text-xs" />
          </Field>
          <div>
            <p className="text-sm font-medium text-slate-800">Variables</p>
            <ul className="mt-1 space-y-1 text-xs text-slate-600" aria-label="Variables">
              {variables.map((v) => (
                <li key={v.name}>
                  <button type="button" className="font-mono text-brand-700 hover:underline" onClick={() => dispatch({ type: "insertVariable", part: cursor.part, name: v.name, at: cursor.at })}>
                    {`{{${v.name}}}`}
                  </button>{" "}
                  {v.description}
                </li>
              ))}
            </ul>
          </div>
          <div className="grid gap-4 sm:grid-cols-4">
            <Field label="Temperature" htmlFor="temperature" hint="Empty: the connection's" error={issue("temperature") ?? issue("params.temperature")}>
              <Input id="temperature" inputMode="decimal" value={state.temperature} onChange={(e) => dispatch({ type: "set", field: "temperature", value: e.target.value })} />
            </Field>
            <Field label="Max tokens" htmlFor="max-tokens" error={issue("maxTokens") ?? issue("params.maxTokens")}>
              <Input id="max-tokens" inputMode="numeric" value={state.maxTokens} onChange={(e) => dispatch({ type: "set", field: "maxTokens", value: e.target.value })} />
            </Field>
            <Field label="Seed" htmlFor="seed" error={issue("seed") ?? issue("params.seed")}>
              <Input id="seed" inputMode="numeric" value={state.seed} onChange={(e) => dispatch({ type: "set", field: "seed", value: e.target.value })} />
            </Field>
            <Field label="Examples (k)" htmlFor="few-shot-k" hint="From the pool only" error={issue("fewShotK")}>
              <Input id="few-shot-k" inputMode="numeric" value={state.fewShotK} onChange={(e) => dispatch({ type: "set", field: "fewShotK", value: e.target.value })} />
            </Field>
          </div>
          {mode === "PAIRWISE" && (
            <div className="space-y-2 text-sm text-slate-800">
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={state.bothOrders} onChange={(e) => dispatch({ type: "toggle", field: "bothOrders", value: e.target.checked })} />
                Run both shown orders (measures position consistency)
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={state.swapAverage} disabled={!state.bothOrders} onChange={(e) => dispatch({ type: "toggle", field: "swapAverage", value: e.target.checked })} />
                Report the swap-averaged verdict (both orders agree, else tie): one leaderboard battle per pair, not one per order
              </label>
              {issue("swapAverage") && <p className="text-xs text-red-700">{issue("swapAverage")}</p>}
            </div>
          )}
          <Field label="Change note" htmlFor="change-note" hint="What this version changes and why." error={issue("changeNote")}>
            <Input id="change-note" value={state.changeNote} onChange={(e) => dispatch({ type: "set", field: "changeNote", value: e.target.value })} maxLength={2000} />
          </Field>
          <ErrorBanner message={problem?.message ?? null} />
          {saved && <p role="status" className="text-sm text-emerald-700">{saved}</p>}
          <div className="flex gap-2">
            <Button onClick={save} disabled={pending}>
              Save as new version
            </Button>
            <Button variant="secondary" onClick={showPreview} disabled={pending || !itemId || !runA}>
              Preview
            </Button>
          </div>
        </div>
      </Card>
      <Card title="Live preview" description="The exact messages this draft sends for a real item.">
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Item" htmlFor="preview-item">
              <Select
                id="preview-item"
                value={itemId}
                onChange={(e) => {
                  setItemId(e.target.value);
                  const next = runs.filter((r) => r.datasetVersionId === items.find((i) => i.id === e.target.value)?.datasetVersionId);
                  setRunA(next[0]?.id ?? "");
                  setRunB(next[1]?.id ?? "");
                }}
              >
                {items.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.dataset} v{i.version} · {i.externalId}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={mode === "PAIRWISE" ? "First run" : "Run"} htmlFor="preview-run-a">
              <Select id="preview-run-a" value={runA} onChange={(e) => setRunA(e.target.value)}>
                {itemRuns.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </Select>
            </Field>
            {mode === "PAIRWISE" && (
              <Field label="Second run" htmlFor="preview-run-b">
                <Select id="preview-run-b" value={runB} onChange={(e) => setRunB(e.target.value)}>
                  {itemRuns.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </div>
          {preview ? (
            <div className="space-y-3" aria-label="Preview messages">
              {preview.messages.map((message, i) => (
                <div key={i}>
                  <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{message.role}</p>
                  <PlainText label={`${message.role} message`}>{message.content}</PlainText>
                </div>
              ))}
              <p className="text-xs text-slate-600">
                Parameters: {JSON.stringify(preview.params)} · {preview.examples} {preview.examples === 1 ? "example" : "examples"} ·{" "}
                {preview.answerSchema ? "structured output (JSON schema)" : "no structured output: the tolerant parser reads the answer"}
              </p>
            </div>
          ) : (
            <p className="text-sm text-slate-600">Choose an item and press Preview.</p>
          )}
        </div>
      </Card>
    </div>
  );
}
