import type { ReactNode } from "react";
import { Button } from "./button";
import { Field, Input, Select } from "./field";

// The pieces of the filter forms above lists and charts (traffic, samples,
// monitoring, runs): plain GET forms, so a filtered view lives in its URL and
// can be shared and reloaded.

/** A row of filters and its submit button. */
export function FilterForm({ action, label, submit, children }: { action: string; label: string; submit: string; children: ReactNode }) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3" aria-label={label}>
      {children}
      <Button type="submit" variant="secondary">
        {submit}
      </Button>
    </form>
  );
}

export type Choice = { value: string; label: string };

/**
 * A select of choices under its label. With `anyLabel`, a first option of
 * empty value ("All rules", "Any") means no filter, and an absent value picks it.
 */
export function ChoiceField({ id, name, label, hint, value, anyLabel, choices }: {
  id: string;
  name: string;
  label: string;
  hint?: ReactNode;
  value: string | undefined;
  anyLabel?: string;
  choices: Choice[];
}) {
  return (
    <Field label={label} htmlFor={id} hint={hint}>
      <Select id={id} name={name} defaultValue={value ?? ""}>
        <ChoiceOptions anyLabel={anyLabel} choices={choices} />
      </Select>
    </Field>
  );
}

/** The options of a choice select: "no filter" first when anyLabel is given. */
export function ChoiceOptions({ anyLabel, choices }: { anyLabel?: string; choices: Choice[] }) {
  return (
    <>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {/* By position: two choices may share a value (a criterion key in two rubrics). */}
      {choices.map((choice, index) => (
        <option key={index} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </>
  );
}

/** The control of a compact filter row (audit log, disagreements, exports), under the words of its LabelledControl. */
export const LABELLED_CONTROL_CLASS = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-600";

/** A label wrapped around its control: the words, then the control. */
export function LabelledControl({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <label className={`text-sm font-medium text-slate-700 ${className}`.trimEnd()}>
      {label}
      {children}
    </label>
  );
}

/** The from and to days of a filter (UTC, YYYY-MM-DD), both optional. */
export function DayRangeFields({ idPrefix, from, to }: { idPrefix: string; from: string | undefined; to: string | undefined }) {
  return (
    <>
      <Field label="From (UTC day)" htmlFor={`${idPrefix}-from`}>
        <Input id={`${idPrefix}-from`} name="from" type="date" defaultValue={from} />
      </Field>
      <Field label="To (UTC day)" htmlFor={`${idPrefix}-to`}>
        <Input id={`${idPrefix}-to`} name="to" type="date" defaultValue={to} />
      </Field>
    </>
  );
}
