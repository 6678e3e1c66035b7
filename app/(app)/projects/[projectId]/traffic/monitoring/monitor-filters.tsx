import { ChoiceField, DayRangeFields, FilterForm } from "@/components/ui/filter-form";

type Filters = { rule: string; segment?: string; bucket: string; from: string; to: string };

const BUCKETS = [
  { value: "hour", label: "Hour" },
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
];

/** A plain GET form: the view lives in the URL, so it can be shared. */
export function MonitorFilters({ projectId, rules, segments, filters }: { projectId: string; rules: { id: string; label: string }[]; segments: string[]; filters: Filters }) {
  return (
    <FilterForm action={`/projects/${projectId}/traffic/monitoring`} label="Choose what to monitor" submit="Show">
      <ChoiceField id="monitor-rule" name="rule" label="Rule (criterion)" value={filters.rule} choices={rules.map((rule) => ({ value: rule.id, label: rule.label }))} />
      <ChoiceField id="monitor-segment" name="segment" label="Segment" value={filters.segment} anyLabel="All traffic" choices={segments.map((segment) => ({ value: segment, label: segment }))} />
      <ChoiceField id="monitor-bucket" name="bucket" label="Bucket" value={filters.bucket} choices={BUCKETS} />
      <DayRangeFields idPrefix="monitor" from={filters.from} to={filters.to} />
    </FilterForm>
  );
}
