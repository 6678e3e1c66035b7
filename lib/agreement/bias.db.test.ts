import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import { loadBiasPanel } from "./bias";

// The bias panel of a pointwise judge, worked out by hand. Three items, three
// runs per item: "self" (family fam-a, 10 characters), "long" (fam-b, 30) and
// "mid" (fam-b, 20). The judge scores by length (self 2, mid 3, long 4), so it
// prefers the longer answer in all 9 pairs. People prefer the shorter answer
// on q1 and q2 (self 5, mid 4, long 3) and tie on q3 (all 3).
//   verbosity, on the pairs both decided (q3's three human ties leave 6):
//              judge 6/6 for the longer answer = 1; humans 0/6 = 0; difference 1, n = 6 pairs.
//   self-preference (fam-a): the 6 pairs with exactly one fam-a side.
//              judge wins 0/6; humans win 4/4 decisive; delta −1, n = 6 + 4.

let f: Awaited<ReturnType<typeof createEvalProject>>;

beforeAll(async () => {
  f = await createEvalProject({ items: [{ externalId: "q1" }, { externalId: "q2" }, { externalId: "q3" }], runs: ["self", "long", "mid"] });
  const shape = { self: { family: "fam-a", length: 10, judge: 2 }, long: { family: "fam-b", length: 30, judge: 4 }, mid: { family: "fam-b", length: 20, judge: 3 } };
  const human: Record<string, Record<keyof typeof shape, number>> = { q1: { self: 5, mid: 4, long: 3 }, q2: { self: 5, mid: 4, long: 3 }, q3: { self: 3, mid: 3, long: 3 } };
  for (const [run, { family, length, judge }] of Object.entries(shape) as [keyof typeof shape, (typeof shape)["self"]][]) {
    await db.run.update({ where: { id: f.runs[run]!.id }, data: { modelFamily: family } });
    await db.output.updateMany({ where: { runId: f.runs[run]!.id }, data: { content: "x".repeat(length) } });
    for (const item of ["q1", "q2", "q3"]) {
      await f.judgeScore(run, item, "helpfulness", judge);
      await f.label(run, item, "helpfulness", human[item]![run]);
    }
  }
});

describe("bias panel of a pointwise judge", () => {
  it("compares its taste for length and for its own family with people's, on every two outputs of an item", async () => {
    const panel = await loadBiasPanel(f.project.id, { id: f.judge.id, kind: "POINTWISE", modelFamily: "fam-a" });
    expect(panel.position).toEqual({ n: 0, reason: "a pointwise judge sees one answer at a time" });
    expect(panel.verbosity.judge).toMatchObject({ value: 1, n: 6 });
    expect(panel.verbosity.humans).toMatchObject({ value: 0, n: 6 });
    expect(panel.verbosity.difference).toMatchObject({ value: 1, n: 6 });
    expect(panel.selfPreference).toMatchObject({ value: -1, n: 10, family: "fam-a" });
    expect(panel.selfPreference.judgeWinRate).toMatchObject({ value: 0, n: 6 });
    expect(panel.selfPreference.humanWinRate).toMatchObject({ value: 1, n: 4 });
  });

  it("says why there is no self-preference figure for a family no run has", async () => {
    const panel = await loadBiasPanel(f.project.id, { id: f.judge.id, kind: "POINTWISE", modelFamily: "fam-z" });
    expect(panel.selfPreference).toMatchObject({ value: null, family: "fam-z" });
    expect(panel.selfPreference.reason).toContain('"fam-z"');
  });
});
