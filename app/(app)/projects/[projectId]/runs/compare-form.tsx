import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ChoiceField } from "@/components/ui/filter-form";

export type RunOption = { id: string; name: string; model: string; group: string };

/** A plain GET form: the comparison is a URL people can share and reload. */
export function CompareForm({ runs, judges, values }: {
  runs: RunOption[];
  judges: { id: string; label: string }[];
  values: { baseline?: string; candidate?: string; judge?: string; tag?: string; criterion?: string };
}) {
  const groups = [...new Set(runs.map((run) => run.group))];
  const runSelect = (name: "baseline" | "candidate", label: string) => (
    <Field label={label} htmlFor={`compare-${name}`}>
      <Select id={`compare-${name}`} name={name} defaultValue={values[name] ?? ""} required>
        <option value="" disabled>
          Choose a run
        </option>
        {groups.map((group) => (
          <optgroup key={group} label={group}>
            {runs.filter((run) => run.group === group).map((run) => (
              <option key={run.id} value={run.id}>
                {run.name} ({run.model})
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
    </Field>
  );
  return (
    <form method="get" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-6 lg:items-end">
      <div className="lg:col-span-1">{runSelect("baseline", "Baseline")}</div>
      <div className="lg:col-span-1">{runSelect("candidate", "Candidate")}</div>
      <div className="lg:col-span-1">
        <ChoiceField
          id="compare-judge"
          name="judge"
          label="Judge (where no human consensus)"
          value={values.judge}
          anyLabel="Most scores on these runs"
          choices={judges.map((judge) => ({ value: judge.id, label: judge.label }))}
        />
      </div>
      <div className="lg:col-span-1">
        <Field label="Tag" htmlFor="compare-tag" hint="Only items with this tag">
          <Input id="compare-tag" name="tag" defaultValue={values.tag ?? ""} placeholder="e.g. billing" />
        </Field>
      </div>
      <div className="lg:col-span-1">
        <Field label="Criteria" htmlFor="compare-criterion" hint="Keys, comma-separated; empty = all">
          <Input id="compare-criterion" name="criterion" defaultValue={values.criterion ?? ""} placeholder="helpfulness,safe" />
        </Field>
      </div>
      <div className="lg:col-span-1 lg:pb-5">
        <Button type="submit" className="w-full">
          Compare
        </Button>
      </div>
    </form>
  );
}
