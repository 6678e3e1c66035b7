import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { chooseExamples, examplesFor, renderExamples, roundRobin } from "./examples";
import { assignSplit, heldOutItemIds, moveToPool, seededUnit } from "./split";
import { agree, createJudgeWorld, type JudgeWorld } from "./test-fixtures";

const splitOf = async (world: JudgeWorld, key = "helpful") =>
  new Map((await db.calibrationSplit.findMany({ where: { rubricId: world.rubricId, criterionKey: key } })).map((row) => [row.itemId, row]));

describe("the calibration split", () => {
  it("splits items with a consensus once, by stratum, and keeps everyone's side as items gain consensus", async () => {
    const world = await createJudgeWorld({ items: 12 });
    // Items 0–9 get a consensus (5 × level 5, 5 × level 2); 10 and 11 have none yet.
    for (let i = 0; i < 10; i++) await agree(world, "helpful", [world.outputOf(0, i).id], { value: i < 5 ? 5 : 2 });
    const first = await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful", poolShare: 0.4 });
    expect(first.added).toBe(10);
    expect(first.pool + first.heldout).toBe(10);
    for (const stratum of first.strata) {
      // 5 × 0.4 = 2 exactly: stochastic rounding cannot move a whole number.
      expect(stratum).toMatchObject({ pool: 2, heldout: 3 });
    }
    const before = await splitOf(world);
    expect(before.get(world.items[0]!.id)!.stratum).toBe("5");

    expect((await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful", poolShare: 0.4 })).added).toBe(0);
    await agree(world, "helpful", [world.outputOf(0, 10).id], { value: 5 });
    await agree(world, "helpful", [world.outputOf(0, 11).id], { value: 5 });
    const later = await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful", poolShare: 0.4 });
    expect(later.added).toBe(2);
    const after = await splitOf(world);
    for (const [itemId, row] of before) expect(after.get(itemId)!.split).toBe(row.split);
    // 7 items at 0.4 → floor(2.8 + offset): 2 or 3 in the pool, never fewer than before.
    const fives = later.strata.find((s) => s.stratum === "5")!;
    expect(fives.pool).toBe(Math.floor(7 * 0.4 + seededUnit("helpful", "stratum", "5")));
  });

  it("is deterministic: the same consensus gives the same split in another project", async () => {
    const sides = async () => {
      const world = await createJudgeWorld({ items: 8 });
      for (let i = 0; i < 8; i++) await agree(world, "helpful", [world.outputOf(1, i).id], { value: (i % 3) + 1 });
      await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful" });
      const split = await splitOf(world);
      // Item ids differ between worlds, so compare the counts per stratum and the rule per item.
      return [...split.values()].map((row) => ({ stratum: row.stratum, side: row.split, u: seededUnit("helpful", row.itemId) }));
    };
    const [one, two] = [await sides(), await sides()];
    const counts = (rows: typeof one) => rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [`${row.stratum}/${row.side}`]: (acc[`${row.stratum}/${row.side}`] ?? 0) + 1 }), {});
    expect(counts(one)).toEqual(counts(two));
    // Within a stratum the pool holds the lowest hashes.
    for (const stratum of new Set(one.map((row) => row.stratum))) {
      const rows = one.filter((row) => row.stratum === stratum);
      const maxPool = Math.max(-1, ...rows.filter((row) => row.side === "POOL").map((row) => row.u));
      const minHeld = Math.min(2, ...rows.filter((row) => row.side === "HELDOUT").map((row) => row.u));
      expect(maxPool).toBeLessThan(minHeld);
    }
  });

  it("moves a held-out item to the pool for a lead, and says how many held-out items remain", async () => {
    const world = await createJudgeWorld({ items: 6 });
    for (let i = 0; i < 6; i++) await agree(world, "helpful", [world.outputOf(0, i).id], { value: 4 });
    const summary = await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful", poolShare: 0.3 });
    const [held] = await heldOutItemIds(db, world.rubricId, "helpful");
    const moved = await moveToPool(db, { rubricId: world.rubricId, criterionKey: "helpful", itemId: held!, userId: world.members.LEAD.id });
    expect(moved.heldout).toBe(summary.heldout - 1);
    expect((await splitOf(world)).get(held!)).toMatchObject({ split: "POOL", movedById: world.members.LEAD.id });
    await expect(moveToPool(db, { rubricId: world.rubricId, criterionKey: "helpful", itemId: "nope", userId: world.members.LEAD.id })).rejects.toThrow(/not in the criterion's calibration split/);
  });

  it("puts pairs in the item's stratum by the pair's consensus verdict", async () => {
    const world = await createJudgeWorld({ items: 3 });
    await agree(world, "pref", [world.outputOf(0, 0).id, world.outputOf(1, 0).id], { category: "TIE" });
    await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "pref" });
    expect([...(await splitOf(world, "pref")).values()]).toEqual([expect.objectContaining({ itemId: world.items[0]!.id, stratum: "TIE" })]);
  });
});

describe("few-shot examples", () => {
  it("balances examples across labels by a round-robin over strata", () => {
    const rows = [
      ...["a1", "a2", "a3", "a4"].map((itemId) => ({ itemId, stratum: "1" })),
      ...["b1"].map((itemId) => ({ itemId, stratum: "2" })),
      ...["c1", "c2"].map((itemId) => ({ itemId, stratum: "3" })),
    ];
    const order = roundRobin(rows, "k");
    expect(order.slice(0, 3).map((id) => id[0])).toEqual(["a", "b", "c"]);
    expect(order.slice(3, 5).map((id) => id[0])).toEqual(["a", "c"]);
    expect(order).toHaveLength(7);
    expect(roundRobin([...rows].reverse(), "k")).toEqual(order);
  });

  it("never puts a held-out item in a prompt, whatever the split (random shares and labels)", async () => {
    const world = await createJudgeWorld({ items: 9 });
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 4; round++) {
      const key = round % 2 === 0 ? "helpful" : "fact";
      await db.groundTruth.deleteMany({ where: { projectId: world.project.id } });
      await db.calibrationSplit.deleteMany({ where: { rubricId: world.rubricId } });
      for (let i = 0; i < 9; i++) {
        if (random() < 0.2) continue;
        const run = Math.floor(random() * 3);
        if (key === "helpful") await agree(world, key, [world.outputOf(run, i).id], { value: 1 + Math.floor(random() * 5) }, `note-${i}-end`);
        else await agree(world, key, [world.outputOf(run, i).id], { category: ["correct", "incorrect", "not_attempted"][Math.floor(random() * 3)]! }, `note-${i}-end`);
      }
      await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: key, poolShare: random() });
      const held = new Set(await heldOutItemIds(db, world.rubricId, key));
      const examples = await chooseExamples(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: key, mode: "POINTWISE", count: 20 });
      const criterion = { id: "c", key, name: key, description: "", kind: key === "helpful" ? ("LIKERT" as const) : ("FACTUALITY" as const), config: { min: 1, max: 5 } };
      for (const judged of world.items) {
        const block = renderExamples(criterion, "POINTWISE", examplesFor(examples, judged.id, 20));
        world.items.forEach((item, i) => {
          if (held.has(item.id)) {
            expect(block).not.toContain(`Question ${i}?`);
            expect(block).not.toContain(`note-${i}-end`);
          }
        });
      }
      expect(examples.every((example) => !held.has(example.itemId))).toBe(true);
      const poolCount = await db.calibrationSplit.count({ where: { rubricId: world.rubricId, criterionKey: key, split: "POOL" } });
      expect(examples).toHaveLength(poolCount);
    }
  });
});
