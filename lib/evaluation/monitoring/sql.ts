import { Prisma } from "@/lib/generated/prisma/client";
import { figureValue, humanValueOf } from "@/lib/estimates/sql";
import type { MonitoredRule } from "./rule-criterion";

// The SQL behind monitoring, on the hourly rollups that database triggers keep
// exact (migration 20261205080100_monitor_rollups): "MonitorRollup" counts a
// rule's judged samples per hour, segment, failure, the judge's raw answer and
// the experts' consensus; "TrafficVolume" counts traffic per hour and segment.
// The figure's scale is applied here, by the estimates' own figureValue (the
// value for scored kinds, else pass → 1 / fail → 0), so only counts per
// distinct (bucket, segment, failed, ŷ, y) reach JavaScript. Buckets are whole
// UTC hours, days or weeks; drift windows start on whole hours.

export const BUCKETS = ["hour", "day", "week"] as const;
export type BucketSize = (typeof BUCKETS)[number];

/** Buckets of a fixed size, or two windows: everything before `recentFrom` (a whole hour) is the baseline. */
export type Bucketing = { size: BucketSize } | { recentFrom: Date };

export type JudgedCountRow = { bucket: Date; segment: string | null; failed: boolean; yhat: number | null; y: number | null; n: number };
export type VolumeRow = { bucket: Date; segment: string | null; n: number };

type Range = { from: Date; to: Date; segment?: string | null };

// Times go as ISO text: the columns are timestamps without time zone holding UTC.
const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

function bucketOf(bucketing: Bucketing, from: Date): Prisma.Sql {
  if ("size" in bucketing) return Prisma.sql`date_trunc(${bucketing.size}::text, hour)`;
  return Prisma.sql`CASE WHEN hour >= ${at(bucketing.recentFrom)} THEN ${at(bucketing.recentFrom)} ELSE ${at(from)} END`;
}

const segmentFilter = (segment: string | null | undefined) =>
  segment === undefined ? Prisma.empty : segment === null ? Prisma.sql`AND segment IS NULL` : Prisma.sql`AND segment = ${segment}`;

/** Judged samples of one rule, counted per bucket, segment, failure, judge value and expert value. */
export function judgedCountsSql(rule: MonitoredRule, range: Range, bucketing: Bucketing): Prisma.Sql {
  return Prisma.sql`
SELECT ${bucketOf(bucketing, range.from)} AS bucket, segment, failed,
  ${figureValue(rule.group, "value", "category")} AS yhat,
  ${figureValue(rule.group, humanValueOf("human"), "lower(human)")} AS y,
  sum(n)::int AS n
FROM "MonitorRollup"
WHERE "ruleId" = ${rule.id} AND hour >= ${at(range.from)} AND hour < ${at(range.to)} ${segmentFilter(range.segment)}
GROUP BY 1, 2, 3, 4, 5
HAVING sum(n) > 0`;
}

/** Production answers received per bucket and segment (all traffic, sampled or not). */
export function volumeSql(projectId: string, range: Range, bucketing: Bucketing): Prisma.Sql {
  return Prisma.sql`
SELECT ${bucketOf(bucketing, range.from)} AS bucket, segment, sum(n)::int AS n
FROM "TrafficVolume"
WHERE "projectId" = ${projectId} AND hour >= ${at(range.from)} AND hour < ${at(range.to)} ${segmentFilter(range.segment)}
GROUP BY 1, 2
HAVING sum(n) > 0`;
}

/** Segments with judged samples of the rule in the range. */
export function segmentsSql(ruleId: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
SELECT DISTINCT segment FROM "MonitorRollup"
WHERE "ruleId" = ${ruleId} AND hour >= ${at(from)} AND hour < ${at(to)} AND segment IS NOT NULL AND n > 0
ORDER BY 1`;
}
