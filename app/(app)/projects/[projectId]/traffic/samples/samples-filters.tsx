import { Field, Input } from "@/components/ui/field";
import { ChoiceField, DayRangeFields, FilterForm } from "@/components/ui/filter-form";
import { SAMPLE_OUTCOME_LABELS, SAMPLE_OUTCOMES, type SamplesFilters as Filters } from "@/lib/evaluation/spot-checks/samples";

/** A plain GET form: the filters live in the URL, which is how the monitoring page links here. */
export function SamplesFilters({ projectId, filters, rules }: { projectId: string; filters: Filters; rules: { id: string; name: string }[] }) {
  return (
    <FilterForm action={`/projects/${projectId}/traffic/samples`} label="Filter samples" submit="Filter">
      <ChoiceField id="samples-rule" name="rule" label="Rule" value={filters.rule} anyLabel="All rules" choices={rules.map((rule) => ({ value: rule.id, label: rule.name }))} />
      <DayRangeFields idPrefix="samples" from={filters.from} to={filters.to} />
      <Field label="Segment" htmlFor="samples-segment">
        <Input id="samples-segment" name="segment" defaultValue={filters.segment} />
      </Field>
      <ChoiceField
        id="samples-outcome"
        name="outcome"
        label="Outcome"
        value={filters.outcome}
        anyLabel="Any"
        choices={SAMPLE_OUTCOMES.map((outcome) => ({ value: outcome, label: SAMPLE_OUTCOME_LABELS[outcome] }))}
      />
    </FilterForm>
  );
}
