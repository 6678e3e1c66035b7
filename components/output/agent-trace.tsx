import { Markdown } from "./markdown";

export type TraceStep = {
  type: string;
  name: string;
  input: unknown;
  output: unknown;
  latencyMs?: number;
};

const TYPE_STYLE: Record<string, string> = {
  llm: "bg-violet-100 text-violet-800",
  tool: "bg-amber-100 text-amber-800",
  retrieval: "bg-emerald-100 text-emerald-800",
  other: "bg-slate-100 text-slate-700",
};

export function parseTrace(value: unknown): TraceStep[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((step) => {
    if (!step || typeof step !== "object") return [];
    const s = step as Record<string, unknown>;
    return [{
      type: typeof s.type === "string" ? s.type : "other",
      name: typeof s.name === "string" ? s.name : "step",
      input: s.input,
      output: s.output,
      latencyMs: typeof s.latencyMs === "number" ? s.latencyMs : undefined,
    }];
  });
}

function Payload({ label, value }: { label: string; value: unknown }) {
  if (value === undefined || value === null || value === "") return null;
  return (
    <div>
      <p className="text-xs font-semibold text-slate-600">{label}</p>
      {typeof value === "string" ? (
        <Markdown className="mt-1">{value}</Markdown>
      ) : (
        // Structured tool arguments are shown as text, never interpreted.
        <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs text-slate-800">{JSON.stringify(value, null, 2)}</pre>
      )}
    </div>
  );
}

/** An agent trace: one collapsible step per LLM call, tool call or retrieval. */
export function AgentTrace({ steps, defaultOpen = false }: { steps: TraceStep[]; defaultOpen?: boolean }) {
  if (steps.length === 0) return null;
  return (
    <details open={defaultOpen} className="rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800">
        Agent trace ({steps.length} {steps.length === 1 ? "step" : "steps"})
      </summary>
      <ol className="space-y-1 border-t border-slate-100 p-2">
        {steps.map((step, index) => (
          <li key={index}>
            <details className="rounded border border-slate-100">
              <summary className="flex cursor-pointer items-center gap-2 px-2 py-1.5 text-sm">
                <span className="text-xs text-slate-600">{index + 1}.</span>
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TYPE_STYLE[step.type] ?? TYPE_STYLE.other}`}>{step.type}</span>
                <span className="font-mono text-xs text-slate-800">{step.name}</span>
                {step.latencyMs !== undefined && <span className="ml-auto text-xs text-slate-600">{step.latencyMs} ms</span>}
              </summary>
              <div className="space-y-2 border-t border-slate-100 px-2 py-2">
                <Payload label="Input" value={step.input} />
                <Payload label="Output" value={step.output} />
              </div>
            </details>
          </li>
        ))}
      </ol>
    </details>
  );
}
