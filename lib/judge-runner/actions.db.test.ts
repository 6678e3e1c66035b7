import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { DEFAULT_TEMPLATES } from "./template";
import { agree, createJudgeWorld, type JudgeWorld } from "./test-fixtures";

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; isInstanceAdmin: boolean } }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createJudgeDefinition, saveJudgeVersion, previewJudgePrompt, refreshCalibrationSplit, moveItemToPool } = await import("./actions");

const as = (world: JudgeWorld, role: "ADMIN" | "LEAD" | "REVIEWER") => (session.user = { ...world.members[role], isInstanceAdmin: false });

async function created(world: JudgeWorld, mode: "POINTWISE" | "PAIRWISE" = "POINTWISE", criterionKey = "helpful") {
  as(world, "LEAD");
  const result = await createJudgeDefinition({ projectId: world.project.id, name: `Judge ${mode}`, mode, rubricId: world.rubricId, criterionKey, connectionId: world.connection.id });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

const draft = (world: JudgeWorld, overrides: Record<string, unknown> = {}) => ({
  connectionId: world.connection.id,
  template: DEFAULT_TEMPLATES.POINTWISE,
  params: {},
  fewShotK: 0,
  bothOrders: true,
  swapAverage: false,
  changeNote: "",
  ...overrides,
});

describe("judge definitions", () => {
  it("creates a definition with version 1 that dashboards show like any judge, and audits it", async () => {
    const world = await createJudgeWorld({ items: 2 });
    const { definitionId, judgeId } = await created(world);
    const judge = await db.judge.findUniqueOrThrow({ where: { id: judgeId } });
    expect(judge).toMatchObject({ name: "Judge POINTWISE", promptVersion: "v1", version: 1, model: "demo-judge", definitionId, connectionId: world.connection.id, createdById: world.members.LEAD.id });
    expect(await db.auditEvent.findFirst({ where: { action: "judgeDefinition.create", targetId: definitionId } })).toMatchObject({ actorId: world.members.LEAD.id });
  });

  it("saves each edit as a new immutable version, numbered even when saves race", async () => {
    const world = await createJudgeWorld({ items: 2 });
    const { definitionId, judgeId } = await created(world);
    const saves = await Promise.all(
      ["a", "b", "c"].map((note) => saveJudgeVersion({ projectId: world.project.id, definitionId, ...draft(world, { changeNote: note, params: { temperature: 0.2 } }) })),
    );
    expect(saves.map((s) => (s.ok ? s.data.version : s.error.message)).sort()).toEqual([2, 3, 4]);
    const versions = await db.judge.findMany({ where: { definitionId }, orderBy: { version: "asc" }, select: { id: true, promptVersion: true, params: true, changeNote: true } });
    expect(versions.map((v) => v.promptVersion)).toEqual(["v1", "v2", "v3", "v4"]);
    expect(versions[0]).toMatchObject({ id: judgeId, params: {} });
    expect(versions[3]!.params).toEqual({ temperature: 0.2 });
    expect(await db.auditEvent.count({ where: { action: "judgeDefinition.version" } })).toBe(3);
  });

  it("refuses reviewers, unknown variables, a taken name and swap-averaging a pointwise judge, naming what is wrong", async () => {
    const world = await createJudgeWorld({ items: 2 });
    const { definitionId } = await created(world);
    as(world, "REVIEWER");
    expect(await saveJudgeVersion({ projectId: world.project.id, definitionId, ...draft(world) })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    as(world, "ADMIN");
    const unknown = await saveJudgeVersion({ projectId: world.project.id, definitionId, ...draft(world, { template: { system: "", user: "{{output}} {{persona}}" } }) });
    expect(unknown).toMatchObject({ ok: false, error: { code: "VALIDATION", message: expect.stringContaining("{{persona}}") } });
    const swap = await saveJudgeVersion({ projectId: world.project.id, definitionId, ...draft(world, { swapAverage: true }) });
    expect(swap).toMatchObject({ ok: false, error: { issues: [{ field: "swapAverage" }] } });
    const taken = await createJudgeDefinition({ projectId: world.project.id, name: "Judge POINTWISE", mode: "POINTWISE", rubricId: world.rubricId, criterionKey: "safe", connectionId: world.connection.id });
    expect(taken).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    const wrongKind = await createJudgeDefinition({ projectId: world.project.id, name: "Pairwise on likert", mode: "PAIRWISE", rubricId: world.rubricId, criterionKey: "helpful", connectionId: world.connection.id });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });
});

describe("the live preview", () => {
  it("renders an unsaved draft on a real item exactly as the planner would", async () => {
    const world = await createJudgeWorld({ items: 3 });
    const { definitionId } = await created(world, "PAIRWISE", "pref");
    const template = { system: "Be strict.", user: "Q: {{input}}\n1) {{output_a}}\n2) {{output_b}}\n{{answer_format}}" };
    const preview = await previewJudgePrompt({
      projectId: world.project.id,
      definitionId,
      draft: draft(world, { template, params: { seed: 7 } }),
      itemId: world.items[1]!.id,
      runIds: [world.runs[2]!.id, world.runs[0]!.id],
    });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.data.messages).toEqual([
      { role: "system", content: "Be strict." },
      { role: "user", content: expect.stringContaining("Q: Question 1?\n1) r3 says item-1\n2) r1 says item-1\nAnswer with a single JSON object") },
    ]);
    expect(preview.data.params).toEqual({ temperature: 0, maxTokens: 300, seed: 7 });
    expect(preview.data.answerSchema?.schema).toMatchObject({ properties: { verdict: { enum: ["first", "second", "tie", "both_bad"] } } });
    const oneRun = await previewJudgePrompt({ projectId: world.project.id, definitionId, draft: draft(world, { template }), itemId: world.items[1]!.id, runIds: [world.runs[0]!.id] });
    expect(oneRun).toMatchObject({ ok: false, error: { message: "Choose two runs to compare." } });
  });
});

describe("the split from the judges screen", () => {
  it("splits the criterion and moves an item to the pool with an audit event", async () => {
    const world = await createJudgeWorld({ items: 5 });
    const { definitionId } = await created(world);
    for (let i = 0; i < 5; i++) await agree(world, "helpful", [world.outputOf(0, i).id], { value: 3 });
    const split = await refreshCalibrationSplit({ projectId: world.project.id, definitionId });
    if (!split.ok) throw new Error(split.error.message);
    expect(split.data.pool + split.data.heldout).toBe(5);
    const held = await db.calibrationSplit.findFirstOrThrow({ where: { split: "HELDOUT", rubricId: world.rubricId } });
    const moved = await moveItemToPool({ projectId: world.project.id, definitionId, itemId: held.itemId });
    expect(moved).toEqual({ ok: true, data: { heldout: split.data.heldout - 1 } });
    expect(await db.auditEvent.findFirst({ where: { action: "calibrationSplit.moveToPool" } })).toMatchObject({ targetId: held.itemId, data: { heldoutLeft: split.data.heldout - 1 } });
  });
});
