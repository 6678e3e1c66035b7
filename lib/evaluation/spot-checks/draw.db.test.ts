import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { extendReviewSetup } from "@/lib/review/setup";
import { closeTrafficPools } from "@/lib/traffic/pool";
import { createSpotCheckSetup } from "./setup";
import { createOnlineJudge, ingestScoredTraffic, noonDaysAgo, type TrafficSpec } from "./test-traffic";

// A spot check draws a stratified random sample of a rule's judged production
// answers: n per (day, segment) stratum, n_h / N_h recorded per task, the same
// sample for the same seed, nothing outside the period or not yet judged.

let projectId: string;
let leadId: string;
let online: Awaited<ReturnType<typeof createOnlineJudge>>;

// Day 2 ago: 10 enterprise + 4 free; day 1 ago: 6 enterprise + 2 free; day 5 ago: 3 (outside the period).
const STRATA = [
  { daysAgo: 2, segment: "enterprise", count: 10 },
  { daysAgo: 2, segment: "free", count: 4 },
  { daysAgo: 1, segment: "enterprise", count: 6 },
  { daysAgo: 1, segment: "free", count: 2 },
  { daysAgo: 5, segment: "free", count: 3 },
];

function specs(): TrafficSpec[] {
  return STRATA.flatMap(({ daysAgo, segment, count }) =>
    Array.from({ length: count }, (_, index) => ({
      callerId: `d${daysAgo}-${segment}-${index}`,
      occurredAt: noonDaysAgo(daysAgo, index),
      segment,
      question: `Question ${index} from ${segment}?`,
      answer: `Answer ${index}.`,
    })),
  );
}

const period = { from: noonDaysAgo(3).toISOString().slice(0, 10), to: noonDaysAgo(0).toISOString().slice(0, 10) };

beforeAll(async () => {
  const fixture = await createProjectWithMembers(["ADMIN", "LEAD"]);
  projectId = fixture.project.id;
  leadId = fixture.members.LEAD.id;
  online = await createOnlineJudge(projectId);
  await ingestScoredTraffic(projectId, online, specs());
});

afterAll(async () => {
  await closeTrafficPools();
});

async function spotCheck(name: string, selection: { n: number; seed?: number; split?: "stratum" | "total"; period?: "range" | "day" | "week"; perSegment?: boolean; draw?: "stratified" | "allocation" }) {
  return createSpotCheckSetup(
    {
      projectId,
      name,
      rubricVersionId: online.rubricVersion.id,
      criterionKeys: [],
      overlap: 1,
      blindReview: true,
      showReference: false,
      selection: { ruleId: online.rule.id, ...period, period: "day", perSegment: true, split: "stratum", draw: "stratified", seed: 1, ...selection },
    },
    leadId,
  );
}

async function tasksByStratum(setupId: string) {
  const tasks = await db.reviewTask.findMany({ where: { setupId }, select: { itemId: true, inclusionProbability: true, item: { select: { metadata: true } } } });
  const strata = new Map<string, { count: number; probabilities: Set<number> }>();
  for (const task of tasks) {
    const metadata = task.item.metadata as { segment: string; traffic: { occurredAt: string } };
    const key = `${metadata.traffic.occurredAt.slice(0, 10)} ${metadata.segment}`;
    const stratum = strata.get(key) ?? { count: 0, probabilities: new Set<number>() };
    stratum.count++;
    stratum.probabilities.add(task.inclusionProbability!);
    strata.set(key, stratum);
  }
  return { tasks, strata };
}

const day = (daysAgo: number) => noonDaysAgo(daysAgo).toISOString().slice(0, 10);

describe("spot checks drawn from production traffic", () => {
  it("takes n per day and segment, records n_h / N_h, and leaves out other days", async () => {
    const { setupId, taskCount } = await spotCheck("per stratum", { n: 3 });
    // min(3, N_h) per stratum: 3 + 3 + 3 + 2.
    expect(taskCount).toBe(11);
    const { strata } = await tasksByStratum(setupId);
    expect(Object.fromEntries([...strata].map(([key, s]) => [key, { count: s.count, p: [...s.probabilities] }]))).toEqual({
      [`${day(2)} enterprise`]: { count: 3, p: [3 / 10] },
      [`${day(2)} free`]: { count: 3, p: [3 / 4] },
      [`${day(1)} enterprise`]: { count: 3, p: [3 / 6] },
      [`${day(1)} free`]: { count: 2, p: [1] },
    });
    const setup = await db.reviewSetup.findUniqueOrThrow({ where: { id: setupId } });
    expect(setup).toMatchObject({ mode: "SINGLE", blindReview: true });
    expect(setup.selection).toMatchObject({ strategy: "traffic", ruleId: online.rule.id, period: "day", perSegment: true, seed: 1 });
  });

  it("splits a total across strata in proportion to their size", async () => {
    const { setupId, taskCount } = await spotCheck("total split", { n: 11, split: "total" });
    expect(taskCount).toBe(11);
    // Sizes 10, 4, 6, 2 (in stratum order: day 2 enterprise, day 2 free, day 1 enterprise, day 1 free → sorted by key).
    const { strata } = await tasksByStratum(setupId);
    const counts = Object.fromEntries([...strata].map(([key, s]) => [key, s.count]));
    expect(counts).toEqual({ [`${day(1)} enterprise`]: 3, [`${day(1)} free`]: 1, [`${day(2)} enterprise`]: 5, [`${day(2)} free`]: 2 });
    for (const [key, stratum] of strata) {
      const size = { [`${day(1)} enterprise`]: 6, [`${day(1)} free`]: 2, [`${day(2)} enterprise`]: 10, [`${day(2)} free`]: 4 }[key]!;
      expect([...stratum.probabilities]).toEqual([stratum.count / size]);
    }
  });

  it("draws the same items for the same seed and others for another", async () => {
    const items = async (name: string, seed: number) => {
      const { setupId } = await spotCheck(name, { n: 4, period: "range", perSegment: false, seed });
      return (await db.reviewTask.findMany({ where: { setupId }, select: { itemId: true } })).map((t) => t.itemId).sort();
    };
    const first = await items("seed 7 a", 7);
    expect(first).toHaveLength(4);
    expect(await items("seed 7 b", 7)).toEqual(first);
    const others = await Promise.all([8, 9, 10].map((seed) => items(`seed ${seed}`, seed)));
    // Four of 22: three other seeds all drawing the same four has probability (1/7315)³.
    expect(others.some((drawn) => JSON.stringify(drawn) !== JSON.stringify(first))).toBe(true);
  });

  it("draws only judged samples, and refuses an empty period and an extension", async () => {
    const pending = await db.trafficSample.findFirstOrThrow({ where: { ruleId: online.rule.id, segment: "free", occurredAt: { gte: new Date(period.from) } }, orderBy: { occurredAt: "desc" } });
    await db.trafficSample.update({ where: { id: pending.id }, data: { status: "PENDING" } });
    const { setupId, taskCount } = await spotCheck("judged only", { n: 50, period: "range", perSegment: false });
    expect(taskCount).toBe(21);
    expect(await db.reviewTask.count({ where: { setupId, itemId: pending.itemId! } })).toBe(0);
    await db.trafficSample.update({ where: { id: pending.id }, data: { status: "SCORED" } });

    await expect(
      createSpotCheckSetup(
        { projectId, name: "empty", rubricVersionId: online.rubricVersion.id, criterionKeys: [], overlap: 1, blindReview: true, showReference: false, selection: { ruleId: online.rule.id, from: day(30), to: day(20), period: "range", perSegment: true, split: "stratum", draw: "stratified", n: 5, seed: 1 } },
        leadId,
      ),
    ).rejects.toThrow(/no judged production answers/);
    await expect(extendReviewSetup(projectId, setupId, { strategy: "traffic", tags: [], seed: 1, n: 2, ruleId: online.rule.id, ...period }, leadId)).rejects.toThrow(/cannot extend/);
  });

  it("offers the allocation mode over the same pool, with its own probabilities", async () => {
    const { setupId, taskCount } = await spotCheck("allocation", { n: 6, period: "range", perSegment: false, draw: "allocation" });
    expect(taskCount).toBeGreaterThan(0);
    const { tasks } = await tasksByStratum(setupId);
    for (const task of tasks) {
      expect(task.inclusionProbability).toBeGreaterThan(0);
      expect(task.inclusionProbability).toBeLessThanOrEqual(1);
      // Only the period's judged samples are candidates.
      expect((task.item.metadata as { traffic: { occurredAt: string } }).traffic.occurredAt >= period.from).toBe(true);
    }
  });
});
