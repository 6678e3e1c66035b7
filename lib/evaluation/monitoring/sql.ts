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

/** A spot-checked sample: judge and expert values on the figure's scale, and its design weight 1/π. */
export type SpotCheckUnitRow = { bucket: Date; segment: string | null; yhat: number; y: number; w: number };

/**
 * The rule's spot-checked samples one by one (they are few: the rollup counts
 * them but cannot weigh them), with the weight 1/π of the spot check that drew
 * each: the inclusion probability its task recorded in a traffic draw from
 * this rule (the largest, when several draws took it: its chance of being
 * drawn at least once is no smaller), or 1 where none recorded one, as
 * calibrated estimates do. Read from the experts' judgments of the criterion
 * (the primary key's prefix), so the cost follows the labels, not the traffic;
 * the same scores and consensus as the rollup (failed calls are not values).
 */
export function spotCheckUnitsSql(rule: MonitoredRule, range: Range, bucketing: Bucketing): Prisma.Sql {
  return Prisma.sql`
WITH draws AS (
  SELECT id FROM "ReviewSetup"
  WHERE "projectId" = ${rule.projectId} AND selection->>'strategy' = 'traffic' AND selection->>'ruleId' = ${rule.id}
),
units AS (
  SELECT date_trunc('hour', s."occurredAt") AS hour, s.segment, js.value, lower(js.category) AS category, h.consensus[1] AS human,
    1 / COALESCE((SELECT max(t."inclusionProbability") FROM "ReviewTask" t WHERE t."setupId" IN (SELECT id FROM draws) AND t."itemId" = s."itemId"), 1) AS w
  FROM "HumanJudgment" h
  JOIN "TrafficSample" s ON s."outputId" = h."targetKey" AND s."ruleId" = ${rule.id}
  JOIN "JudgeScore" js ON js."outputId" = s."outputId" AND js."judgeId" = ${rule.judgeId} AND js."criterionId" = ANY(${rule.group.criterionIds}::text[]) AND js.error IS NULL
  WHERE h."projectId" = ${rule.projectId} AND h."criterionKey" = ${rule.group.key} AND h.consensus[1] IS NOT NULL
    AND date_trunc('hour', s."occurredAt") >= ${at(range.from)} AND date_trunc('hour', s."occurredAt") < ${at(range.to)} ${segmentFilter(range.segment)}
)
SELECT * FROM (
  SELECT ${bucketOf(bucketing, range.from)} AS bucket, segment,
    ${figureValue(rule.group, "value", "category")} AS yhat,
    ${figureValue(rule.group, humanValueOf("human"), "lower(human)")} AS y,
    w
  FROM units
) u
WHERE yhat IS NOT NULL AND y IS NOT NULL`;
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
