import { db } from "@/lib/db/client";
import { bucketFigures, type BucketFigures } from "./figures";
import type { MonitoredRule } from "./rule-criterion";
import { judgedCountsSql, segmentsSql, spotCheckUnitsSql, volumeSql, type BucketSize, type JudgedCountRow, type SpotCheckUnitRow, type VolumeRow } from "./sql";

// A rule's figures over time for the monitoring page: per bucket the traffic
// volume, judged samples, error share, the judge's figure with its interval,
// and where experts spot-checked samples the PPI++ figure (each spot check
// weighted by 1/π of its draw) and the agreement.
// `segment` undefined = all traffic; null = traffic without a segment.

export type SeriesPoint = BucketFigures & { bucket: Date; volume: number };
export type SeriesOptions = { from: Date; to: Date; size: BucketSize; segment?: string | null };

export async function monitorSeries(rule: MonitoredRule, options: SeriesOptions): Promise<SeriesPoint[]> {
  const range = { from: options.from, to: options.to, segment: options.segment };
  const bucketing = { size: options.size };
  const [judged, spotChecks, volume] = await Promise.all([
    db.$queryRaw<JudgedCountRow[]>(judgedCountsSql(rule, range, bucketing)),
    db.$queryRaw<SpotCheckUnitRow[]>(spotCheckUnitsSql(rule, range, bucketing)),
    db.$queryRaw<VolumeRow[]>(volumeSql(rule.projectId, range, bucketing)),
  ]);
  const buckets = new Map<number, { rows: JudgedCountRow[]; spotChecks: SpotCheckUnitRow[]; volume: number }>();
  const at = (bucket: Date) => {
    const key = bucket.getTime();
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { rows: [], spotChecks: [], volume: 0 }));
    return entry;
  };
  for (const row of judged) at(row.bucket).rows.push(row);
  for (const unit of spotChecks) at(unit.bucket).spotChecks.push(unit);
  for (const row of volume) at(row.bucket).volume += row.n;
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, { rows, spotChecks, volume }]) => ({ bucket: new Date(time), volume, ...bucketFigures(rows, spotChecks) }));
}

/** Segments the rule judged samples from in the range, for the page's picker. */
export async function monitoredSegments(ruleId: string, from: Date, to: Date): Promise<string[]> {
  const rows = await db.$queryRaw<{ segment: string }[]>(segmentsSql(ruleId, from, to));
  return rows.map((row) => row.segment);
}
