"use client";

import { rationaleDemand } from "@/lib/review/rationale-rule";
import type { Flag, Form } from "@/lib/review/screen-state";
import { fieldTitle } from "@/lib/review/screen-state";
import type { TaskView } from "@/lib/review/task-view";

/** The rationale (required when the setup's rule says so, and then saying why), the flags and a comment on the item. */
export function RationaleBox({ task, form, onChange, flags, flagLabels }: {
  task: TaskView;
  form: Form;
  onChange: (patch: Partial<Pick<Form, "rationale" | "flags" | "flagNote">>) => void;
  flags: readonly Flag[];
  flagLabels: Record<Flag, string>;
}) {
  const demand = rationaleDemand(task.setup.rationaleRule, task.fields, form.answers);
  const why = demand ? (demand.reason === "criterion" ? `required for ${fieldTitle(demand.field)}` : `required: ${fieldTitle(demand.field)} is at the end of its scale`) : "optional";
  return (
    <div className="rounded-md border border-slate-200 bg-white p-3">
      <label htmlFor="rationale" className="text-sm font-semibold text-slate-900">
        Rationale <span className={`text-xs font-normal ${demand ? "text-amber-800" : "text-slate-600"}`}>({why})</span>
      </label>
      <textarea
        id="rationale"
        value={form.rationale}
        onChange={(event) => onChange({ rationale: event.target.value })}
        rows={3}
        aria-required={demand ? true : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        placeholder="Why? Reviewers' reasons make the best calibration examples."
      />
      <fieldset className="mt-2">
        <legend className="text-xs font-semibold text-slate-700">Flag this item</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {flags.map((flag) => (
            <label key={flag} className="inline-flex items-center gap-1.5 text-xs text-slate-800">
              <input
                type="checkbox"
                checked={form.flags.includes(flag)}
                onChange={(event) => onChange({ flags: event.target.checked ? [...form.flags, flag] : form.flags.filter((f) => f !== flag) })}
                className="size-4 rounded border-slate-300"
              />
              {flagLabels[flag]}
            </label>
          ))}
        </div>
        <label htmlFor="flag-note" className="mt-2 block text-xs font-semibold text-slate-700">
          Comment for the leads <span className="font-normal text-slate-600">(optional: what is wrong with this item?)</span>
        </label>
        <textarea
          id="flag-note"
          value={form.flagNote}
          onChange={(event) => onChange({ flagNote: event.target.value })}
          rows={2}
          maxLength={2000}
          className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
      </fieldset>
    </div>
  );
}
