"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, useTransition, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { saveImportMapping } from "@/lib/imports/actions";
import { isLabelStudioFlatRecord, isLabelStudioTask, labelStudioSummary, type LabelStudioSummary } from "@/lib/imports/label-studio";
import { applyMapping, detectMapping } from "@/lib/imports/mapping";
import { formatBytes } from "@/lib/imports/parse";
import { prefilledOptions } from "@/lib/imports/prefill";
import { IMPORT_KINDS, KIND_LABELS, TARGET_FIELDS, type ImportKindName } from "@/lib/imports/schemas";
import { previewFile, type Preview } from "./file-preview";
import { BrowserCheck } from "./browser-check";
import { fixFor } from "@/lib/imports/issue-groups";
import { FixLink, IssueTable, type Issue } from "./issue-table";
import { LabelStudioMapping, type LabelChoices } from "./label-studio-mapping";
import { OptionFields, type Choices } from "./option-fields";
import { sendImport } from "./upload-request";
import { useFileCheck } from "./use-file-check";

type SavedMapping = { id: string; kind: ImportKindName; name: string; mapping: Record<string, string> };
type Phase = "idle" | "checking" | "checked" | "importing" | "done";
type Summary = Record<string, string | number | boolean | null>;

const LABEL_STUDIO_TASK_FIELDS = new Set(["externalId", "run", "runA", "runB", "turn"]);
// A JSON-MIN / CSV record keeps a TextArea's text in a plain column: it may be mapped as the rationale.
const LABEL_STUDIO_FLAT_FIELDS = new Set([...LABEL_STUDIO_TASK_FIELDS, "rationale"]);

const KIND_HINTS: Record<ImportKindName, string> = {
  ITEMS: "Prompts with references, chat turns or retrieved context. Uploading under an existing name makes a new version.",
  OUTPUTS: "A run's answers, keyed by the item's externalId (and turn for chats); with a run column, several runs in one file.",
  JUDGE_SCORES: "An LLM judge's scores: pointwise (one output, one criterion) or pairwise (two outputs, the order shown, a verdict).",
  LABELS: "Your team's earlier human labels, attributed to reviewers by email.",
};

export function UploadWizard(props: Choices & { projectId: string; initialKind: ImportKindName; maxUploadBytes: number; mappings: SavedMapping[]; labelChoices: LabelChoices }) {
  const { projectId } = props;
  const router = useRouter();
  const [kind, setKind] = useState<ImportKindName>(props.initialKind);
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<Preview>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [options, setOptions] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState(0);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [message, setMessage] = useState<string>();
  const [checked, setChecked] = useState<{ rows: number; summary: Summary }>();
  const [result, setResult] = useState<{ status: string; rows: number; summary: Summary }>();
  const [dragging, setDragging] = useState(false);
  const [mappingName, setMappingName] = useState("");
  const [savedNote, setSavedNote] = useState<string>();
  const [saving, startSaving] = useTransition();
  const datasetNames = props.datasets.map((d) => d.name);
  const filled = useRef<Record<string, string>>({});

  function reset(keepFile = false) {
    setPhase("idle");
    setIssues([]);
    setMessage(undefined);
    setChecked(undefined);
    setResult(undefined);
    setProgress(0);
    if (!keepFile) {
      setFile(undefined);
      setPreview(undefined);
    }
  }

  async function onFile(next: File | undefined) {
    reset();
    if (!next) return;
    if (next.size === 0) {
      setFile(next);
      setIssues([{ field: "(file)", message: "The file is empty: it has no rows." }]);
      return;
    }
    if (next.size > props.maxUploadBytes) {
      setFile(next);
      setIssues([{ field: "(file)", message: `The file is ${formatBytes(next.size)}, over this project's upload limit of ${formatBytes(props.maxUploadBytes)}.` }]);
      return;
    }
    setFile(next);
    const parsed = await previewFile(next);
    setPreview(parsed);
    setIssues(parsed.problems);
    const detected = parsed.rows[0] ? detectMapping(kind, sampleOf(parsed.rows)) : {};
    setMapping(detected);
    prefill(kind, next.name, detected);
  }

  // Fills the obvious options; what it filled last time (and nobody edited) is replaced, not kept.
  function prefill(forKind: ImportKindName, fileName: string, forMapping: Record<string, string>) {
    const next = prefilledOptions({ kind: forKind, fileName, datasets: datasetNames, mapping: forMapping, options, filledBefore: filled.current });
    filled.current = next.filled;
    setOptions(next.options);
  }

  function changeKind(next: ImportKindName) {
    setKind(next);
    reset(true);
    const detected = preview?.rows[0] ? detectMapping(next, sampleOf(preview.rows)) : undefined;
    if (detected) setMapping(detected);
    if (file) prefill(next, file.name, detected ?? mapping);
  }

  // The whole file is checked in a Web Worker as soon as it is dropped (and again when the mapping changes).
  const { check, labelStudio: fileLabelStudio } = useFileCheck({ file: preview ? file : undefined, format: preview?.format, kind, mapping, judgeKind: options.judgeKind });
  const labelStudio = useMemo(() => {
    if (kind !== "LABELS" || !preview) return undefined;
    const merged = mergeSummaries(labelStudioSummary(preview.rows), fileLabelStudio);
    return merged.users.length + merged.controls.length > 0 ? merged : undefined;
  }, [kind, preview, fileLabelStudio]);

  // For a Label Studio export, reviewer, criterion, value… come from each annotation: only the task's fields are mapped.
  const labelStudioFlat = kind === "LABELS" && !!preview?.rows[0] && isLabelStudioFlatRecord(preview.rows[0]);
  const labelStudioFile = labelStudioFlat || (kind === "LABELS" && !!preview?.rows[0] && isLabelStudioTask(preview.rows[0]));
  const labelStudioFields = labelStudioFlat ? LABEL_STUDIO_FLAT_FIELDS : LABEL_STUDIO_TASK_FIELDS;
  const targetFields = labelStudioFile ? TARGET_FIELDS.LABELS.filter((f) => labelStudioFields.has(f.field)) : TARGET_FIELDS[kind];

  const mappedRows = useMemo(() => {
    if (!preview) return [];
    return preview.rows.slice(0, 5).flatMap((row) => applyMapping(kind, mapping, row));
  }, [preview, kind, mapping]);

  async function submit(dryRun: boolean) {
    if (!file || !preview) return;
    setPhase(dryRun ? "checking" : "importing");
    setIssues([]);
    setMessage(undefined);
    setProgress(0);
    const response = await sendImport({ projectId, kind, file, format: preview.format, options: cleanOptions(options), mapping, dryRun, onProgress: setProgress });
    if (!response.ok) {
      setPhase("idle");
      setMessage(response.error.message);
      setIssues(response.error.issues ?? []);
      return;
    }
    if (dryRun) {
      setChecked({ rows: response.data.rows, summary: response.data.summary });
      setPhase("checked");
    } else {
      setResult(response.data);
      setPhase("done");
      router.refresh();
    }
  }

  function saveMapping() {
    setSavedNote(undefined);
    startSaving(async () => {
      const saved = await saveImportMapping({ projectId, kind, name: mappingName, mapping });
      setSavedNote(saved.ok ? `Saved as “${saved.data.name}”.` : saved.error.message);
      if (saved.ok) router.refresh();
    });
  }

  const savedForKind = props.mappings.filter((m) => m.kind === kind);
  const busy = phase === "checking" || phase === "importing";

  return (
    <div className="space-y-6">
      <Card title="1. What are you uploading?">
        <fieldset>
          <legend className="sr-only">Kind of data</legend>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {IMPORT_KINDS.map((k) => (
              <label key={k} className={`cursor-pointer rounded-md border p-3 text-sm focus-within:ring-2 focus-within:ring-brand-500 ${kind === k ? "border-brand-500 bg-brand-50" : "border-slate-200"}`}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => changeKind(k)} className="sr-only" />
                <span className="block font-medium text-slate-900">{KIND_LABELS[k]}</span>
                <span className="mt-1 block text-xs text-slate-600">{KIND_HINTS[k]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </Card>

      <Card title="2. File">
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event: DragEvent) => {
            event.preventDefault();
            setDragging(false);
            void onFile(event.dataTransfer.files[0]);
          }}
          className={`rounded-lg border-2 border-dashed p-6 text-center text-sm ${dragging ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}
        >
          <p className="text-slate-700">Drop a .jsonl, .json or .csv file here, or</p>
          <label className="mt-2 inline-block cursor-pointer rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 focus-within:ring-2 focus-within:ring-brand-500 hover:bg-slate-100">
            choose a file
            <input type="file" accept=".jsonl,.ndjson,.json,.csv,application/json,text/csv" className="sr-only" aria-label="Choose a file" onChange={(event) => void onFile(event.target.files?.[0])} />
          </label>
          <p className="mt-2 text-xs text-slate-500">UTF-8 with or without BOM · LF or CRLF · up to {formatBytes(props.maxUploadBytes)}</p>
          {file && (
            <p className="mt-3 font-medium text-slate-900" data-testid="file-name">
              {file.name} · {formatBytes(file.size)}
              {preview && ` · ${preview.format.toUpperCase()}`}
            </p>
          )}
        </div>
        <BrowserCheck projectId={projectId} state={check} />
        {preview && preview.rows.length > 0 && (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-xs">
              <caption className="mb-1 text-left text-sm font-medium text-slate-800">First rows of the file</caption>
              <thead className="text-slate-500">
                <tr>{Object.keys(preview.rows[0]!).slice(0, 8).map((key) => <th key={key} className="py-1 pr-3 font-medium">{key}</th>)}</tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.rows.slice(0, 5).map((row, i) => (
                  <tr key={i}>
                    {Object.keys(preview.rows[0]!).slice(0, 8).map((key) => (
                      <td key={key} className="max-w-xs truncate py-1 pr-3 font-mono">{short(row[key])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {preview && preview.rows.length > 0 && (
        <Card
          title="3. Map fields"
          description={
            labelStudioFile
              ? "A Label Studio export: map the task's item and run(s) below; reviewer, criterion and value come from each annotation."
              : "Each Touchstone field reads a column or a nested path (a.b, list.0.c). Common shapes are detected."
          }
        >
          {savedForKind.length > 0 && (
            <div className="mb-4 max-w-sm">
              <Field label="Use a saved mapping" htmlFor="saved-mapping">
                <Select id="saved-mapping" defaultValue="" onChange={(event) => {
                  const found = savedForKind.find((m) => m.id === event.target.value);
                  if (found) {
                    setMapping(found.mapping);
                    setMappingName(found.name);
                    reset(true);
                  }
                }}>
                  <option value="">—</option>
                  {savedForKind.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
                </Select>
              </Field>
            </div>
          )}
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {targetFields.map(({ field, required, hint }) => (
              <Field key={field} label={`${field}${required ? " *" : ""}`} htmlFor={`map-${field}`} hint={hint}>
                <Select id={`map-${field}`} value={mapping[field] ?? ""} onChange={(event) => {
                  setMapping((m) => ({ ...m, [field]: event.target.value }));
                  reset(true);
                }}>
                  <option value="">(not mapped)</option>
                  {[...new Set([...preview.paths, ...(mapping[field] ? [mapping[field]!] : [])])].map((path) => <option key={path} value={path}>{path}</option>)}
                </Select>
              </Field>
            ))}
          </div>
          <div className="mt-4 flex flex-wrap items-end gap-2">
            <div className="w-64">
              <Field label="Save this mapping as" htmlFor="mapping-name">
                <Input id="mapping-name" value={mappingName} onChange={(event) => setMappingName(event.target.value)} placeholder="MT-Bench answers" />
              </Field>
            </div>
            <Button variant="secondary" disabled={saving || !mappingName.trim()} onClick={saveMapping}>Save mapping</Button>
            {savedNote && <p className="text-sm text-slate-600" role="status">{savedNote}</p>}
          </div>
          {labelStudio && (
            <LabelStudioMapping
              summary={labelStudio}
              choices={props.labelChoices}
              rubric={options.rubric}
              mapping={mapping}
              onChange={(next) => {
                setMapping(next);
                reset(true);
              }}
            />
          )}
          {mappedRows.length > 0 && (
            <details className="mt-4">
              <summary className="cursor-pointer text-sm font-medium text-slate-800">Rows as Touchstone reads them</summary>
              <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-3 text-xs">{JSON.stringify(mappedRows.slice(0, 3), null, 2)}</pre>
            </details>
          )}
        </Card>
      )}

      {file && (
        <Card title="4. Where it goes">
          <OptionFields kind={kind} options={options} onChange={(next) => { setOptions(next); reset(true); }} datasets={props.datasets} rubrics={props.rubrics} runs={props.runs} judges={props.judges} />
        </Card>
      )}

      {file && (
        <Card title="5. Check and import">
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" disabled={busy || !preview || preview.rows.length === 0} onClick={() => void submit(true)}>
              {phase === "checking" ? "Checking…" : "Check file"}
            </Button>
            <Button disabled={busy || phase !== "checked"} onClick={() => void submit(false)}>
              {phase === "importing" ? "Importing…" : "Import"}
            </Button>
            {phase !== "checked" && phase !== "done" && !busy && <span className="text-sm text-slate-600">Check the file first: every row is validated before anything is written.</span>}
          </div>
          {busy && <UploadProgress fraction={progress} label={phase === "checking" ? "Checking" : "Importing"} />}
          {phase === "checked" && checked && (
            <p className="mt-3 text-sm text-emerald-800" role="status">
              All {checked.rows.toLocaleString("en")} rows are valid{checked.summary.unchanged ? " — the content is identical to an existing version, so importing changes nothing" : ""}. Nothing has been written yet.
            </p>
          )}
          {phase === "done" && result && <ResultSummary projectId={projectId} kind={kind} result={result} />}
          {message && (
            <p className="mt-3 text-sm font-medium text-red-700" role="alert">
              {message}
              {fixFor(message) && <FixLink projectId={projectId} fix={fixFor(message)!} />}
            </p>
          )}
          {issues.length > 0 && <IssueTable projectId={projectId} issues={issues} />}
        </Card>
      )}
      {!file && issues.length > 0 && <IssueTable projectId={projectId} issues={issues} />}
    </div>
  );
}

function UploadProgress({ fraction, label }: { fraction: number; label: string }) {
  const percent = Math.round(fraction * 100);
  return (
    <div className="mt-3">
      <div role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">{percent < 100 ? `Uploading… ${percent}%` : `${label}: validating and writing rows…`}</p>
    </div>
  );
}

function ResultSummary({ projectId, kind, result }: { projectId: string; kind: ImportKindName; result: { status: string; rows: number; summary: Summary } }) {
  const s = result.summary;
  if (result.status === "unchanged") {
    return <p className="mt-3 text-sm text-slate-700" role="status">Already imported: this content matches {kind === "ITEMS" ? `version ${s.version} of ${s.dataset}` : "an earlier upload"}. Nothing changed.</p>;
  }
  return (
    <div className="mt-3 space-y-1 text-sm text-emerald-800" role="status">
      <p className="font-medium">Imported {result.rows.toLocaleString("en")} rows.</p>
      {kind === "ITEMS" && (
        <p>
          {String(s.dataset)} version {String(s.version)}: {String(s.added)} added, {String(s.removed)} removed, {String(s.changed)} changed.{" "}
          {s.previousVersionId && (
            <Link className="text-brand-700 underline underline-offset-2" href={`/projects/${projectId}/datasets/diff?from=${s.previousVersionId}&to=${s.datasetVersionId}`}>
              See what changed
            </Link>
          )}
        </p>
      )}
      {kind === "OUTPUTS" && (
        <p>
          {Number(s.runs) > 1 ? `${String(s.runs)} runs (${String(s.run)})` : `Run ${String(s.run)}`}: {String(s.inserted)} new outputs, {String(s.updated)} updated.
        </p>
      )}
      {kind === "JUDGE_SCORES" && (
        <p>
          Judge {String(s.judge)} {String(s.promptVersion)}: {String(s.scores)} scores{Number(s.failed) > 0 ? `, of which ${String(s.failed)} failed judge calls (stored, counted as the judge's errors)` : ""}.
        </p>
      )}
      {kind === "LABELS" && <p>{String(s.labels)} labels ({String(s.values)} judgments) by {String(s.reviewers)} reviewers.</p>}
      <p>
        <Link className="text-brand-700 underline underline-offset-2" href={`/projects/${projectId}/datasets`}>Back to data</Link>
      </p>
    </div>
  );
}

function mergeSummaries(a: LabelStudioSummary, b: LabelStudioSummary | undefined): LabelStudioSummary {
  if (!b) return a;
  const users = new Map(a.users.map((u) => [u.key, u]));
  for (const u of b.users) if (!users.has(u.key)) users.set(u.key, u);
  const controls = new Map(a.controls.map((c) => [c.fromName, c]));
  for (const c of b.controls) if (!controls.has(c.fromName)) controls.set(c.fromName, c);
  return { users: [...users.values()], controls: [...controls.values()] };
}

/** One row with every key seen in the first rows (earlier rows win), so optional columns are detected too. */
function sampleOf(rows: Record<string, unknown>[]) {
  return Object.assign({}, ...rows.slice().reverse()) as Record<string, unknown>;
}

function cleanOptions(options: Record<string, string>) {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v.trim() !== ""));
}

function short(value: unknown) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "" : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

