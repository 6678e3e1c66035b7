import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { cohenKappa, kendallTauB, krippendorffAlpha, meanPairwiseAgreement, percentAgreement, spearman } from "@/lib/stats/agreement";
import { meanAbsoluteError, meanSignedDifference, median, withinOneAgreement } from "@/lib/stats/descriptive";
import { mtBenchAgreement } from "@/lib/stats/judge-bias";
import { loadAgreementReport } from "./report";

// The SQL aggregation must give exactly what lib/stats gives on the same rows,
// paired by hand here: consensus in JavaScript, statistics from lib/stats.

const HELP = [
  // [reviewer labels for 3 reviewers (null = not labelled), judge score]
  [[4, 4, 5], 5],
  [[2, 3, null], 3],
  [[1, 2, 2], 1],
  [[5, 5, 4], 5],
  [[3, 3, 3], 4],
  [[2, 2, 1], 2],
  [[4, 5, null], 4],
  [[1, 1, 2], 2],
] as const;
const SAFE = [[[1, 1, 0], 1], [[0, 0, 0], 0], [[1, 0, null], 1], [[1, 1, 1], 1], [[0, 1, 0], 1], [[1, 1, 1], 0], [[0, 0, 1], 0], [[1, 1, 1], 1]] as const;

async function scenario() {
  const { project } = await createProjectWithMembers(["LEAD"]);
  const reviewers = await Promise.all([0, 1, 2].map(() => createUser()));
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
  const runA = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run-a", model: "m" } });
  const runB = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run-b", model: "m" } });
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  // Two rubric versions: labels under both must be matched on the criterion key.
  const v1 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const v2 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 2 } });
  const crit = async (rubricVersionId: string) => ({
    help: await db.criterion.create({ data: { rubricVersionId, key: "help", name: "Help", kind: "LIKERT", position: 0, config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } } }),
    safe: await db.criterion.create({ data: { rubricVersionId, key: "safe", name: "Safe", kind: "BINARY", position: 1 } }),
    pref: await db.criterion.create({ data: { rubricVersionId, key: "pref", name: "Pref", kind: "PREFERENCE", position: 2 } }),
  });
  const c1 = await crit(v1.id);
  const c2 = await crit(v2.id);
  const judge = await db.judge.create({ data: { projectId: project.id, name: "j", model: "m", promptVersion: "v1" } });
  const pairJudge = await db.judge.create({ data: { projectId: project.id, name: "pj", model: "m" } });

  const outputs: { id: string; runId: string; itemId: string; i: number }[] = [];
  for (let i = 0; i < HELP.length; i++) {
    const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: `q${i}`, position: i, inputText: "?", contentHash: `i${i}`, tags: i % 2 ? ["odd"] : ["even"] } });
    const a = await db.output.create({ data: { runId: runA.id, itemId: item.id, content: `a${i}` } });
    const b = await db.output.create({ data: { runId: runB.id, itemId: item.id, content: `b${i}` } });
    outputs.push({ id: a.id, runId: runA.id, itemId: item.id, i }, { id: b.id, runId: runB.id, itemId: item.id, i });
  }

  // Pointwise labels on run-a's outputs; reviewer 0 labels under rubric v1, the others under v2.
  for (const [i, output] of outputs.filter((o) => o.runId === runA.id).entries()) {
    for (let r = 0; r < 3; r++) {
      const help = HELP[i]![0][r];
      const safe = SAFE[i]![0][r];
      if (help === null && safe === null) continue;
      const c = r === 0 ? c1 : c2;
      const values = [];
      if (help !== null) values.push({ criterionId: c.help.id, targetKey: output.id, outputId: output.id, value: help });
      if (safe !== null) values.push({ criterionId: c.safe.id, targetKey: output.id, outputId: output.id, value: safe });
      await db.label.create({ data: { clientId: `l-${i}-${r}`, reviewerId: reviewers[r]!.id, rubricVersionId: c === c1 ? v1.id : v2.id, source: "IMPORT", values: { create: values } } });
    }
    await db.judgeScore.createMany({
      data: [
        { judgeId: judge.id, outputId: output.id, criterionId: c2.help.id, value: HELP[i]![1] },
        { judgeId: judge.id, outputId: output.id, criterionId: c1.safe.id, value: SAFE[i]![1] },
      ],
    });
  }

  // Preference on (run-a, run-b) pairs: the judge in both orders, reviewers once.
  const PREF = [["A", "A", ["A", "A"]], ["B", "B", ["B", "A"]], ["A", "B", ["TIE", "A"]], ["TIE", "TIE", ["TIE", "TIE"]], ["A", "A", ["B", "B"]], ["B", "B", ["B", "B"]]] as const;
  const judgeVerdicts: { item: string; a: string; b: string; verdict: string }[] = [];
  const humanVotes: { item: string; a: string; b: string; verdict: string; reviewer: string }[] = [];
  for (const [i, [ab, ba, humans]] of PREF.entries()) {
    const oa = outputs[2 * i]!;
    const ob = outputs[2 * i + 1]!;
    await db.pairwiseJudgeScore.createMany({
      data: [
        { judgeId: pairJudge.id, criterionId: c2.pref.id, itemId: oa.itemId, outputAId: oa.id, outputBId: ob.id, shownOrder: "AB", verdict: ab },
        { judgeId: pairJudge.id, criterionId: c2.pref.id, itemId: oa.itemId, outputAId: oa.id, outputBId: ob.id, shownOrder: "BA", verdict: ba },
      ],
    });
    const [lo, hi] = oa.id < ob.id ? [oa.id, ob.id] : [ob.id, oa.id];
    const flip = (v: string) => (oa.id < ob.id ? v : v === "A" ? "B" : v === "B" ? "A" : v);
    judgeVerdicts.push({ item: oa.itemId, a: lo, b: hi, verdict: flip(ab === ba ? ab : "TIE") });
    for (const [r, verdict] of humans.entries()) {
      await db.label.create({
        data: { clientId: `p-${i}-${r}`, reviewerId: reviewers[r]!.id, rubricVersionId: v2.id, source: "IMPORT", values: { create: [{ criterionId: c2.pref.id, targetKey: `${lo}:${hi}`, outputId: lo, otherOutputId: hi, category: flip(verdict) }] } },
      });
      humanVotes.push({ item: oa.itemId, a: lo, b: hi, verdict: flip(verdict), reviewer: reviewers[r]!.id });
    }
  }
  return { project, judge, pairJudge, outputs, v1, v2, c1, c2, runA, judgeVerdicts, humanVotes };
}

describe("judge vs human agreement aggregated in SQL", () => {
  it("matches lib/stats on the same pairs, per slice, with consensus, ground truth and the ceiling", async () => {
    const s = await scenario();
    // Unit 0: the lead adjudicates helpfulness to 3; unit 5: safe is contested (dropped).
    const runAOutputs = s.outputs.filter((o) => o.runId === s.runA.id);
    await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c1.help.id, targetKey: runAOutputs[0]!.id, outputId: runAOutputs[0]!.id, value: 3, status: "ADJUDICATED" } });
    await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c2.safe.id, targetKey: runAOutputs[5]!.id, outputId: runAOutputs[5]!.id, status: "CONTESTED" } });

    const report = await loadAgreementReport(s.project.id);
    const help = report.rows.find((r) => r.judge.id === s.judge.id && r.criterion.key === "help")!;
    // The consensus rule: the median, the mean of the two middle values for two reviewers (2.5, 4.5).
    const humanHelp = HELP.map(([labels], i) => (i === 0 ? 3 : median(labels.filter((x): x is NonNullable<typeof x> => x !== null)).value!));
    const judgeHelp = HELP.map(([, j]) => j as number);
    expect(humanHelp.filter((h) => !Number.isInteger(h))).toEqual([2.5, 4.5]);
    // Categorical figures take the units whose consensus is a level of the scale; numeric ones take all.
    const onLevel = humanHelp.map((h, i) => (Number.isInteger(h) ? i : -1)).filter((i) => i >= 0);
    const levelHuman = onLevel.map((i) => humanHelp[i]!);
    const levelJudge = onLevel.map((i) => judgeHelp[i]!);
    const categories = [1, 2, 3, 4, 5];
    const f = help.overall.figures;
    expect(f.n).toBe(8);
    expect(f.noCategoricalConsensus).toBe(2);
    expect(f.exact.value).toBeCloseTo(percentAgreement(levelHuman, levelJudge).value!, 12);
    expect(f.kappa.value).toBeCloseTo(cohenKappa(levelHuman, levelJudge, { categories, weights: "quadratic" }).value!, 12);
    expect(f.kappaLinear!.value).toBeCloseTo(cohenKappa(levelHuman, levelJudge, { categories, weights: "linear" }).value!, 12);
    expect(f.withinOne!.value).toBeCloseTo(withinOneAgreement(levelHuman, levelJudge, { categories }).value!, 12);
    expect(f.spearman!.value).toBeCloseTo(spearman(humanHelp, judgeHelp).value!, 12);
    expect(f.kendall!.value).toBeCloseTo(kendallTauB(humanHelp, judgeHelp).value!, 12);
    expect(f.mae!.value).toBeCloseTo(meanAbsoluteError(judgeHelp, humanHelp).value!, 12);
    expect(f.meanSignedDifference!.value).toBeCloseTo(meanSignedDifference(judgeHelp, humanHelp).value!, 12);
    const kappaCi = f.kappa as { lower: number; upper: number };
    expect(kappaCi.lower).toBeLessThanOrEqual(f.kappa.value!);
    expect(kappaCi.upper).toBeGreaterThanOrEqual(f.kappa.value!);

    // Slices: tags even/odd split the 8 units in halves of 4 (below the minimum → a reason, no number).
    const even = help.slices.find((x) => x.kind === "tag" && x.value === "even")!;
    expect(even.figures.n).toBe(4);
    expect(even.figures.kappa.value).toBeNull();
    expect(even.figures.reason).toMatch(/not enough data/);
    expect(help.slices.find((x) => x.kind === "run")!.label).toBe("Run run-a");

    // Ceiling: α and pairwise agreement among reviewers on the same units, from lib/stats.
    const coders = [0, 1, 2].map((r) => HELP.map(([labels]) => labels[r] ?? null));
    expect(help.ceiling.alpha.value).toBeCloseTo(krippendorffAlpha(coders, { level: "ordinal", categories }).value!, 12);
    expect(help.ceiling.pairwiseAgreement.value).toBeCloseTo(meanPairwiseAgreement(coders).value!, 12);

    // Binary: strict majority; the contested unit is dropped.
    const safe = report.rows.find((r) => r.judge.id === s.judge.id && r.criterion.key === "safe")!;
    const majority = (labels: readonly (number | null)[]) => {
      const ones = labels.filter((x) => x === 1).length;
      const zeros = labels.filter((x) => x === 0).length;
      return ones === zeros ? null : ones > zeros ? 1 : 0;
    };
    const humanSafe: (number | null)[] = SAFE.map(([labels], i) => (i === 5 ? null : majority(labels)));
    const judgeSafe = SAFE.map(([, j]) => j as number);
    const keep = humanSafe.map((h, i) => (h === null ? -1 : i)).filter((i) => i >= 0);
    expect(safe.overall.figures.n).toBe(keep.length);
    expect(safe.overall.figures.kappa.value).toBeCloseTo(cohenKappa(keep.map((i) => humanSafe[i]!), keep.map((i) => judgeSafe[i]!), { categories: [0, 1] }).value!, 12);

    // Preference: conservative combination of both orders, majority of reviewers, and MT-Bench S1/S2.
    const pref = report.rows.find((r) => r.judge.id === s.pairJudge.id && r.criterion.key === "pref")!;
    const votes = [
      ...s.judgeVerdicts.map((v) => ({ item: v.item, judge: "judge", judgeType: "judge", modelA: v.a, modelB: v.b, winner: (v.verdict === "A" ? "a" : v.verdict === "B" ? "b" : "tie") as "a" | "b" | "tie" })),
      ...s.humanVotes.map((v) => ({ item: v.item, judge: v.reviewer, judgeType: "human", modelA: v.a, modelB: v.b, winner: (v.verdict === "A" ? "a" : v.verdict === "B" ? "b" : "tie") as "a" | "b" | "tie" })),
    ];
    const expected = mtBenchAgreement(votes, { typeA: "judge", typeB: "human" });
    expect(pref.mtBench!.s1).toMatchObject(expected.s1);
    expect(pref.mtBench!.s2).toMatchObject(expected.s2);
    expect((pref.mtBench!.s1 as unknown as { lower: number }).lower).toBeLessThanOrEqual(expected.s1.value!);
    expect(pref.mtBench!.humanS1).toEqual(mtBenchAgreement(votes, { typeA: "human", typeB: "human" }).s1);
    // Pairs with a strict human majority: items 0, 3, 4, 5 (1 and 2 split) → 4 pairs, below the minimum.
    expect(pref.overall.figures.n).toBe(4);
    expect(pref.overall.figures.reason).toMatch(/not enough data/);
  });

  it("narrows to the judge scores given on one rubric version, keeping one row per key", async () => {
    const s = await scenario();
    const all = await loadAgreementReport(s.project.id, { judgeId: s.judge.id, bootstrap: false });
    expect(all.rows.map((r) => r.criterion.key).sort()).toEqual(["help", "safe"]);
    // The judge scored help on v2's criterion and safe on v1's: each version keeps its own key only.
    const v1 = await loadAgreementReport(s.project.id, { judgeId: s.judge.id, rubricVersionId: s.v1.id, bootstrap: false });
    const v2 = await loadAgreementReport(s.project.id, { judgeId: s.judge.id, rubricVersionId: s.v2.id, bootstrap: false });
    const scored = (report: typeof all) => report.rows.filter((r) => r.overall.figures.n > 0).map((r) => r.criterion.key);
    expect(scored(v1)).toEqual(["safe"]);
    expect(scored(v2)).toEqual(["help"]);
    // The human side is the same across versions: help's units under v2 are all of them.
    expect(v2.rows.find((r) => r.criterion.key === "help")!.overall.figures.n).toBe(all.rows.find((r) => r.criterion.key === "help")!.overall.figures.n);
  });

  it("says why when there is nothing to compare", async () => {
    const s = await scenario();
    const report = await loadAgreementReport(s.project.id, { judgeId: s.judge.id, criterionKey: "pref" });
    expect(report.rows).toHaveLength(1);
    const row = report.rows[0]!;
    expect(row.criterion.key).toBe("pref");
    expect(row.overall.figures.n).toBe(0);
    expect(row.overall.figures.reason).toMatch(/no unit/);
    expect(row.ceiling.alpha.value).toBeNull();
  });
});
