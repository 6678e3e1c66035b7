"use client";

import { Field, Select } from "@/components/ui/field";
import { CRITERION_KEY_PREFIX, REVIEWER_KEY_PREFIX, type LabelStudioSummary } from "@/lib/imports/label-studio";

// For a Label Studio export uploaded as labels: who each Label Studio user is
// among the project's members, and which criterion each control (from_name)
// fills. Both are stored in the field mapping (reviewer:<id>, criterion:<name>),
// so they are sent, saved and reused like any other mapping.

export type LabelChoices = {
  members: { email: string; name: string }[];
  criteria: { rubric: string; criteria: { key: string; name: string; kind: string }[] }[];
};

const SAME = "__same";
const SKIP = "__skip";

export function LabelStudioMapping({ summary, choices, rubric, mapping, onChange }: { summary: LabelStudioSummary; choices: LabelChoices; rubric?: string; mapping: Record<string, string>; onChange: (next: Record<string, string>) => void }) {
  const criteria = (choices.criteria.find((r) => r.rubric === rubric) ?? (choices.criteria.length === 1 ? choices.criteria[0] : undefined))?.criteria ?? [];
  const set = (key: string, value: string | undefined) => {
    const next = { ...mapping };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <div className="mt-6 space-y-4 border-t border-slate-100 pt-4" data-testid="label-studio-mapping">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Label Studio export</h3>
        <p className="text-sm text-slate-600">
          Each annotation that was not cancelled becomes a label by its author. Textarea answers become the rationale; lead time and dates are kept.
        </p>
      </div>
      {summary.users.length > 0 && (
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">Reviewers</legend>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {summary.users.map((user) => {
              const key = `${REVIEWER_KEY_PREFIX}${user.key}`;
              return (
                <Field key={user.key} label={`Label Studio user ${user.key}`} htmlFor={`ls-user-${user.key}`} hint={user.email ? `Export says ${user.email}.` : "No email in the export: choose the member."}>
                  <Select id={`ls-user-${user.key}`} value={mapping[key] ?? SAME} onChange={(event) => set(key, event.target.value === SAME ? undefined : event.target.value)}>
                    <option value={SAME}>{user.email ? `By email (${user.email})` : "— choose a member —"}</option>
                    {choices.members.map((m) => (
                      <option key={m.email} value={m.email}>
                        {m.name ? `${m.name} <${m.email}>` : m.email}
                      </option>
                    ))}
                  </Select>
                </Field>
              );
            })}
          </div>
        </fieldset>
      )}
      {summary.controls.length > 0 && (
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">Controls → criteria</legend>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {summary.controls.map((control) => {
              const key = `${CRITERION_KEY_PREFIX}${control.fromName}`;
              const current = mapping[key];
              const known = criteria.some((c) => c.key === control.fromName);
              const fallback = control.type === "textarea" ? "The label's rationale" : known ? `Criterion ${control.fromName}` : `${control.fromName} (no such criterion)`;
              return (
                <Field key={control.fromName} label={`${control.fromName} (${control.type || "?"})`} htmlFor={`ls-control-${control.fromName}`}>
                  <Select id={`ls-control-${control.fromName}`} value={current === undefined ? SAME : current === "" ? SKIP : current} onChange={(event) => set(key, event.target.value === SAME ? undefined : event.target.value === SKIP ? "" : event.target.value)}>
                    <option value={SAME}>{fallback}</option>
                    <option value={SKIP}>Skip this control</option>
                    {criteria.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.name} ({c.key})
                      </option>
                    ))}
                  </Select>
                </Field>
              );
            })}
          </div>
        </fieldset>
      )}
    </div>
  );
}
