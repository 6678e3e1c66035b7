import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { DAY_MS, startOfUtcDay } from "@/lib/traffic/partitions";
import { createMonitorProject } from "./test/fixture";
import { rollupFromRows, rollupFromTriggers, volumeFromRows, volumeFromTriggers } from "./test/reference-rollup";

// The monitoring rollups are kept by triggers; whatever happens to scores,
// spot checks and traffic, they must equal the counts recomputed from the rows.

let f: Awaited<ReturnType<typeof createMonitorProject>>;
const day = startOfUtcDay(new Date(Date.now() - DAY_MS));
const at = (hours: number) => new Date(day.getTime() + hours * 3_600_000);

beforeAll(async () => {
  f = await createMonitorProject();
  await f.addSamples(
    Array.from({ length: 30 }, (_, i) => ({ at: at(i % 3), segment: i % 2 ? "billing" : "sync", judge: i % 7 === 0 ? ("error" as const) : i % 3 ? 1 : 0, ...(i < 12 ? { expert: i % 4 ? 1 : 0 } : {}) })),
    { at: at(1), count: 5 },
  );
});

afterAll(closeTrafficPools);

describe("monitoring rollups", () => {
  it("equal the raw counts after scores and spot checks land", async () => {
    expect((await rollupFromTriggers(f.project.id)).length).toBeGreaterThan(3);
    expect(await rollupFromTriggers(f.project.id)).toEqual(await rollupFromRows(f.project.id));
    expect(await volumeFromTriggers(f.project.id)).toEqual(await volumeFromRows(f.project.id));
  });

  it("follow a changed spot check, a re-scored sample, a deleted score and deleted traffic", async () => {
    const value = await db.labelValue.findFirstOrThrow({ where: { criterionId: f.criterion.id }, orderBy: { id: "asc" } });
    await db.labelValue.update({ where: { id: value.id }, data: { value: value.value === 1 ? 0 : 1 } });
    const scores = await db.judgeScore.findMany({ where: { judgeId: f.judge.id }, orderBy: { id: "asc" }, take: 2 });
    await db.judgeScore.update({ where: { id: scores[0]!.id }, data: { value: null, error: "rate limited" } });
    await db.judgeScore.delete({ where: { id: scores[1]!.id } });
    await db.$executeRaw`DELETE FROM "TrafficEvent" WHERE "projectId" = ${f.project.id} AND segment = 'other'`;
    expect(await rollupFromTriggers(f.project.id)).toEqual(await rollupFromRows(f.project.id));
    expect(await volumeFromTriggers(f.project.id)).toEqual(await volumeFromRows(f.project.id));
  });
});
