import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgreementReport } from "@/lib/agreement/report";
import { compareRuns } from "@/lib/comparisons/compare";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { linConcordance, pearson } from "@/lib/stats/agreement";
import { closeImportPools } from "./pg";
import { runImport, type ImportInput } from "./run-import";
import { bytes, jsonl, expectRejected } from "./test-helpers";

// Real-valued judge scores and labels (the SCORE kind) through the one import
// path, read back as stored, and on to the agreement figures and run
// comparison. Likert stays whole: 8.5 is refused with "whole numbers only".

let fixture: Awaited<ReturnType<typeof createProjectWithMembers>>;
let projectId: string;

function upload(kind: ImportInput["kind"], rows: unknown[], options: Record<string, unknown>) {
  return runImport({ projectId, kind, userId: fixture.members.ADMIN.id, fileName: "test", options, source: { bytes: bytes(jsonl(rows)) } });
}


const ITEMS = ["q1", "q2", "q3", "q4", "q5", "q6"];
// MT-Bench-style 0–10 judge scores with halves, and 0–1 probabilities.
const QUALITY = { "run-a": [8.5, 6, 7.25, 9, 3.5, 5], "run-b": [9, 7.5, 7, 9.5, 6, 8] } as const;
const PROB_JUDGE = [0.91, 0.35, 0.62, 0.08, 0.77, 0.5];
const PROB_HUMAN = [0.85, 0.4, 0.7, 0.15, 0.6, 0.55];
const scoreOptions = { dataset: "golden", version: 1, judge: "mt-judge", model: "gpt-4" };

beforeAll(async () => {
  fixture = await createProjectWithMembers(["ADMIN", "LEAD", "REVIEWER"]);
  projectId = fixture.project.id;
  const rubric = await db.rubric.create({ data: { projectId, name: "MT-Bench" } });
  const version = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const criteria = [
    { key: "quality", kind: "SCORE" as const, config: { min: 0, max: 10, step: 0.5, pass: { threshold: 7 } } },
    { key: "prob", kind: "SCORE" as const, config: { min: 0, max: 1 } },
    { key: "helpfulness", kind: "LIKERT" as const, config: { min: 1, max: 10, anchors: Array.from({ length: 10 }, () => "") } },
  ];
  for (const [position, spec] of criteria.entries()) await db.criterion.create({ data: { rubricVersionId: version.id, position, name: spec.key, ...spec } });
  await upload("ITEMS", ITEMS.map((id) => ({ id, prompt: `question ${id}` })), { dataset: "golden" });
  for (const run of ["run-a", "run-b"]) await upload("OUTPUTS", ITEMS.map((id) => ({ id, output: `${run} on ${id}` })), { dataset: "golden", version: 1, run, model: "m" });
});

afterAll(async () => {
  await closeImportPools();
});

describe("SCORE judge scores and labels", () => {
  it("imports fractional judge scores as they are and reads them back", async () => {
    const rows = [
      ...(["run-a", "run-b"] as const).flatMap((run) => ITEMS.map((id, i) => ({ id, run, criterion: "quality", score: QUALITY[run][i] }))),
      ...ITEMS.map((id, i) => ({ id, run: "run-a", criterion: "prob", score: String(PROB_JUDGE[i]) })),
    ];
    const result = await upload("JUDGE_SCORES", rows, scoreOptions);
    expect(result.summary.scores).toBe(18);
    const stored = await db.judgeScore.findMany({
      where: { judge: { projectId, name: "mt-judge" }, criterion: { key: "quality" }, output: { run: { name: "run-a" } } },
      select: { value: true, category: true, output: { select: { item: { select: { externalId: true } } } } },
    });
    const byItem = Object.fromEntries(stored.map((s) => [s.output.item.externalId, s]));
    expect(ITEMS.map((id) => byItem[id]!.value)).toEqual([...QUALITY["run-a"]]);
    expect(stored.every((s) => s.category === null)).toBe(true);
    const probs = await db.judgeScore.findMany({ where: { criterion: { key: "prob" } }, select: { value: true }, orderBy: { value: "asc" } });
    expect(probs.map((p) => p.value)).toEqual([...PROB_JUDGE].sort((a, b) => a - b));
  });

  it("imports fractional labels attributed to a reviewer and reads them back", async () => {
    const reviewer = fixture.members.REVIEWER.email;
    const result = await upload("LABELS", ITEMS.map((id, i) => ({ reviewer, id, run: "run-a", criterion: "prob", value: PROB_HUMAN[i] })), { dataset: "golden", version: 1 });
    expect(result.summary).toMatchObject({ labels: 6, values: 6 });
    const values = await db.labelValue.findMany({ where: { criterion: { key: "prob" } }, select: { value: true, category: true } });
    expect(values.map((v) => v.value).sort()).toEqual([...PROB_HUMAN].sort());
    expect(values.every((v) => v.category === null)).toBe(true);
  });

  it("refuses a score outside the range and a Likert 8.5 (whole numbers only), naming row and field, writing nothing", async () => {
    const issues = await expectRejected(() =>
      upload(
        "JUDGE_SCORES",
        [
          { id: "q1", run: "run-a", criterion: "quality", score: 10.5 },
          { id: "q2", run: "run-a", criterion: "helpfulness", score: 8.5 },
          { id: "q3", run: "run-a", criterion: "prob", score: -0.1 },
        ],
        { ...scoreOptions, judge: "bad" },
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({ row: 1, field: "value", message: expect.stringContaining("10.5 is outside quality's range 0–10") }),
      expect.objectContaining({ row: 2, field: "value", message: expect.stringContaining("whole numbers only") }),
      expect.objectContaining({ row: 3, field: "value", message: expect.stringContaining("outside prob's range 0–1") }),
    ]);
    expect(issues[1]!.message).not.toContain("outside");
    const labelIssues = await expectRejected(() => upload("LABELS", [{ reviewer: fixture.members.LEAD.email, id: "q1", run: "run-a", criterion: "helpfulness", value: 8.5 }], { dataset: "golden", version: 1 }));
    expect(labelIssues).toEqual([expect.objectContaining({ row: 1, field: "value", message: expect.stringContaining("whole numbers only") })]);
  });

  it("gives the agreement figures that fit numbers: Pearson r and Lin's concordance on the values as stored, no κ", async () => {
    const judge = await db.judge.findFirstOrThrow({ where: { projectId, name: "mt-judge" } });
    const report = await loadAgreementReport(projectId, { judgeId: judge.id, criterionKey: "prob", bootstrap: false, slices: false });
    const figures = report.rows[0]!.overall.figures;
    expect(figures.n).toBe(6);
    expect(figures.pearson!.value).toBeCloseTo(pearson(PROB_HUMAN, PROB_JUDGE).value!, 9);
    expect(figures.lin!.value).toBeCloseTo(linConcordance(PROB_HUMAN, PROB_JUDGE).value!, 9);
    expect(figures.mae!.value).toBeCloseTo(PROB_HUMAN.reduce((s, h, i) => s + Math.abs(PROB_JUDGE[i]! - h), 0) / 6, 9);
    expect(figures.kappa.value).toBeNull();
    expect(figures.exact.reason).toMatch(/not categorical/);
  });

  it("compares runs on a SCORE criterion by mean, with the declared pass threshold", async () => {
    const result = await compareRuns(projectId, { baseline: "run-a", candidate: "run-b", criterion: ["quality"] });
    const quality = result.criteria[0]!;
    const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(quality).toMatchObject({ metric: "mean", threshold: 7, pass: { threshold: 7 }, paired: 6 });
    expect(quality.baseline.value).toBeCloseTo(mean(QUALITY["run-a"]), 9);
    expect(quality.candidate.value).toBeCloseTo(mean(QUALITY["run-b"]), 9);
    // Passing at ≥ 7: run-a 8.5, 7.25, 9 (3 of 6); run-b 9, 7.5, 7, 9.5, 8 (5 of 6).
    expect(quality.baselinePassRate.value).toBeCloseTo(3 / 6, 9);
    expect(quality.candidatePassRate.value).toBeCloseTo(5 / 6, 9);
    expect(quality.improved).toBe(2);
    expect(quality.regressed).toBe(0);
  });
});
