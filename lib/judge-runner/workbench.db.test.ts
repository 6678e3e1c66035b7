import { afterAll, describe, expect, it, vi } from "vitest";
import { loadAgreementReport } from "@/lib/agreement/report";
import { db } from "@/lib/db/client";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { createDefinition, saveVersion } from "./definitions";
import { assignSplit, heldOutItemIds } from "./split";
import { DEFAULT_TEMPLATES } from "./template";
import { agree, createJudgeWorld, type JudgeWorld } from "./test-fixtures";
import { loadWorkbench } from "./workbench";

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; isInstanceAdmin: boolean } }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { tryOnHeldOut, promoteJudgeVersion } = await import("./actions");

afterAll(() => closeSharedPools("judge-runner"));

const truth = (i: number) => (i % 2 === 0 ? 5 : 2);

/** 12 items whose run-1 outputs carry the experts' ground truth, split 30 / 70, and a pointwise judge with two versions. */
async function calibrated() {
  const world = await createJudgeWorld({ items: 12 });
  for (let i = 0; i < 12; i++) await agree(world, "helpful", [world.outputOf(0, i).id], { value: truth(i) }, `expert note ${i}`);
  await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "helpful" });
  const heldOut = new Set(await heldOutItemIds(db, world.rubricId, "helpful"));
  const { definitionId, judgeId: v1 } = await createDefinition(
    { projectId: world.project.id, name: "Helpfulness", mode: "POINTWISE", rubricId: world.rubricId, criterionKey: "helpful", connectionId: world.connection.id },
    world.members.LEAD.id,
  );
  const { judgeId: v2 } = await saveVersion(
    { projectId: world.project.id, definitionId, connectionId: world.connection.id, template: DEFAULT_TEMPLATES.POINTWISE, params: {}, fewShotK: 2, bothOrders: true, swapAverage: false, changeNote: "two examples" },
    world.members.LEAD.id,
  );
  return { world, heldOut, definitionId, v1, v2 };
}

/** Scores as a finished run would have stored them: right or wrong against the ground truth, per item. */
async function score(world: JudgeWorld, judgeId: string, right: (i: number) => boolean) {
  await db.judgeScore.createMany({
    data: world.items.map((_, i) => ({
      judgeId,
      outputId: world.outputOf(0, i).id,
      criterionId: world.criteria.helpful!,
      value: right(i) ? truth(i) : truth(i) === 5 ? 1 : 4,
      rationale: `judge thinks ${i}`,
    })),
  });
}

describe("the alignment workbench", () => {
  it("reports each version on the held-out items only, with the change between them and the disagreements", async () => {
    const { world, heldOut, definitionId, v1, v2 } = await calibrated();
    const held = world.items.map((item, i) => ({ i, held: heldOut.has(item.id) }));
    const heldIdx = held.filter((h) => h.held).map((h) => h.i);
    expect(heldIdx.length).toBeGreaterThanOrEqual(6);
    // v1 is wrong on every pool item and right on every held-out one; v2 misses three held-out items.
    await score(world, v1, (i) => heldOut.has(world.items[i]!.id));
    const missed = new Set(heldIdx.slice(0, 3));
    await score(world, v2, (i) => !missed.has(i));

    const bench = await loadWorkbench(world.project.id, definitionId);
    expect(bench.heldOut).toBe(heldIdx.length);
    expect(bench.current.judgeId).toBe(v2);
    expect(bench.compare?.judgeId).toBe(v1);
    expect(bench.compare!.report!.overall.figures.n).toBe(heldIdx.length);
    expect(bench.compare!.report!.overall.figures.exact.value).toBe(1);
    expect(bench.current.report!.overall.figures.exact.value).toBeCloseTo((heldIdx.length - 3) / heldIdx.length, 12);
    // The dashboards, over every item, see v1's pool mistakes: the workbench's filter is what keeps them out.
    const everywhere = await loadAgreementReport(world.project.id, { judgeId: v1, criterionKey: "helpful", slices: false });
    expect(everywhere.rows[0]!.overall.figures.n).toBe(12);
    expect(everywhere.rows[0]!.overall.figures.exact.value).toBeCloseTo(heldIdx.length / 12, 12);

    const { exact, headline, mae } = bench.changes!;
    expect(exact!.value).toBeCloseTo(-3 / heldIdx.length, 12);
    expect(exact!.n).toBe(heldIdx.length);
    expect(exact!.upper!).toBeLessThanOrEqual(0);
    // Every figure with a paired change gets one: both versions scored the same units, so it is the difference of their figures.
    const figures = (v: typeof bench.current) => v.report!.overall.figures;
    expect(headline!.value).toBeCloseTo(bench.current.headline!.value! - bench.compare!.headline!.value!, 12);
    expect(headline!.value!).toBeLessThan(0);
    expect(headline!.lower!).toBeLessThanOrEqual(headline!.value!);
    expect(mae!.value).toBeCloseTo(figures(bench.current).mae!.value! - figures(bench.compare!).mae!.value!, 12);
    expect(mae!.value!).toBeGreaterThan(0);
    expect(mae!.excludesZero).toBe(mae!.lower! > 0);

    expect(bench.disagreements.map((d) => d.externalId).sort()).toEqual([...missed].map((i) => `item-${i}`).sort());
    const first = bench.disagreements.find((d) => d.externalId === `item-${heldIdx[0]}`)!;
    expect(first).toMatchObject({
      judge: String(truth(heldIdx[0]!) === 5 ? 1 : 4),
      expert: String(truth(heldIdx[0]!)),
      judgeReasoning: [`judge thinks ${heldIdx[0]}`],
      expertRationales: [`expert note ${heldIdx[0]}`],
      input: `Question ${heldIdx[0]}?`,
      outputs: [`r1 says item-${heldIdx[0]}`],
    });
  });

  it("says there is not enough data rather than a number before any held-out score", async () => {
    const { world, definitionId } = await calibrated();
    const bench = await loadWorkbench(world.project.id, definitionId);
    expect(bench.current.report!.overall.figures.n).toBe(0);
    expect(bench.current.headline!.value).toBeNull();
    expect(bench.changes!.exact).toMatchObject({ value: null, reason: "no unit scored by both versions" });
    expect(bench.changes!.headline).toMatchObject({ value: null, reason: "no unit scored by both versions" });
    expect(bench.disagreements).toEqual([]);
  });

  it("tries a version on the held-out units only, and promotes one onto the reviewed data", async () => {
    const { world, heldOut, definitionId, v2 } = await calibrated();
    await world.setup({ runIds: [world.runs[0]!.id, world.runs[1]!.id] });
    session.user = { ...world.members.LEAD, isInstanceAdmin: false };
    const tried = await tryOnHeldOut({ projectId: world.project.id, definitionId, judgeId: v2 });
    if (!tried.ok) throw new Error(tried.error.message);
    const run = await db.judgeRun.findUniqueOrThrow({ where: { id: tried.data.runIds[0]! } });
    expect(run.scope).toMatchObject({ purpose: "heldout", datasetVersionId: world.version.id, runIds: [world.runs[0]!.id], itemIds: [...heldOut].sort() });
    // The experts judged run 1's outputs: one call per held-out item.
    expect(run.total).toBe(heldOut.size);
    expect(tried.data.calls).toBe(heldOut.size);
    const bench = await loadWorkbench(world.project.id, definitionId);
    expect(bench.current.run).toMatchObject({ id: run.id, status: "QUEUED", total: heldOut.size });

    const promoted = await promoteJudgeVersion({ projectId: world.project.id, definitionId, judgeId: v2 });
    if (!promoted.ok) throw new Error(promoted.error.message);
    expect((await db.judgeDefinition.findUniqueOrThrow({ where: { id: definitionId } })).promotedJudgeId).toBe(v2);
    expect(promoted.data.calls).toBe(2 * 12);
    const promoteRun = await db.judgeRun.findUniqueOrThrow({ where: { id: promoted.data.runIds[0]! } });
    expect(promoteRun.scope).toMatchObject({ purpose: "promote", runIds: [world.runs[0]!.id, world.runs[1]!.id].sort() });
    expect(await db.auditEvent.count({ where: { action: "judgeDefinition.promote", targetId: v2 } })).toBe(1);

    session.user = { ...world.members.REVIEWER, isInstanceAdmin: false };
    expect(await promoteJudgeVersion({ projectId: world.project.id, definitionId, judgeId: v2 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });
});

describe("the workbench for a pairwise judge", () => {
  it("reports position consistency and agreement on held-out pairs only, verdicts combined over both orders", async () => {
    const world = await createJudgeWorld({ items: 10 });
    const pairOf = (i: number) => [world.outputOf(0, i).id, world.outputOf(1, i).id].sort() as [string, string];
    for (let i = 0; i < 10; i++) await agree(world, "pref", pairOf(i), { category: "A" });
    await assignSplit(db, { projectId: world.project.id, rubricId: world.rubricId, criterionKey: "pref" });
    const heldOut = new Set(await heldOutItemIds(db, world.rubricId, "pref"));
    const { definitionId, judgeId } = await createDefinition(
      { projectId: world.project.id, name: "Preference", mode: "PAIRWISE", rubricId: world.rubricId, criterionKey: "pref", connectionId: world.connection.id },
      world.members.LEAD.id,
    );
    // Every pair in both orders: the first held-out pair flips with the order (position-driven), the rest say A both times.
    const flipped = world.items.findIndex((item) => heldOut.has(item.id));
    const rows = world.items.flatMap((item, i) => {
      const [a, b] = pairOf(i);
      return (["AB", "BA"] as const).map((shownOrder) => ({
        judgeId,
        criterionId: world.criteria.pref!,
        itemId: item.id,
        outputAId: a,
        outputBId: b,
        shownOrder,
        verdict: i === flipped ? (shownOrder === "AB" ? ("A" as const) : ("B" as const)) : ("A" as const),
        rationale: `order ${shownOrder}`,
      }));
    });
    await db.pairwiseJudgeScore.createMany({ data: rows });

    const bench = await loadWorkbench(world.project.id, definitionId);
    expect(bench.current.position).toMatchObject({ criterionKey: "pref", validPairs: heldOut.size });
    expect(bench.current.position!.inconsistencyRate.value).toBeCloseTo(1 / heldOut.size, 12);
    // The flipped pair combines to a tie, which the experts (A) disagree with.
    expect(bench.current.report!.overall.figures.n).toBe(heldOut.size);
    expect(bench.current.report!.overall.figures.exact.value).toBeCloseTo((heldOut.size - 1) / heldOut.size, 12);
    expect(bench.disagreements).toHaveLength(1);
    expect(bench.disagreements[0]).toMatchObject({ itemId: world.items[flipped]!.id, judge: "TIE", expert: "A", judgeReasoning: expect.arrayContaining(["Shown AB: order AB", "Shown BA: order BA"]) });
    expect(bench.disagreements[0]!.outputs).toHaveLength(2);

    // A second version that no longer flips: its position figures change on the same pairs, with a paired interval.
    const { judgeId: v2 } = await saveVersion(
      { projectId: world.project.id, definitionId, connectionId: world.connection.id, template: DEFAULT_TEMPLATES.PAIRWISE, params: {}, fewShotK: 0, bothOrders: true, swapAverage: false, changeNote: "steady" },
      world.members.LEAD.id,
    );
    await db.pairwiseJudgeScore.createMany({ data: rows.map((row) => ({ ...row, judgeId: v2, verdict: "A" as const })) });
    const next = await loadWorkbench(world.project.id, definitionId);
    expect(next.current.judgeId).toBe(v2);
    expect(next.compare!.judgeId).toBe(judgeId);
    const changes = next.changes!;
    expect(changes.inconsistencyRate).toMatchObject({ n: heldOut.size });
    expect(changes.inconsistencyRate!.value).toBeCloseTo(-1 / heldOut.size, 12);
    // The flipped pair chose the output shown first both times: that preference goes too.
    expect(changes.firstPositionPreference!.value).toBeCloseTo(-1 / heldOut.size, 12);
    expect(changes.exact!.value).toBeCloseTo(1 / heldOut.size, 12);
    expect(changes.inconsistencyRate!.lower!).toBeLessThanOrEqual(changes.inconsistencyRate!.value!);
  });
});
