import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadComparisonItem } from "@/lib/comparisons/item-detail";
import { resolveJudge } from "@/lib/comparisons/runs";
import { db } from "@/lib/db/client";
import { findJudgeWithCounts, listJudgesWithCounts } from "@/lib/judges/queries";
import { leaderboardSources } from "@/lib/leaderboard/sources";
import { closeImportPools } from "./pg";
import { runImport, type ImportInput } from "./run-import";
import { bytes, createImportFixture, jsonl, expectRejected } from "./test-helpers";

// Real judge output as it is: failed judge calls are stored and counted, one
// judge carries scores and verdicts, an outputs file names its runs per row,
// a partial mapping keeps detection, and turns may count from 1.

let fixture: Awaited<ReturnType<typeof createImportFixture>>;
let projectId: string;

function upload(kind: ImportInput["kind"], text: string, options: Record<string, unknown>, mapping?: Record<string, string>) {
  return runImport({ projectId, kind, userId: fixture.members.ADMIN.id, fileName: "test", options, mapping, source: { bytes: bytes(text) } });
}


const outputsOf = (run: string) =>
  db.output.findMany({ where: { run: { projectId, name: run } }, select: { content: true, turn: true, item: { select: { externalId: true } } }, orderBy: [{ item: { externalId: "asc" } }, { turn: "asc" }] });

beforeAll(async () => {
  fixture = await createImportFixture();
  projectId = fixture.project.id;
  await upload(
    "ITEMS",
    jsonl([
      { id: "q1", prompt: "How do I reset my password?" },
      { id: "q2", turns: ["Hi", "Can I get a refund?"] },
    ]),
    { dataset: "golden" },
  );
  await upload("OUTPUTS", jsonl([{ id: "q1", output: "old a" }]), { dataset: "golden", run: "run-a", model: "gpt-x" });
});

afterAll(async () => {
  await closeImportPools();
});

describe("an outputs file with a run column", () => {
  it("carries several runs: new ones are created, existing ones updated, each row in its own run", async () => {
    const file = jsonl([
      { id: "q1", model_id: "run-a", output: "new a" },
      { id: "q2", model_id: "run-a", choices: [{ turns: ["a hello", "a refund"] }] },
      { id: "q1", model_id: "run-b", output: "b" },
      { id: "q2", model_id: "run-b", output: "b second", turn: 1 },
    ]);
    const result = await upload("OUTPUTS", file, { dataset: "golden" });
    expect(result.status).toBe("committed");
    expect(result.summary).toMatchObject({ run: "run-a, run-b", runs: 2, runsCreated: 1, outputs: 5, inserted: 4, updated: 1 });
    expect(await outputsOf("run-a")).toEqual([
      { content: "new a", turn: 0, item: { externalId: "q1" } },
      { content: "a hello", turn: 0, item: { externalId: "q2" } },
      { content: "a refund", turn: 1, item: { externalId: "q2" } },
    ]);
    expect(await outputsOf("run-b")).toEqual([
      { content: "b", turn: 0, item: { externalId: "q1" } },
      { content: "b second", turn: 1, item: { externalId: "q2" } },
    ]);
    // A new run without a model option is named after itself; an existing run keeps its model.
    const runs = await db.run.findMany({ where: { projectId }, select: { name: true, model: true }, orderBy: { name: "asc" } });
    expect(runs).toEqual([
      { name: "run-a", model: "gpt-x" },
      { name: "run-b", model: "run-b" },
    ]);
    expect((await upload("OUTPUTS", file, { dataset: "golden" })).status).toBe("unchanged");
  });

  it("is all-or-nothing: one bad row, and no run is created or changed", async () => {
    const issues = await expectRejected(() =>
      upload("OUTPUTS", jsonl([{ id: "q1", run: "run-c", output: "c" }, { id: "q1", run: "run-a", output: "a" }, { id: "nope", run: "run-d", output: "d" }, { id: "q2", run: "run-c", output: "x" }, { id: "q2", run: "run-c", output: "y" }]), {
        dataset: "golden",
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ row: 3, field: "externalId", message: expect.stringContaining('Unknown item "nope"') }),
      expect.objectContaining({ row: 5, field: "externalId", message: expect.stringContaining('Duplicate output for run "run-c", item "q2" turn 0 (first on row 4)') }),
    ]);
    expect(await db.run.count({ where: { projectId, name: { in: ["run-c", "run-d"] } } })).toBe(0);
  });

  it("without a run option, a row that names no run is an error on its run field", async () => {
    const issues = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q1", output: "x" }]), { dataset: "golden" }));
    expect(issues).toEqual([expect.objectContaining({ row: 1, field: "run", message: expect.stringContaining("set the run option") })]);
  });

  it("with a run option, every row goes to that run whatever its run column says (as before)", async () => {
    await upload("OUTPUTS", jsonl([{ id: "q1", model_id: "somebody", output: "single" }]), { dataset: "golden", run: "run-single", model: "m" });
    expect(await outputsOf("run-single")).toEqual([{ content: "single", turn: 0, item: { externalId: "q1" } }]);
    expect(await db.run.count({ where: { projectId, name: "somebody" } })).toBe(0);
  });
});

describe("turn numbers", () => {
  it("turnBase 1: turn 1 is the first assistant turn, stored as 0; a missing turn is the first", async () => {
    const result = await upload(
      "OUTPUTS",
      jsonl([
        { id: "q1", output: "first" },
        { id: "q2", output: "one", turn: 1 },
        { id: "q2", output: "two", turn: "2" },
      ]),
      { dataset: "golden", run: "run-base1", model: "m", turnBase: 1 },
    );
    expect(result.summary).toMatchObject({ outputs: 3 });
    expect((await outputsOf("run-base1")).map((o) => [o.item.externalId, o.turn, o.content])).toEqual([
      ["q1", 0, "first"],
      ["q2", 0, "one"],
      ["q2", 1, "two"],
    ]);
    // MT-Bench answers (one list of turns) land on the same turns whatever the file's base.
    await upload("OUTPUTS", jsonl([{ id: "q2", choices: [{ turns: ["x", "y"] }] }]), { dataset: "golden", run: "run-mt1", model: "m", turnBase: "1" });
    expect((await outputsOf("run-mt1")).map((o) => o.turn)).toEqual([0, 1]);

    // Judge scores and labels read the same way: turn 2 of q2 is the stored turn 1.
    const scored = await upload("JUDGE_SCORES", jsonl([{ id: "q2", run: "run-base1", turn: 2, criterion: "helpfulness", score: 3 }]), { dataset: "golden", judge: "turns", model: "m", turnBase: 1 });
    expect(scored.summary).toMatchObject({ scores: 1 });
    const score = await db.judgeScore.findFirstOrThrow({ where: { judge: { projectId, name: "turns" } }, select: { output: { select: { turn: true, content: true } } } });
    expect(score.output).toEqual({ turn: 1, content: "two" });
    const labelled = await upload("LABELS", jsonl([{ reviewer: fixture.members.REVIEWER.email, id: "q2", run: "run-base1", turn: 2, criterion: "helpfulness", value: 4 }]), { dataset: "golden", turnBase: 1 });
    expect(labelled.summary).toMatchObject({ values: 1 });
  });

  it("errors say which convention applies", async () => {
    const base1 = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q1", output: "x", turn: 0 }]), { dataset: "golden", run: "run-t", model: "m", turnBase: 1 }));
    expect(base1).toEqual([expect.objectContaining({ row: 1, field: "turn", message: expect.stringContaining("with turnBase 1, turns count from 1") })]);
    const outOfRange = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q2", output: "x", turn: 2 }]), { dataset: "golden", run: "run-t", model: "m" }));
    expect(outOfRange).toEqual([
      expect.objectContaining({ row: 1, field: "turn", message: expect.stringMatching(/turn 2 is out of range: .* last turn is 1 \(turns count from 0 \(turn 0 = the first assistant turn\); .*turnBase to 1\)/) }),
    ]);
    const negative = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q2", output: "x", turn: -1 }]), { dataset: "golden", run: "run-t", model: "m" }));
    expect(negative).toEqual([expect.objectContaining({ row: 1, field: "turn", message: expect.stringContaining("turns count from 0") })]);
    const badOption = await expectRejected(() => upload("OUTPUTS", jsonl([{ id: "q1", output: "x" }]), { dataset: "golden", run: "run-t", model: "m", turnBase: 2 }));
    expect(badOption).toEqual([expect.objectContaining({ field: "options.turnBase" })]);
  });
});

describe("a partial mapping", () => {
  it("keeps detection for the fields it does not name", async () => {
    const result = await upload("OUTPUTS", jsonl([{ question_id: "q1", answer_text: "mapped", response: "not this", latency_ms: 12 }]), { dataset: "golden", run: "run-partial", model: "m" }, { content: "answer_text" });
    expect(result.status).toBe("committed");
    const output = await db.output.findFirstOrThrow({ where: { run: { projectId, name: "run-partial" } }, select: { content: true, latencyMs: true, item: { select: { externalId: true } } } });
    expect(output).toEqual({ content: "mapped", latencyMs: 12, item: { externalId: "q1" } });

    // A field mapped to "" stays unmapped: no detection for it.
    const scores = jsonl([{ id: "q1", run: "run-a", criterion: "helpfulness", grade: 4, score: 1, explanation: "why" }]);
    await upload("JUDGE_SCORES", scores, { dataset: "golden", judge: "partial", model: "m" }, { value: "grade", rationale: "" });
    const score = await db.judgeScore.findFirstOrThrow({ where: { judge: { projectId, name: "partial" } }, select: { value: true, rationale: true } });
    expect(score).toEqual({ value: 4, rationale: "" });
  });
});

describe("failed judge calls", () => {
  it("are stored with their reason and no score, counted per judge, and never fail the upload", async () => {
    const rows = [
      { id: "q1", run: "run-a", criterion: "helpfulness", score: 4 },
      { id: "q1", run: "run-b", criterion: "helpfulness", score: null },
      { id: "q1", run: "run-a", criterion: "correctness", error: "timeout after 60 s" },
      { id: "q1", run: "run-b", criterion: "correctness", status: "error", rationale: "could not parse the verdict" },
      { id: "q1", run: "run-a", criterion: "tone", status: "ok", category: "curt" },
    ];
    const result = await upload("JUDGE_SCORES", jsonl(rows), { dataset: "golden", judge: "flaky", model: "m" });
    expect(result.status).toBe("committed");
    expect(result.summary).toMatchObject({ scores: 5, failed: 3 });
    const stored = await db.judgeScore.findMany({
      where: { judge: { projectId, name: "flaky" } },
      select: { value: true, category: true, error: true, criterion: { select: { key: true } }, output: { select: { run: { select: { name: true } } } } },
    });
    const byUnit = Object.fromEntries(stored.map((s) => [`${s.criterion.key}/${s.output.run.name}`, { value: s.value, category: s.category, error: s.error }]));
    expect(byUnit).toEqual({
      "helpfulness/run-a": { value: 4, category: null, error: null },
      "helpfulness/run-b": { value: null, category: null, error: "no score given (value is null)" },
      "correctness/run-a": { value: null, category: null, error: "timeout after 60 s" },
      "correctness/run-b": { value: null, category: null, error: "could not parse the verdict" },
      "tone/run-a": { value: null, category: "curt", error: null },
    });

    // A CSV's empty score cell is a failed call too; a corrected file replaces it with the score.
    const csv = "id,run,criterion,score,category\nq1,run-b,helpfulness,,\n";
    await upload("JUDGE_SCORES", csv, { dataset: "golden", judge: "flaky-csv", model: "m" });
    expect(await db.judgeScore.findFirstOrThrow({ where: { judge: { projectId, name: "flaky-csv" } }, select: { value: true, error: true } })).toEqual({ value: null, error: "no score given (value is null)" });
    await upload("JUDGE_SCORES", "id,run,criterion,score\nq1,run-b,helpfulness,2\n", { dataset: "golden", judge: "flaky-csv", model: "m" });
    expect(await db.judgeScore.findFirstOrThrow({ where: { judge: { projectId, name: "flaky-csv" } }, select: { value: true, error: true } })).toEqual({ value: 2, error: null });

    // The run item page shows a failed call with its reason, not as an empty score.
    const item = await db.datasetItem.findFirstOrThrow({ where: { externalId: "q1", datasetVersion: { dataset: { projectId, name: "golden" } } }, select: { id: true } });
    const detail = await loadComparisonItem(projectId, { baseline: "run-a", candidate: "run-b", itemId: item.id, turn: 0 });
    expect(detail.candidate.evidence!.judgeScores.filter((s) => s.judge === "flaky").map((s) => [s.criterion, s.value, s.error])).toEqual(
      expect.arrayContaining([[expect.stringMatching(/correct/i), null, "could not parse the verdict"]]),
    );

    const flaky = (await listJudgesWithCounts(projectId)).find((j) => j.name === "flaky")!;
    expect(flaky).toMatchObject({ pointwise: 5, pairwise: 0, scores: 5, errors: 3, errorShare: 0.6, kinds: ["POINTWISE"] });
  });

  it("still need a known criterion and output, and a failed call keeps nothing of a score it carried", async () => {
    const issues = await expectRejected(() =>
      upload(
        "JUDGE_SCORES",
        jsonl([
          { id: "q1", run: "run-a", criterion: "verbosity", error: "timeout" },
          { id: "q1", run: "run-zz", criterion: "helpfulness", score: null },
        ]),
        { dataset: "golden", judge: "flaky-bad", model: "m" },
      ),
    );
    expect(issues).toEqual([expect.objectContaining({ row: 1, field: "criterion" }), expect.objectContaining({ row: 2, field: "run" })]);
    // An error with a score (say, out of range) is a failed call: the score is not checked or kept.
    await upload("JUDGE_SCORES", jsonl([{ id: "q1", run: "run-a", criterion: "helpfulness", score: 99, status: "failed" }]), { dataset: "golden", judge: "flaky-2", model: "m" });
    expect(await db.judgeScore.findFirstOrThrow({ where: { judge: { projectId, name: "flaky-2" } }, select: { value: true, error: true } })).toEqual({ value: null, error: "status failed" });
  });
});

describe("one judge name with pointwise scores and pairwise verdicts", () => {
  it("is one judge; each reader finds the kind of score it needs, and ERROR verdicts count as failed calls", async () => {
    const options = { dataset: "golden", judge: "both", model: "claude", promptVersion: "v1" };
    await upload("JUDGE_SCORES", jsonl([{ id: "q1", run: "run-a", criterion: "helpfulness", score: 5 }, { id: "q1", run: "run-b", criterion: "helpfulness", score: 2 }]), options);
    const pairs = await upload(
      "JUDGE_SCORES",
      jsonl([
        { id: "q1", model_a: "run-a", model_b: "run-b", order: "AB", winner: "A" },
        { id: "q1", model_a: "run-a", model_b: "run-b", order: "BA", winner: "error" },
      ]),
      { ...options, judgeKind: "PAIRWISE" },
    );
    expect(pairs.summary).toMatchObject({ scores: 2, failed: 1, judgeCreated: false });
    expect(await db.judge.count({ where: { projectId, name: "both" } })).toBe(1);

    const judge = await db.judge.findFirstOrThrow({ where: { projectId, name: "both" } });
    expect(await findJudgeWithCounts(projectId, judge.id)).toMatchObject({ pointwise: 2, pairwise: 2, scores: 4, errors: 1, errorShare: 0.25, kinds: ["POINTWISE", "PAIRWISE"] });
    // Run comparison takes it as a pointwise judge, the leaderboard as a pairwise one.
    const runIds = (await db.run.findMany({ where: { projectId, name: { in: ["run-a", "run-b"] } }, select: { id: true } })).map((r) => r.id);
    expect(await resolveJudge(projectId, runIds, "both@v1")).toMatchObject({ id: judge.id });
    expect((await leaderboardSources(projectId)).map((s) => s.source)).toContain(judge.id);
    // A judge with pointwise scores only is no leaderboard source.
    const flakyId = (await db.judge.findFirstOrThrow({ where: { projectId, name: "flaky" } })).id;
    expect((await leaderboardSources(projectId)).map((s) => s.source)).not.toContain(flakyId);
  });
});
