import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";

/** A plain GET form: the view is a URL people can share and reload. */
export function EstimatesForm({ versions, judges, setups, tags, values }: {
  versions: { id: string; label: string }[];
  judges: { id: string; label: string }[];
  setups: { id: string; name: string; weighted: boolean }[];
  tags: string[];
  values: { datasetVersion: string; judge?: string; setup?: string; slice?: string };
}) {
  return (
    <form method="get" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
      <Field label="Dataset version" htmlFor="estimates-version">
        <Select id="estimates-version" name="datasetVersion" defaultValue={values.datasetVersion}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Judge" htmlFor="estimates-judge">
        <Select id="estimates-judge" name="judge" defaultValue={values.judge ?? ""}>
          <option value="">Most scores on these runs</option>
          {judges.map((judge) => (
            <option key={judge.id} value={judge.id}>
              {judge.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Expert sample" htmlFor="estimates-setup" hint="A setup with inclusion probabilities is weighted by 1/p">
        <Select id="estimates-setup" name="setup" defaultValue={values.setup ?? ""}>
          <option value="">Every expert label</option>
          {setups.map((setup) => (
            <option key={setup.id} value={setup.id}>
              {setup.name}
              {setup.weighted ? " (weighted)" : ""}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Slice" htmlFor="estimates-slice" hint="Items with this tag">
        <Select id="estimates-slice" name="slice" defaultValue={values.slice ?? ""}>
          <option value="">All items</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </Select>
      </Field>
      <div className="lg:pb-5">
        <Button type="submit" className="w-full">
          Show
        </Button>
      </div>
    </form>
  );
}
