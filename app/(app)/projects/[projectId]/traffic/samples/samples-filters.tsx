import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { SAMPLE_OUTCOME_LABELS, SAMPLE_OUTCOMES, type SamplesFilters as Filters } from "@/lib/evaluation/spot-checks/samples";

/** A plain GET form: the filters live in the URL, which is how the monitoring page links here. */
export function SamplesFilters({ projectId, filters, rules }: { projectId: string; filters: Filters; rules: { id: string; name: string }[] }) {
  return (
    <form method="get" action={`/projects/${projectId}/traffic/samples`} className="flex flex-wrap items-end gap-3" aria-label="Filter samples">
      <Field label="Rule" htmlFor="samples-rule">
        <Select id="samples-rule" name="rule" defaultValue={filters.rule ?? ""}>
          <option value="">All rules</option>
          {rules.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="From (UTC day)" htmlFor="samples-from">
        <Input id="samples-from" name="from" type="date" defaultValue={filters.from} />
      </Field>
      <Field label="To (UTC day)" htmlFor="samples-to">
        <Input id="samples-to" name="to" type="date" defaultValue={filters.to} />
      </Field>
      <Field label="Segment" htmlFor="samples-segment">
        <Input id="samples-segment" name="segment" defaultValue={filters.segment} />
      </Field>
      <Field label="Outcome" htmlFor="samples-outcome">
        <Select id="samples-outcome" name="outcome" defaultValue={filters.outcome ?? ""}>
          <option value="">Any</option>
          {SAMPLE_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {SAMPLE_OUTCOME_LABELS[outcome]}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" variant="secondary">
        Filter
      </Button>
    </form>
  );
}
