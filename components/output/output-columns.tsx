"use client";

import { useRef, useState, type ReactNode } from "react";
import { AgentTrace, parseTrace } from "./agent-trace";
import { ChatTurns, parseChatTurns } from "./chat-turns";
import { Markdown } from "./markdown";

export type OutputColumn = {
  /** Stable key (the output id). */
  id: string;
  /** Header shown above the output: "Output A" when blind, the run name otherwise. */
  title: ReactNode;
  content: string;
  /** Full conversation, when the run produced several assistant turns. */
  turns?: unknown;
  trace?: unknown;
  /** Extra line under the title (latency, tokens, judge score…), omitted in blind review. */
  meta?: ReactNode;
  /** Slot under the output, e.g. per-output rubric hints. */
  footer?: ReactNode;
};

const GRID: Record<number, string> = {
  1: "grid-cols-1",
  2: "grid-cols-1 md:grid-cols-2",
  3: "grid-cols-1 md:grid-cols-2 xl:grid-cols-3",
  4: "grid-cols-1 md:grid-cols-2 xl:grid-cols-4",
};

/**
 * 1–4 outputs side by side, stacked on narrow screens. With synchronised
 * scroll on, scrolling one column scrolls the others to the same relative
 * position, so reviewers can compare long answers paragraph by paragraph.
 */
export function OutputColumns({ outputs, maxHeight = "32rem", allowSyncScroll = true }: {
  outputs: OutputColumn[];
  maxHeight?: string;
  allowSyncScroll?: boolean;
}) {
  const [sync, setSync] = useState(false);
  const panes = useRef<(HTMLDivElement | null)[]>([]);
  const syncing = useRef(false);

  function onScroll(index: number) {
    if (!sync || syncing.current) return;
    const source = panes.current[index];
    if (!source) return;
    const range = source.scrollHeight - source.clientHeight;
    const ratio = range > 0 ? source.scrollTop / range : 0;
    syncing.current = true;
    panes.current.forEach((pane, i) => {
      if (pane && i !== index) pane.scrollTop = ratio * (pane.scrollHeight - pane.clientHeight);
    });
    requestAnimationFrame(() => {
      syncing.current = false;
    });
  }

  return (
    <div className="space-y-2">
      {allowSyncScroll && outputs.length > 1 && (
        <label className="flex items-center gap-2 text-xs text-slate-700">
          <input type="checkbox" checked={sync} onChange={(event) => setSync(event.target.checked)} className="size-4 rounded border-slate-300" />
          Synchronised scroll
        </label>
      )}
      <div className={`grid gap-3 ${GRID[Math.min(Math.max(outputs.length, 1), 4)]}`}>
        {outputs.map((output, index) => {
          const turns = parseChatTurns(output.turns);
          const trace = parseTrace(output.trace);
          return (
            <section key={output.id} aria-label={typeof output.title === "string" ? output.title : `Output ${index + 1}`} className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white shadow-sm">
              <header className="border-b border-slate-100 px-4 py-2">
                <h3 className="text-sm font-semibold text-slate-900">{output.title}</h3>
                {output.meta && <div className="mt-0.5 text-xs text-slate-600">{output.meta}</div>}
              </header>
              <div
                ref={(element) => {
                  panes.current[index] = element;
                }}
                onScroll={() => onScroll(index)}
                tabIndex={0}
                aria-label={`${typeof output.title === "string" ? output.title : `Output ${index + 1}`} content`}
                role="region"
                className="min-h-0 flex-1 space-y-3 overflow-y-auto px-4 py-3"
                style={{ maxHeight }}
              >
                {turns.length > 1 ? <ChatTurns turns={turns} label="Conversation of this output" /> : <Markdown>{output.content}</Markdown>}
                <AgentTrace steps={trace} />
              </div>
              {output.footer && <div className="border-t border-slate-100 px-4 py-2">{output.footer}</div>}
            </section>
          );
        })}
      </div>
    </div>
  );
}
