"use client";

import { Markdown } from "@/components/output/markdown";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import type { TaskView } from "@/lib/review/task-view";

/**
 * The rubric's guidelines (G): its instructions, then each criterion's own,
 * rendered with the sanitised markdown renderer (an admin wrote them, but
 * nothing here trusts markdown).
 */
export function GuidelinesDialog({ open, onClose, task }: { open: boolean; onClose: () => void; task: TaskView | null }) {
  const ref = useModalDialog(open);
  const criteria = [...new Map((task?.fields ?? []).map((field) => [field.criterion.id, field.criterion])).values()].filter((criterion) => criterion.description.trim() !== "");
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="guidelines-title" className="m-auto w-full max-w-2xl rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40">
      <div className="max-h-[80vh] overflow-y-auto px-5 py-4">
        <h2 id="guidelines-title" className="text-base font-semibold text-slate-900">
          Guidelines
        </h2>
        {task?.setup.instructions.trim() ? (
          <div className="mt-2 text-sm" data-testid="rubric-guidelines">
            <Markdown>{task.setup.instructions}</Markdown>
          </div>
        ) : null}
        {criteria.length > 0 && (
          <dl className="mt-4 space-y-3 text-sm">
            {criteria.map((criterion) => (
              <div key={criterion.id}>
                <dt className="font-semibold text-slate-900">{criterion.name}</dt>
                <dd className="mt-1 text-slate-700">
                  <Markdown>{criterion.description}</Markdown>
                </dd>
              </div>
            ))}
          </dl>
        )}
        <div className="mt-4 text-right">
          <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100" autoFocus>
            Close <kbd className="font-mono text-xs pointer-coarse:hidden">G</kbd>
          </button>
        </div>
      </div>
    </dialog>
  );
}
