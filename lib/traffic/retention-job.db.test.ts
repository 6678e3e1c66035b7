import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { ingestTraffic } from "./ingest";
import { DAY_MS, listTrafficPartitions, partitionName, startOfUtcDay } from "./partitions";
import { closeTrafficPools, trafficPool } from "./pool";
import type { RetentionReport } from "./retention";
import { startTrafficRetentionJob, TRAFFIC_RETENTION_CRON, TRAFFIC_RETENTION_QUEUE } from "./retention-job";
import { rowFromInput, trafficRowSchema } from "./schemas";

// The retention job as the worker runs it: a pg-boss schedule in the database
// and a job sent at start, taken by the worker's handler, which drops old
// days, deletes the evaluation samples of dropped and expired rows, and
// creates the days ahead.

afterAll(async () => {
  await closeTrafficPools();
});

const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS);

async function projectWithRule(retentionDays: number) {
  const { project } = await createProjectWithMembers(["ADMIN"]);
  await db.trafficSettings.create({ data: { projectId: project.id, retentionDays } });
  const judge = await db.judge.create({ data: { projectId: project.id, name: "online", model: "demo" } });
  // Rate 1: every stored row is drawn, so each row has one sample.
  const rule = await db.evaluationRule.create({ data: { projectId: project.id, judgeId: judge.id, name: "all", samplingRate: 1 } });
  return { projectId: project.id, ruleId: rule.id };
}

async function storeAt(projectId: string, callerId: string, time: Date) {
  const row = rowFromInput(trafficRowSchema.parse({ id: callerId, timestamp: time.toISOString(), answer: "x" }));
  // `now` set to the row's own time: the row was fresh when it arrived.
  await ingestTraffic(projectId, [row], "api", { now: time });
}

async function sampledCallers(ruleId: string) {
  const samples = await db.trafficSample.findMany({ where: { ruleId }, select: { eventId: true } });
  if (!samples.length) return [];
  const { rows } = await trafficPool().query<{ callerId: string }>(`SELECT "callerId" FROM "TrafficEvent" WHERE id = ANY ($1::uuid[]) ORDER BY "callerId"`, [
    samples.map((s) => s.eventId),
  ]);
  // Every sample must still point at a stored row.
  expect(rows).toHaveLength(samples.length);
  return rows.map((r) => r.callerId);
}

describe("the traffic retention job in the worker", () => {
  it("is scheduled hourly in pg-boss, runs at start, and removes expired days, rows and samples", async () => {
    const short = await projectWithRule(5);
    const long = await projectWithRule(40);
    await storeAt(long.projectId, "long-45", at(45));
    await storeAt(long.projectId, "long-20", at(20));
    await storeAt(short.projectId, "short-20", at(20));
    await storeAt(short.projectId, "short-3", at(3));
    expect(await db.trafficSample.count()).toBe(4);
    const oldDay = partitionName(startOfUtcDay(at(45)));

    const reports: RetentionReport[] = [];
    const job = await startTrafficRetentionJob(process.env.DATABASE_URL!, { log: () => undefined, onReport: (report) => reports.push(report) });
    try {
      for (let waited = 0; !reports.length && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await job.stop();
    }

    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ran: true, droppedPartitions: [oldDay], deletedRows: 1, deletedSamples: 2 });
    const names = (await listTrafficPartitions(trafficPool())).map((p) => p.name);
    expect(names).not.toContain(oldDay);
    expect(names).toContain(partitionName(startOfUtcDay(new Date(Date.now() + DAY_MS))));
    expect(await sampledCallers(long.ruleId)).toEqual(["long-20"]);
    expect(await sampledCallers(short.ruleId)).toEqual(["short-3"]);

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT name, cron, timezone FROM pgboss.schedule WHERE name = $1`, [TRAFFIC_RETENTION_QUEUE]);
      expect(rows).toEqual([{ name: TRAFFIC_RETENTION_QUEUE, cron: TRAFFIC_RETENTION_CRON, timezone: "UTC" }]);
    } finally {
      await client.end();
    }
  });
});
