import { Field, Input } from "@/components/ui/field";
import { DayRangeFields, FilterForm } from "@/components/ui/filter-form";
import type { TrafficFilters as Filters } from "@/lib/traffic/queries";

/** A plain GET form: the filters live in the URL, so a filtered view can be shared. */
export function TrafficFilters({ projectId, filters }: { projectId: string; filters: Filters }) {
  return (
    <FilterForm action={`/projects/${projectId}/traffic`} label="Filter traffic" submit="Filter">
      <DayRangeFields idPrefix="traffic" from={filters.from} to={filters.to} />
      <Field label="Model" htmlFor="traffic-model">
        <Input id="traffic-model" name="model" defaultValue={filters.model} />
      </Field>
      <Field label="App version" htmlFor="traffic-version">
        <Input id="traffic-version" name="appVersion" defaultValue={filters.appVersion} />
      </Field>
      <Field label="Segment" htmlFor="traffic-segment">
        <Input id="traffic-segment" name="segment" defaultValue={filters.segment} />
      </Field>
    </FilterForm>
  );
}
