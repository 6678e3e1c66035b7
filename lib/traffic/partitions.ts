import type pg from "pg";

// "TrafficEvent" is partitioned by UTC day of "occurredAt". Partitions are
// created ahead of time by the retention job (runTrafficRetention) and on
// demand at ingest for any other day a batch needs; retention drops whole
// days. The names carry the day, so listing them needs no bound parsing.

export type Queryable = Pick<pg.ClientBase, "query">;

export const DAY_MS = 86_400_000;
const PREFIX = "TrafficEvent_p";

export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

export function partitionName(day: Date): string {
  return PREFIX + day.toISOString().slice(0, 10).replaceAll("-", "");
}

function dayOfPartition(name: string): Date | null {
  const match = /^TrafficEvent_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00.000Z`) : null;
}

// Partitions this server knows exist, so a batch for today costs no catalogue
// query. A partition dropped by another server stays here until an insert
// into it fails, which forgets the cache (see ingest.ts).
const known = new Set<string>();

export function forgetKnownPartitions() {
  known.clear();
}

/** Creates the day partitions holding `dates` that do not exist yet. */
export async function ensureTrafficPartitions(client: Queryable, dates: Iterable<Date>) {
  // Distinct days first: a batch's thousand rows usually fall on one or two.
  const dayNumbers = new Set<number>();
  for (const date of dates) dayNumbers.add(Math.floor(date.getTime() / DAY_MS));
  const days = new Map<string, Date>();
  for (const dayNumber of dayNumbers) {
    const day = new Date(dayNumber * DAY_MS);
    const name = partitionName(day);
    if (!known.has(name)) days.set(name, day);
  }
  for (const [name, day] of days) {
    const next = new Date(day.getTime() + DAY_MS);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "TrafficEvent" FOR VALUES FROM ('${day.toISOString()}') TO ('${next.toISOString()}')`,
      );
    } catch (error) {
      // Two servers creating the same day at once: the loser's IF NOT EXISTS
      // can still collide in the catalogue; the partition exists either way.
      const code = (error as { code?: string }).code;
      if (code !== "42P07" && code !== "23505") throw error;
    }
    known.add(name);
  }
}

/** Every day partition, oldest first. */
export async function listTrafficPartitions(client: Queryable): Promise<{ name: string; day: Date }[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"TrafficEvent"'::regclass`,
  );
  return rows
    .flatMap(({ name }) => {
      const day = dayOfPartition(name);
      return day ? [{ name, day }] : [];
    })
    .sort((a, b) => a.day.getTime() - b.day.getTime());
}

export async function dropTrafficPartition(client: Queryable, name: string) {
  await client.query(`DROP TABLE IF EXISTS "${name}"`);
  known.delete(name);
}
