import type pg from "pg";
import { DAY_MS, dropTrafficPartition, ensureTrafficPartitions, listTrafficPartitions, startOfUtcDay } from "./partitions";
import { DEFAULT_RETENTION_DAYS } from "./schemas";

// The traffic retention job, run hourly by the worker process (pg-boss
// schedule, retention-job.ts). Partitions hold every project's rows of one
// day, so:
//   - the next days' partitions are created ahead, so ingest rarely has to;
//   - each project's evaluation samples ("TrafficSample", no foreign key to
//     the partitioned table) older than its retention are deleted first, so
//     none outlives its traffic row (dropped days are older than every
//     project's retention, so this covers them too);
//   - a day older than the LONGEST retention of any project is dropped whole
//     (DROP TABLE: no row-by-row delete, no vacuum debt);
//   - each project's rows older than its own, shorter retention are deleted
//     from the days still kept (the primary key starts with projectId and
//     occurredAt, so that is an index range per day).
// A session advisory lock keeps it to one runner at a time; each step
// commits on its own so no lock on the table is held for the whole run.

export const DAYS_AHEAD = 7;
const LOCK_KEY = "touchstone:traffic-retention";

export type RetentionReport = { ran: boolean; created: number; droppedPartitions: string[]; deletedRows: number; deletedSamples: number };

export async function runTrafficRetention(pool: pg.Pool, now: Date = new Date()): Promise<RetentionReport> {
  const client = await pool.connect();
  try {
    const { rows: lock } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [LOCK_KEY]);
    if (!lock[0]!.locked) return { ran: false, created: 0, droppedPartitions: [], deletedRows: 0, deletedSamples: 0 };
    try {
      return await retain(client, now);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function retain(client: pg.PoolClient, now: Date): Promise<RetentionReport> {
  const today = startOfUtcDay(now);
  const before = new Set((await listTrafficPartitions(client)).map((p) => p.name));
  await ensureTrafficPartitions(client, Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => new Date(today.getTime() + i * DAY_MS)));
  const partitions = await listTrafficPartitions(client);
  const created = partitions.filter((p) => !before.has(p.name)).length;

  const { rows: projects } = await client.query<{ id: string; days: number }>(
    `SELECT p.id, coalesce(s."retentionDays", $1::int) AS days FROM "Project" p LEFT JOIN "TrafficSettings" s ON s."projectId" = p.id`,
    [DEFAULT_RETENTION_DAYS],
  );
  let deletedSamples = 0;
  for (const project of projects) {
    // Through the rules' (ruleId, occurredAt) index: samples have no index by project.
    const result = await client.query(
      `DELETE FROM "TrafficSample" WHERE "ruleId" IN (SELECT id FROM "EvaluationRule" WHERE "projectId" = $1) AND "occurredAt" < $2`,
      [project.id, cutoffOf(project.days, now).toISOString()],
    );
    deletedSamples += result.rowCount ?? 0;
  }

  const longest = Math.max(1, ...projects.map((p) => p.days));
  const keepFrom = now.getTime() - longest * DAY_MS;
  const droppedPartitions: string[] = [];
  for (const partition of partitions) {
    if (partition.day.getTime() + DAY_MS > keepFrom) break;
    await dropTrafficPartition(client, partition.name);
    droppedPartitions.push(partition.name);
  }

  let deletedRows = 0;
  for (const project of projects) {
    const result = await client.query(`DELETE FROM "TrafficEvent" WHERE "projectId" = $1 AND "occurredAt" < $2`, [project.id, cutoffOf(project.days, now).toISOString()]);
    deletedRows += result.rowCount ?? 0;
  }
  return { ran: true, created, droppedPartitions, deletedRows, deletedSamples };
}

const cutoffOf = (days: number, now: Date) => new Date(now.getTime() - days * DAY_MS);
