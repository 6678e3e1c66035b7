import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { parseJudgeAnswer } from "./answer";
import { createDefinition, saveVersion } from "./definitions";
import { planJudgeCalls } from "./plan";
import { assignSplit } from "./split";
import { DEFAULT_TEMPLATES } from "./template";
import { agree, createJudgeWorld, labelOutput, type JudgeWorld } from "./test-fixtures";

async function definition(world: JudgeWorld, mode: "POINTWISE" | "PAIRWISE", criterionKey: string, name = `${mode}-${criterionKey}`) {
  return createDefinition({ projectId: world.project.id, name, mode, rubricId: world.rubricId, criterionKey, connectionId: world.connection.id }, world.members.LEAD.id);
}

const scopeOf = (world: JudgeWorld, runs: number[], itemIds?: string[]) => ({
  datasetVersionId: world.version.id,
  runIds: runs.map((i) => world.runs[i]!.id),
  ...(itemIds ? { itemIds } : {}),
  purpose: "dataset" as const,
});

const userText = (spec: { messages: { role: string; content: string }[] }) => spec.messages.find((m) => m.role === "user")!.content;

describe("planning a pointwise judge run", () => {
  it("plans one call per output with merged params, the answer schema and the output in the prompt", async () => {
    const world = await createJudgeWorld({ items: 4 });
    const { definitionId } = await definition(world, "POINTWISE", "helpful");
    const { judgeId } = await saveVersion(
      { projectId: world.project.id, definitionId, connectionId: world.connection.id, template: DEFAULT_TEMPLATES.POINTWISE, params: { maxTokens: 800 }, fewShotK: 0, bothOrders: true, swapAverage: false, changeNote: "longer answers" },
      world.members.LEAD.id,
    );
    const specs = await planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0, 1]) });
    expect(specs).toHaveLength(8);
    expect(new Set(specs.map((s) => s.key)).size).toBe(8);
    const first = specs.find((s) => s.target.kind === "pointwise" && s.target.outputId === world.outputOf(0, 2).id)!;
    expect(first.target).toEqual({ kind: "pointwise", outputId: world.outputOf(0, 2).id, criterionId: world.criteria.helpful });
    expect(first.params).toEqual({ temperature: 0, maxTokens: 800 });
    expect(first.answerSchema?.schema).toMatchObject({ properties: { score: { type: "integer", minimum: 1, maximum: 5 } } });
    expect(userText(first)).toContain("## Output\n<output>\nr1 says item-2\n</output>");
    expect(userText(first)).toContain("Question 2?");
    expect(userText(first)).toContain("Answer 2.");
    expect(first.messages[0]!.role).toBe("system");
    // What the demo model would answer in the schema is read back.
    expect(parseJudgeAnswer({ id: "c", key: "helpful", name: "Helpful", description: "", kind: "LIKERT", config: { min: 1, max: 5 } }, "POINTWISE", "AB", '{"reasoning":"ok","score":4}')).toMatchObject({ value: 4 });
  });

  it("limits the plan to the scope's items and leaves out the answer schema when the connection has no structured output", async () => {
    const world = await createJudgeWorld({ items: 4 });
    await db.llmConnection.update({ where: { id: world.connection.id }, data: { structuredOutput: false } });
    const { judgeId } = await definition(world, "POINTWISE", "fact");
    const specs = await planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0, 1, 2], [world.items[1]!.id]) });
    expect(specs.map((s) => (s.target.kind === "pointwise" ? s.target.outputId : null)).sort()).toEqual([world.outputOf(0, 1).id, world.outputOf(1, 1).id, world.outputOf(2, 1).id].sort());
    expect(specs.every((s) => s.answerSchema === undefined)).toBe(true);
  });

  it("scores with the latest rubric version that has the key", async () => {
    const world = await createJudgeWorld({ items: 2 });
    const { judgeId } = await definition(world, "POINTWISE", "helpful");
    const v2 = await db.rubricVersion.create({ data: { rubricId: world.rubricId, version: 2 } });
    const newer = await db.criterion.create({ data: { rubricVersionId: v2.id, key: "helpful", name: "Helpful (10)", kind: "LIKERT", position: 0, config: { min: 1, max: 10 } } });
    const specs = await planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0]) });
    expect(specs.every((s) => s.target.criterionId === newer.id)).toBe(true);
    expect(specs[0]!.answerSchema?.schema).toMatchObject({ properties: { score: { maximum: 10 } } });
  });

  it("refuses imported judges and runs of another dataset version", async () => {
    const world = await createJudgeWorld({ items: 2 });
    const imported = await db.judge.create({ data: { projectId: world.project.id, name: "gpt-judge", model: "gpt", promptVersion: "v1" } });
    await expect(planJudgeCalls(db, { judgeId: imported.id, scope: scopeOf(world, [0]) })).rejects.toThrow(/imported/);
    const { judgeId } = await definition(world, "POINTWISE", "helpful");
    await expect(planJudgeCalls(db, { judgeId, scope: { ...scopeOf(world, [0]), runIds: ["nope"] } })).rejects.toThrow(/Run nope/);
  });
});

describe("planning a pairwise judge run", () => {
  it("plans every pair of runs per item in both shown orders, canonical A the smaller output id", async () => {
    const world = await createJudgeWorld({ items: 2 });
    const { judgeId } = await definition(world, "PAIRWISE", "pref");
    const specs = await planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0, 1, 2]) });
    expect(specs).toHaveLength(2 * 3 * 2);
    for (const spec of specs) {
      if (spec.target.kind !== "pairwise") throw new Error("pairwise expected");
      const { outputAId, outputBId, shownOrder } = spec.target;
      expect(outputAId < outputBId).toBe(true);
      const [a, b] = [world.outputs.find((o) => o.id === outputAId)!, world.outputs.find((o) => o.id === outputBId)!];
      const text = userText(spec);
      const [first, second] = shownOrder === "AB" ? [a, b] : [b, a];
      expect(text).toContain(`## Output A\n<output_a>\n${first.content}\n</output_a>`);
      expect(text).toContain(`## Output B\n<output_b>\n${second.content}\n</output_b>`);
    }
    expect(specs[0]!.answerSchema?.schema).toMatchObject({ properties: { verdict: { enum: ["first", "second", "tie", "both_bad"] } } });
  });

  it("plans one order per pair when both orders are off, and refuses fewer than two runs", async () => {
    const world = await createJudgeWorld({ items: 3 });
    const { definitionId } = await definition(world, "PAIRWISE", "pref");
    const { judgeId } = await saveVersion(
      { projectId: world.project.id, definitionId, connectionId: world.connection.id, template: DEFAULT_TEMPLATES.PAIRWISE, params: {}, fewShotK: 0, bothOrders: false, swapAverage: false, changeNote: "" },
      world.members.ADMIN.id,
    );
    const specs = await planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0, 1]) });
    expect(specs).toHaveLength(3);
    await expect(planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0]) })).rejects.toThrow(/at least two/);
  });
});

describe("few-shot examples in a plan", () => {
  it("shows pool examples with the experts' answer and rationale, never the judged item itself", async () => {
    const world = await createJudgeWorld({ items: 6 });
    for (let i = 0; i < 6; i++) {
      await agree(world, "helpful", [world.outputOf(0, i).id], { value: i % 2 === 0 ? 5 : 2 }, `lead note ${i}`);
      await labelOutput(world, world.members.REVIEWER.id, "helpful", world.outputOf(0, i).id, { value: i % 2 === 0 ? 5 : 2 }, `reviewer says ${i}`);
    }
    await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful", poolShare: 0.5 });
    const pool = await db.calibrationSplit.findMany({ where: { rubricId: world.rubricId, split: "POOL" }, select: { itemId: true } });
    expect(pool.length).toBeGreaterThanOrEqual(2);
    const { definitionId } = await definition(world, "POINTWISE", "helpful");
    const { judgeId } = await saveVersion(
      { projectId: world.project.id, definitionId, connectionId: world.connection.id, template: DEFAULT_TEMPLATES.POINTWISE, params: {}, fewShotK: 1, bothOrders: true, swapAverage: false, changeNote: "one example" },
      world.members.LEAD.id,
    );
    const specs = await planJudgeCalls(db, { judgeId, scope: scopeOf(world, [0]) });
    const poolIndexes = pool.map((row) => world.items.findIndex((item) => item.id === row.itemId));
    for (const spec of specs) {
      const text = userText(spec);
      expect(text).toContain("## Examples judged by experts");
      const shown = poolIndexes.filter((i) => text.includes(`lead note ${i}`));
      expect(shown).toHaveLength(1);
      const judgedIndex = world.items.findIndex((item) => spec.target.kind === "pointwise" && world.outputOf(0, world.items.indexOf(item)).id === spec.target.outputId);
      expect(shown).not.toContain(judgedIndex);
      expect(text).toContain(`reviewer says ${shown[0]}`);
      expect(text).toMatch(/The experts' answer: \{"reasoning":"[^"]*","score":[25]\}/);
    }
  });
});
