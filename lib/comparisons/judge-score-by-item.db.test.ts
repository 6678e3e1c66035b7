import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createEvalProject } from "./test/fixture";

// "JudgeScoreByItem" is written only by triggers (and the foreign key's
// cascade). After every kind of write it must equal a from-scratch join of
// JudgeScore with Output.

type Row = { scoreId: string; judgeId: string; runId: string; criterionId: string; itemId: string; turn: number; outputId: string; value: number | null; category: string | null; createdAt: Date };

const columns = `"judgeId", "runId", "criterionId", "itemId", turn, "outputId", value, category, "createdAt"`;

async function stored(): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(`SELECT "scoreId", ${columns} FROM "JudgeScoreByItem" ORDER BY "scoreId"`);
}

async function recomputed(): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(`
    SELECT s.id AS "scoreId", s."judgeId", o."runId", s."criterionId", o."itemId", o.turn, s."outputId", s.value, s.category, s."createdAt"
    FROM "JudgeScore" s JOIN "Output" o ON o.id = s."outputId" ORDER BY s.id`);
}

async function expectInSync() {
  const [actual, expected] = await Promise.all([stored(), recomputed()]);
  expect(actual).toEqual(expected);
  return actual;
}

let f: Awaited<ReturnType<typeof createEvalProject>>;

beforeAll(async () => {
  f = await createEvalProject({ items: [{ externalId: "q1" }, { externalId: "q2" }, { externalId: "q3" }], runs: ["base", "cand", "third"] });
});

describe("JudgeScoreByItem", () => {
  it("follows inserts, one by one and in bulk", async () => {
    await f.judgeScore("base", "q1", "helpfulness", 4);
    await f.judgeScore("cand", "q1", "correctness", "Correct");
    await db.judgeScore.createMany({
      data: ["q1", "q2", "q3"].flatMap((q) => ["base", "cand", "third"].map((run) => ({ judgeId: f.judge.id, outputId: f.runs[run]!.outputs[q]!, criterionId: f.criteria.safe, value: 1 }))),
    });
    const rows = await expectInSync();
    expect(rows).toHaveLength(11);
    expect(rows.find((row) => row.category === "Correct")).toMatchObject({ runId: f.runs.cand!.id, itemId: f.items[0]!.id, turn: 0 });
  });

  it("follows the update half of an upsert and plain updates", async () => {
    const outputId = f.runs.base!.outputs.q2!;
    await db.$executeRaw`
      INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value) VALUES
        ('upsert-new', ${f.judge.id}, ${outputId}, ${f.criteria.helpfulness}, 2),
        ('upsert-old', ${f.judge.id}, ${outputId}, ${f.criteria.safe}, 0)
      ON CONFLICT ("judgeId", "outputId", "criterionId") DO UPDATE SET value = EXCLUDED.value`;
    await db.judgeScore.updateMany({ where: { criterionId: f.criteria.helpfulness }, data: { value: 5 } });
    const rows = await expectInSync();
    expect(rows.filter((row) => row.outputId === outputId).map((row) => row.value).sort()).toEqual([0, 5]);
    // A score moved to another output (and so another run) and a changed id.
    const moved = await db.judgeScore.findFirstOrThrow({ where: { outputId: f.runs.third!.outputs.q3!, criterionId: f.criteria.safe } });
    await db.judgeScore.update({ where: { id: moved.id }, data: { id: "renamed", outputId: f.runs.cand!.outputs.q3!, criterionId: f.criteria.helpfulness, value: 3 } });
    expect((await expectInSync()).find((row) => row.scoreId === "renamed")).toMatchObject({ runId: f.runs.cand!.id, value: 3 });
  });

  it("follows an output moved to another item or turn", async () => {
    const outputId = f.runs.third!.outputs.q1!;
    await db.output.update({ where: { id: outputId }, data: { turn: 2 } });
    expect((await expectInSync()).find((row) => row.outputId === outputId)).toMatchObject({ turn: 2 });
    // Content-only updates (the import's upsert of an existing output) leave it alone.
    await db.output.updateMany({ where: { runId: f.runs.base!.id }, data: { content: "re-imported" } });
    await expectInSync();
  });

  it("follows deletes: a score, then by cascade an output, a judge's scores and a run", async () => {
    await db.judgeScore.delete({ where: { id: "renamed" } });
    await expectInSync();
    await db.output.delete({ where: { id: f.runs.cand!.outputs.q2! } });
    await expectInSync();
    await db.run.delete({ where: { id: f.runs.third!.id } });
    const other = await db.judge.create({ data: { projectId: f.project.id, name: "other", model: "m" } });
    await f.judgeScore("base", "q3", "helpfulness", 1, other.id);
    await expectInSync();
    await db.judge.delete({ where: { id: other.id } });
    const rows = await expectInSync();
    expect(rows.some((row) => row.runId === f.runs.third!.id || row.judgeId === other.id)).toBe(false);
  });
});
