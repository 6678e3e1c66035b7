import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

type Filters = { rule: string; segment?: string; bucket: string; from: string; to: string };

/** A plain GET form: the view lives in the URL, so it can be shared. */
export function MonitorFilters({ projectId, rules, segments, filters }: { projectId: string; rules: { id: string; label: string }[]; segments: string[]; filters: Filters }) {
  return (
    <form method="get" action={`/projects/${projectId}/traffic/monitoring`} className="flex flex-wrap items-end gap-3" aria-label="Choose what to monitor">
      <Field label="Rule (criterion)" htmlFor="monitor-rule">
        <Select id="monitor-rule" name="rule" defaultValue={filters.rule}>
          {rules.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Segment" htmlFor="monitor-segment">
        <Select id="monitor-segment" name="segment" defaultValue={filters.segment ?? ""}>
          <option value="">All traffic</option>
          {segments.map((segment) => (
            <option key={segment} value={segment}>
              {segment}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Bucket" htmlFor="monitor-bucket">
        <Select id="monitor-bucket" name="bucket" defaultValue={filters.bucket}>
          <option value="hour">Hour</option>
          <option value="day">Day</option>
          <option value="week">Week</option>
        </Select>
      </Field>
      <Field label="From (UTC day)" htmlFor="monitor-from">
        <Input id="monitor-from" name="from" type="date" defaultValue={filters.from} />
      </Field>
      <Field label="To (UTC day)" htmlFor="monitor-to">
        <Input id="monitor-to" name="to" type="date" defaultValue={filters.to} />
      </Field>
      <Button type="submit" variant="secondary">
        Show
      </Button>
    </form>
  );
}
