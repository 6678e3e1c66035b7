import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { allocationDraw } from "./allocation";
import { candidateItems, extendReviewSetup } from "./setup";
import { createReviewWorld } from "./test-fixtures";

// Allocation-mode setups: what the judges say about each item sets its chance
// of being drawn, the chance is stored on the task, and a seed fixes the draw.

const S = 1 / Math.sqrt(2); // a slice with one expert-labelled item: 1/√(1 + 1)

/**
 * Twelve items (tags: i % 3 = 0 billing, 1 sync, 2 none). The LIKERT "helpful"
 * judge (threshold 3 on 1–5) scores items 0–3 at 3 (on the threshold: +1) and
 * 5–11 at 5 (half the scale away: +0); its call on item 4 failed (+1); the
 * pairwise judge flips with the order on item 5 (+1) and holds on item 6 (+0).
 * One expert label on item 7 makes "sync" a slice with one labelled item
 * (S instead of 1 for items 1, 4, 7, 10).
 */
async function judgedWorld() {
  const world = await createReviewWorld({ items: 12 });
  const [r1, r2] = world.runs;
  const judge = await db.judge.create({ data: { projectId: world.project.id, name: "j", model: "m" } });
  const outputs = await db.output.findMany({ where: { runId: { in: [r1!.id, r2!.id] } }, select: { id: true, runId: true, item: { select: { id: true, position: true } } } });
  const of = (runId: string, position: number) => outputs.find((o) => o.runId === runId && o.item.position === position)!;
  for (let position = 0; position < 12; position++) {
    const output = of(r1!.id, position);
    await db.judgeScore.create({
      data: position === 4 ? { judgeId: judge.id, outputId: output.id, criterionId: world.criteria.helpful!, error: "timeout" } : { judgeId: judge.id, outputId: output.id, criterionId: world.criteria.helpful!, value: position < 4 ? 3 : 5 },
    });
  }
  for (const [position, flips] of [[5, true], [6, false]] as const) {
    const [a, b] = [of(r1!.id, position), of(r2!.id, position)].sort((x, y) => (x.id < y.id ? -1 : 1));
    const common = { judgeId: judge.id, criterionId: world.criteria.pref!, itemId: a!.item.id, outputAId: a!.id, outputBId: b!.id };
    await db.pairwiseJudgeScore.create({ data: { ...common, shownOrder: "AB", verdict: "A" } });
    await db.pairwiseJudgeScore.create({ data: { ...common, shownOrder: "BA", verdict: flips ? "B" : "A" } });
  }
  const labelled = of(r1!.id, 7);
  await db.label.create({
    data: {
      clientId: "allocation-test-label",
      reviewerId: world.members.REVIEWER.id,
      rubricVersionId: world.rubricVersion.id,
      source: "IMPORT",
      values: { create: [{ criterionId: world.criteria.helpful!, targetKey: labelled.id, outputId: labelled.id, value: 4 }] },
    },
  });
  return world;
}

/** Uncertainty by position, worked out by hand from the world above. */
const UNCERTAINTY = [2, 1 + S, 2, 2, 1 + S, 2, 1, S, 1, 1, S, 1];

describe("allocation setups", () => {
  it("draws each item with a probability ∝ its uncertainty, floored, summing to n, and stores it on the task", async () => {
    const world = await judgedWorld();
    const runIds = [world.runs[0]!.id, world.runs[1]!.id];
    const selection = { strategy: "allocation" as const, tags: [], n: 6, seed: 7 };
    const draw = await allocationDraw(db, { datasetVersionId: world.version.id, runIds, rubricVersionId: world.rubricVersion.id }, candidateItems(world.version.id, runIds, selection), { n: 6, seed: 7, floorShare: 0.1 });

    // p_i = 6·u_i / Σu (no item reaches 1, none falls to the floor 0.1·6/12 = 0.05).
    const total = UNCERTAINTY.reduce((a, b) => a + b, 0);
    const positions = new Map(world.items.map((item, position) => [item.id, position]));
    expect(draw).toHaveLength(12);
    for (const item of draw) {
      const position = positions.get(item.id)!;
      expect(item.uncertainty).toBeCloseTo(UNCERTAINTY[position]!, 12);
      expect(item.probability).toBeCloseTo((6 * UNCERTAINTY[position]!) / total, 12);
      expect(item.probability).toBeGreaterThanOrEqual(0.05);
    }
    expect(draw.reduce((sum, item) => sum + item.probability, 0)).toBeCloseTo(6, 12);

    const { setupId, taskCount } = await world.setup({ selection });
    const tasks = await db.reviewTask.findMany({ where: { setupId }, select: { itemId: true, inclusionProbability: true } });
    const drawn = draw.filter((item) => item.drawn);
    expect(taskCount).toBe(drawn.length);
    expect(tasks.map((t) => t.itemId).sort()).toEqual(drawn.map((d) => d.id).sort());
    for (const task of tasks) expect(task.inclusionProbability).toBeCloseTo(draw.find((d) => d.id === task.itemId)!.probability, 12);
  });

  it("the same seed draws the same items; other strategies record no probability", async () => {
    const world = await judgedWorld();
    const tasksOf = async (setupId: string) =>
      (await db.reviewTask.findMany({ where: { setupId }, select: { itemId: true, inclusionProbability: true }, orderBy: { itemId: "asc" } })).map((t) => `${t.itemId}:${t.inclusionProbability}`);
    const first = await world.setup({ selection: { strategy: "allocation", tags: [], n: 6, seed: 11 } });
    const again = await world.setup({ selection: { strategy: "allocation", tags: [], n: 6, seed: 11 } });
    expect(await tasksOf(again.setupId)).toEqual(await tasksOf(first.setupId));

    const seeds = await Promise.all([12, 13, 14, 15].map(async (seed) => (await tasksOf((await world.setup({ selection: { strategy: "allocation", tags: [], n: 6, seed } })).setupId)).join()));
    expect(new Set([...seeds, (await tasksOf(first.setupId)).join()]).size).toBeGreaterThan(1);

    const uniform = await world.setup({ selection: { strategy: "random", tags: [], n: 4, seed: 1 } });
    expect(await db.reviewTask.count({ where: { setupId: uniform.setupId, inclusionProbability: { not: null } } })).toBe(0);
  });

  it("a high floor keeps every item's chance near uniform; an allocation draw cannot extend a setup", async () => {
    const world = await judgedWorld();
    const runIds = [world.runs[0]!.id, world.runs[1]!.id];
    const selection = { strategy: "allocation" as const, tags: [], n: 3, seed: 1 };
    const draw = await allocationDraw(db, { datasetVersionId: world.version.id, runIds, rubricVersionId: world.rubricVersion.id }, candidateItems(world.version.id, runIds, selection), { n: 3, seed: 1, floorShare: 0.9 });
    // Floor 0.9·3/12 = 0.225: the least sure items (u = S) would get 3·S/Σu ≈ 0.126 and are lifted to it.
    expect(Math.min(...draw.map((d) => d.probability))).toBeCloseTo(0.225, 12);
    expect(draw.reduce((sum, d) => sum + d.probability, 0)).toBeCloseTo(3, 12);

    const { setupId } = await world.setup({ selection: { strategy: "all", tags: [], seed: 1 } });
    await expect(extendReviewSetup(world.project.id, setupId, selection, world.members.ADMIN.id)).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
