import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { JUDGE_QUEUE } from "./queue";
import { runnerPool } from "./run-pool";
import { createJudgeRun, createJudgeRunFromSpecs } from "./runs";
import { DEFAULT_TEMPLATES } from "./template";
import { createJudgeWorld } from "./test-fixtures";

// Creating runs: planned by plan.ts, stored with their calls and queued as
// one pg-boss job per batch, all in one transaction; refused with plain words.

afterAll(() => closeSharedPools("judge-runner"));

async function worldWithVersion() {
  const world = await createJudgeWorld({ items: 5 });
  const definition = await db.judgeDefinition.create({
    data: { projectId: world.project.id, name: "Helpfulness judge", mode: "POINTWISE", rubricId: world.rubricId, criterionKey: "helpful" },
  });
  const judge = await db.judge.create({
    data: { projectId: world.project.id, name: "Helpfulness judge", model: "demo-judge", promptVersion: "v1", definitionId: definition.id, version: 1, connectionId: world.connection.id, template: DEFAULT_TEMPLATES.POINTWISE },
  });
  return { world, judge };
}

describe("createJudgeRun", () => {
  it("plans every output of the chosen runs, stores the calls in batches and queues one job per batch", async () => {
    const { world, judge } = await worldWithVersion();
    const scope = { datasetVersionId: world.version.id, runIds: world.runs.map((run) => run.id), purpose: "dataset" as const };
    const run = await createJudgeRun({ projectId: world.project.id, judgeId: judge.id, scope, actor: { userId: world.members.LEAD.id } });
    const outputs = await db.output.count({ where: { runId: { in: scope.runIds } } });
    expect(run).toMatchObject({ status: "QUEUED", total: outputs, done: 0, costUsd: null, estimatedCostUsd: null });

    const stored = await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.estimatedInputTokens).toBeGreaterThan(outputs * 20);
    const calls = await db.judgeCall.findMany({ where: { runId: run.id }, select: { batch: true } });
    expect(calls).toHaveLength(outputs);
    // maxConcurrency 8 → batches of 20.
    expect(stored.batches).toBe(Math.ceil(outputs / 20));
    const { rows } = await runnerPool().query(`SELECT data FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`, [JUDGE_QUEUE, run.id]);
    expect(rows.map((row) => row.data.batch).sort((a, b) => a - b)).toEqual([...Array(stored.batches).keys()]);
    expect(await db.auditEvent.count({ where: { action: "judgeRun.start", targetId: run.id, actorId: world.members.LEAD.id } })).toBe(1);
  });

  it("refuses a judge of another project, and an imported judge, before planning anything", async () => {
    const { world, judge } = await worldWithVersion();
    const other = await createJudgeWorld({ items: 1 });
    const scope = { datasetVersionId: world.version.id, runIds: [world.runs[0]!.id], purpose: "dataset" as const };
    await expect(createJudgeRun({ projectId: other.project.id, judgeId: judge.id, scope, actor: {} })).rejects.toThrow(/does not exist in this project/);
    const imported = await db.judge.create({ data: { projectId: world.project.id, name: "Imported", model: "x" } });
    await expect(createJudgeRun({ projectId: world.project.id, judgeId: imported.id, scope, actor: {} })).rejects.toThrow(/has no LLM connection/);
    expect(await db.judgeRun.count({ where: { judgeId: { in: [judge.id, imported.id] } } })).toBe(0);
  });

  it("names the planned call that is malformed or repeated", async () => {
    const { world, judge } = await worldWithVersion();
    const scope = { datasetVersionId: world.version.id, runIds: [world.runs[0]!.id], purpose: "dataset" as const };
    const output = (await db.output.findFirstOrThrow({ where: { runId: world.runs[0]!.id } })).id;
    const spec = { key: "k1", target: { kind: "pointwise" as const, outputId: output, criterionId: world.criteria.helpful! }, messages: [{ role: "user" as const, content: "Rate it." }], params: {} };
    const create = (specs: unknown[]) => createJudgeRunFromSpecs({ projectId: world.project.id, judgeId: judge.id, scope, specs: specs as never, actor: {} });
    await expect(create([spec, { ...spec, messages: [] }])).rejects.toThrow(/Planned call 2 \(k1\): messages a call needs at least one message/);
    await expect(create([spec, spec])).rejects.toThrow(/Planned call 2: the key "k1" is used twice/);
    await expect(create([])).rejects.toThrow(/Nothing to judge/);
  });
});
