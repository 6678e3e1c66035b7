"use client";

import { useModalDialog } from "@/components/ui/use-modal-dialog";

export const SHORTCUTS: [string, string][] = [
  ["J / K", "Next / previous criterion"],
  ["0–9", "Score the focused criterion (likert level, 1 pass / 0 fail, option number); the focus then moves to the next open one (a setting under the rubric)"],
  ["A / B / T / X", "Preference: A better, B better, tie, both bad"],
  ["1–4 then ↑ / ↓", "Ranking: pick an output by its rank, move it up or down"],
  ["Space", "Ranking: keep the current order"],
  ["Enter", "Submit and go to the next task (Ctrl+Enter inside the rationale)"],
  ["Z", "Undo the last submission (reopens it for editing)"],
  ["R", "Show or hide the reference answer (when the setup allows it)"],
  ["S", "Skip this task (with a reason)"],
  ["G", "Show the rubric's guidelines"],
  ["?", "Show or hide this list"],
  ["Esc", "Close dialogs, leave the rationale box"],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="shortcuts-title" className="m-auto w-full max-w-lg rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40">
      <div className="px-5 py-4">
        <h2 id="shortcuts-title" className="text-base font-semibold text-slate-900">
          Keyboard shortcuts
        </h2>
        <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800">{keys}</kbd>
              </dt>
              <dd className="text-slate-700">{what}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 text-right">
          <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100" autoFocus>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}
