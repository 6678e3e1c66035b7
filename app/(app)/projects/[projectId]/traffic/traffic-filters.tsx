import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { TrafficFilters as Filters } from "@/lib/traffic/queries";

/** A plain GET form: the filters live in the URL, so a filtered view can be shared. */
export function TrafficFilters({ projectId, filters }: { projectId: string; filters: Filters }) {
  return (
    <form method="get" action={`/projects/${projectId}/traffic`} className="flex flex-wrap items-end gap-3" aria-label="Filter traffic">
      <Field label="From (UTC day)" htmlFor="traffic-from">
        <Input id="traffic-from" name="from" type="date" defaultValue={filters.from} />
      </Field>
      <Field label="To (UTC day)" htmlFor="traffic-to">
        <Input id="traffic-to" name="to" type="date" defaultValue={filters.to} />
      </Field>
      <Field label="Model" htmlFor="traffic-model">
        <Input id="traffic-model" name="model" defaultValue={filters.model} />
      </Field>
      <Field label="App version" htmlFor="traffic-version">
        <Input id="traffic-version" name="appVersion" defaultValue={filters.appVersion} />
      </Field>
      <Field label="Segment" htmlFor="traffic-segment">
        <Input id="traffic-segment" name="segment" defaultValue={filters.segment} />
      </Field>
      <Button type="submit" variant="secondary">
        Filter
      </Button>
    </form>
  );
}
