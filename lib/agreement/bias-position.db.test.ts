import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { closeImportPools } from "@/lib/imports/pg";
import { runImport } from "@/lib/imports/run-import";
import { bytes, createImportFixture, jsonl } from "@/lib/imports/test-helpers";
import { loadBiasPanel } from "./bias";

// Position bias over valid pairs, through the documented import: pairwise
// verdicts in both shown orders go in with runImport, loadBiasPanel reads them.
// Verdicts are in terms of runA / runB; shownOrder AB shows runA first. The
// position chosen is written after each pair (order AB, order BA).
//
// "preference", runA = x, runB = y unless said otherwise:
//   q1  AB A, BA B        (first, first)     inconsistent, biased to first
//   q2  AB A, BA A        (first, second)    consistent
//   q3  AB TIE, BA TIE    (tie, tie)         consistent
//   q4  AB A, BA TIE      (first, tie)       inconsistent, biased to first (tie-mixed)
//   q5  AB ERROR, BA A                       error pair
//   q6  AB B, BA A        (second, second)   inconsistent, biased to second
//   q7  AB TIE, BA A      (tie, second)      inconsistent, biased to second (tie-mixed)
//   q8  x/y AB B; then runA = y, runB = x, AB A (y shown first, y chosen)
//                          (second, first)   consistent: the same pair, given the other way round
//   q9  AB A only                            one order only: in no figure
//   q10 AB B, BA ERROR                       error pair
//   q11 AB BOTH_BAD, BA TIE (tie, tie)       consistent
//   q12 AB A, BA B        (first, first)     inconsistent, biased to first
// judged in both orders 11; error pairs 2 (q5, q10); valid 9; consistent 4 (q2, q3, q8, q11);
// inconsistent 5 (q1, q4, q6, q7, q12): biased to first 3, to second 2.
// Inconsistency 5/9, first-position preference 3/9, second 2/9.
//
// "style" (a second preference criterion):
//   q1 AB ERROR, BA ERROR (error); q2 AB A, BA A (consistent); q3 AB B, BA A (second, second).
// judged 3, errors 1, valid 2: counts shown, rates "not enough data" (fewer than 5 valid pairs).
//
// All criteria together, errors inside the denominator (positionConsistency, paper Table 2):
// 14 pairs; consistent 5, biased to first 3, biased to second 3, error 3.

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let judge: { id: string; kind: "POINTWISE" | "PAIRWISE"; modelFamily: string };

const ITEMS = Array.from({ length: 12 }, (_, i) => ({ id: `q${i + 1}`, prompt: `Question ${i + 1}` }));

const pair = (id: string, shownOrder: "AB" | "BA", verdict: string, criterion = "preference", runA = "x", runB = "y") => ({ id, runA, runB, criterion, shownOrder, verdict });

const VERDICTS = [
  pair("q1", "AB", "A"), pair("q1", "BA", "B"),
  pair("q2", "AB", "A"), pair("q2", "BA", "A"),
  pair("q3", "AB", "TIE"), pair("q3", "BA", "TIE"),
  pair("q4", "AB", "A"), pair("q4", "BA", "TIE"),
  pair("q5", "AB", "ERROR"), pair("q5", "BA", "A"),
  pair("q6", "AB", "B"), pair("q6", "BA", "A"),
  pair("q7", "AB", "TIE"), pair("q7", "BA", "A"),
  pair("q8", "AB", "B"), pair("q8", "AB", "A", "preference", "y", "x"),
  pair("q9", "AB", "A"),
  pair("q10", "AB", "B"), pair("q10", "BA", "ERROR"),
  pair("q11", "AB", "BOTH_BAD"), pair("q11", "BA", "TIE"),
  pair("q12", "AB", "A"), pair("q12", "BA", "B"),
  pair("q1", "AB", "ERROR", "style"), pair("q1", "BA", "ERROR", "style"),
  pair("q2", "AB", "A", "style"), pair("q2", "BA", "A", "style"),
  pair("q3", "AB", "B", "style"), pair("q3", "BA", "A", "style"),
];

function upload(kind: "ITEMS" | "OUTPUTS" | "JUDGE_SCORES", rows: unknown[], options: Record<string, unknown>) {
  return runImport({ projectId: fixture.project.id, kind, userId: fixture.members.ADMIN.id, fileName: "test", options, source: { bytes: bytes(jsonl(rows)) } });
}

beforeAll(async () => {
  fixture = await createImportFixture();
  await db.criterion.create({ data: { rubricVersionId: fixture.rubricVersionId, key: "style", name: "Style", kind: "PREFERENCE", position: 10, config: {} } });
  await upload("ITEMS", ITEMS, { dataset: "golden" });
  for (const run of ["x", "y"]) await upload("OUTPUTS", ITEMS.map((item) => ({ id: item.id, output: `${run} on ${item.id}` })), { dataset: "golden", run, model: `model-${run}` });
  const result = await upload("JUDGE_SCORES", VERDICTS, { dataset: "golden", judge: "pairwise", model: "gpt-4", judgeKind: "PAIRWISE" });
  expect(result.summary.scores).toBe(VERDICTS.length);
  const row = await db.judge.findFirstOrThrow({ where: { projectId: fixture.project.id, name: "pairwise" }, select: { id: true, modelFamily: true } });
  judge = { ...row, kind: "PAIRWISE" };
});

afterAll(async () => {
  await closeImportPools();
});

describe("position bias over valid pairs, from imported verdicts", () => {
  it("counts pairs per criterion, error pairs apart, and takes the rates over valid pairs", async () => {
    const panel = await loadBiasPanel(fixture.project.id, judge);
    const [preference, style] = panel.positionByCriterion;
    expect(panel.positionByCriterion.map((c) => c.criterionKey)).toEqual(["preference", "style"]);
    expect(preference).toMatchObject({
      criterionName: "preference",
      judgedBothOrders: 11,
      validPairs: 9,
      consistent: 4,
      inconsistent: 5,
      errorPairs: 2,
      biasedFirst: 3,
      biasedSecond: 2,
      oneOrderOnly: 1,
    });
    expect(preference!.inconsistencyRate).toMatchObject({ value: 5 / 9, n: 9 });
    expect(preference!.firstPositionPreference).toMatchObject({ value: 3 / 9, n: 9 });
    expect(preference!.secondPositionPreference).toMatchObject({ value: 2 / 9, n: 9 });
    for (const rate of [preference!.inconsistencyRate, preference!.firstPositionPreference, preference!.secondPositionPreference]) {
      expect("lower" in rate && rate.lower!).toBeLessThanOrEqual(rate.value!);
      expect("upper" in rate && rate.upper!).toBeGreaterThanOrEqual(rate.value!);
    }

    expect(style).toMatchObject({ criterionName: "Style", judgedBothOrders: 3, validPairs: 2, consistent: 1, inconsistent: 1, errorPairs: 1, biasedFirst: 0, biasedSecond: 1, oneOrderOnly: 0 });
    expect(style!.inconsistencyRate).toMatchObject({ value: null, n: 2, reason: "not enough data: 2 valid pairs, at least 5 needed" });
  });

  it("keeps the all-criteria shares with errors inside the denominator", async () => {
    const { position } = await loadBiasPanel(fixture.project.id, judge);
    expect(position).toMatchObject({ n: 14, consistency: 5 / 14, biasedFirst: 3 / 14, biasedSecond: 3 / 14, error: 3 / 14 });
  });
});
