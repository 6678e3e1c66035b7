import { Button } from "@/components/ui/button";
import { ChoiceField } from "@/components/ui/filter-form";

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
      <ChoiceField id="estimates-version" name="datasetVersion" label="Dataset version" value={values.datasetVersion} choices={versions.map((v) => ({ value: v.id, label: v.label }))} />
      <ChoiceField id="estimates-judge" name="judge" label="Judge" value={values.judge} anyLabel="Most scores on these runs" choices={judges.map((judge) => ({ value: judge.id, label: judge.label }))} />
      <ChoiceField
        id="estimates-setup"
        name="setup"
        label="Expert sample"
        hint="A setup with inclusion probabilities is weighted by 1/p"
        value={values.setup}
        anyLabel="Every expert label"
        choices={setups.map((setup) => ({ value: setup.id, label: `${setup.name}${setup.weighted ? " (weighted)" : ""}` }))}
      />
      <ChoiceField id="estimates-slice" name="slice" label="Slice" hint="Items with this tag" value={values.slice} anyLabel="All items" choices={tags.map((tag) => ({ value: tag, label: tag }))} />
      <div className="lg:pb-5">
        <Button type="submit" className="w-full">
          Show
        </Button>
      </div>
    </form>
  );
}
