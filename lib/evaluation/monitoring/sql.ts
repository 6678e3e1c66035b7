import { Prisma } from "@/lib/generated/prisma/client";
import { figureValue, humanCategory, humanValue } from "@/lib/estimates/sql";
import type { MonitoredRule } from "./rule-criterion";

// The SQL behind monitoring. A rule's samples are read by (rule, occurredAt)
// (index TrafficSample_ruleId_occurredAt_idx); the judge's score on each
// sample's output and the experts' consensus on it (HumanJudgment, the one
// consensus rule) are put on the figure's scale by the estimates' own
// figureValue (value for scored kinds, else pass → 1 / fail → 0). Only counts
// per distinct (bucket, segment, failed, ŷ, y) reach JavaScript: judges answer
// on a few levels, so a month of hourly buckets is a few thousand rows.
// Traffic volume is a count over "TrafficEvent" bounded by "occurredAt", so
// PostgreSQL reads only the day partitions asked for.

export const BUCKETS = ["hour", "day", "week"] as const;
export type BucketSize = (typeof BUCKETS)[number];

/** Buckets of a fixed size, or two windows: everything before `recentFrom` is the baseline. */
export type Bucketing = { size: BucketSize } | { recentFrom: Date };

export type JudgedCountRow = { bucket: Date; segment: string | null; failed: boolean; yhat: number | null; y: number | null; n: number };
export type VolumeRow = { bucket: Date; segment: string | null; n: number };

type Range = { from: Date; to: Date; segment?: string | null };

function bucketOf(bucketing: Bucketing, column: string, from: Date): Prisma.Sql {
  if ("size" in bucketing) return Prisma.sql`date_trunc(${bucketing.size}::text, ${Prisma.raw(column)})`;
  return Prisma.sql`CASE WHEN ${Prisma.raw(column)} >= ${bucketing.recentFrom.toISOString()}::timestamp THEN ${bucketing.recentFrom.toISOString()}::timestamp ELSE ${from.toISOString()}::timestamp END`;
}

// Times go as ISO text: "occurredAt" is a timestamp without time zone holding UTC.
const segmentFilter = (column: string, segment: string | null | undefined) =>
  segment === undefined ? Prisma.empty : segment === null ? Prisma.sql`AND ${Prisma.raw(column)} IS NULL` : Prisma.sql`AND ${Prisma.raw(column)} = ${segment}`;

/** Judged samples of one rule, counted per bucket, segment, failure, judge value and expert value. */
export function judgedCountsSql(rule: MonitoredRule, range: Range, bucketing: Bucketing): Prisma.Sql {
  const { group } = rule;
  return Prisma.sql`
WITH s AS (
  SELECT ${bucketOf(bucketing, 's."occurredAt"', range.from)} AS bucket, s.segment, s."outputId"
  FROM "TrafficSample" s
  WHERE s."ruleId" = ${rule.id} AND s."occurredAt" >= ${range.from.toISOString()}::timestamp AND s."occurredAt" < ${range.to.toISOString()}::timestamp
    AND s.status = 'SCORED' AND s."outputId" IS NOT NULL ${segmentFilter("s.segment", range.segment)}
)
SELECT s.bucket, s.segment, (js.error IS NOT NULL) AS failed,
  ${figureValue(group, "js.value", "lower(js.category)")} AS yhat,
  ${figureValue(group, humanValue, humanCategory)} AS y,
  count(*)::int AS n
FROM s
JOIN "JudgeScore" js ON js."outputId" = s."outputId" AND js."judgeId" = ${rule.judgeId} AND js."criterionId" = ANY(${group.criterionIds}::text[])
LEFT JOIN "HumanJudgment" h ON h."projectId" = ${rule.projectId} AND h."criterionKey" = ${group.key} AND h."targetKey" = s."outputId"
GROUP BY 1, 2, 3, 4, 5`;
}

/** Production answers received per bucket and segment (all traffic, sampled or not). */
export function volumeSql(projectId: string, range: Range, bucketing: Bucketing): Prisma.Sql {
  return Prisma.sql`
SELECT ${bucketOf(bucketing, '"occurredAt"', range.from)} AS bucket, segment, count(*)::int AS n
FROM "TrafficEvent"
WHERE "projectId" = ${projectId} AND "occurredAt" >= ${range.from.toISOString()}::timestamp AND "occurredAt" < ${range.to.toISOString()}::timestamp
  ${segmentFilter("segment", range.segment)}
GROUP BY 1, 2`;
}
