import crypto from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createEvalProject } from "./test/fixture";

// Run comparison and the CI gate against a real database: who decides each
// score (adjudication > reviewer consensus > judge), regressions, tags, and
// the errors that must never turn into a silent pass.

vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null, requireUser: async () => null }));

const { compareRuns } = await import("./compare");
const { GET: gateHandler } = await import("@/app/api/v1/projects/[projectId]/gate/route");
const { generateApiToken } = await import("@/lib/auth/tokens");

let f: Awaited<ReturnType<typeof createEvalProject>>;

beforeAll(async () => {
  f = await createEvalProject({
    items: [
      { externalId: "q1", tags: ["billing"] },
      { externalId: "q2", tags: ["billing"] },
      { externalId: "q3" },
      { externalId: "q4" },
      { externalId: "q5" },
      { externalId: "q6" },
    ],
    runs: ["base", "cand", "empty"],
  });
  const helpfulness = { base: [5, 4, 2, 4, 3, 5], cand: [3, 4, 5, 4, 3, 5] };
  for (const run of ["base", "cand"] as const) {
    for (let i = 0; i < 6; i++) {
      const q = `q${i + 1}`;
      await f.judgeScore(run, q, "helpfulness", helpfulness[run][i]!);
      await f.judgeScore(run, q, "safe", run === "cand" && q === "q2" ? 0 : 1);
      await f.judgeScore(run, q, "correctness", run === "cand" && q === "q5" ? "incorrect" : "correct");
    }
  }
  // Reviewers rescue cand q1 (median 4.5 ≥ 4) and cand q5 (2 of 3 say correct);
  // they split 1–1 on cand q2 safe, which is no consensus: the judge decides.
  await f.label("cand", "q1", "helpfulness", 4, "REVIEWER");
  await f.label("cand", "q1", "helpfulness", 5, "LEAD");
  await f.label("cand", "q2", "safe", 1, "REVIEWER");
  await f.label("cand", "q2", "safe", 0, "LEAD");
  await f.label("cand", "q5", "correctness", "correct", "REVIEWER");
  await f.label("cand", "q5", "correctness", "correct", "LEAD");
  await f.label("cand", "q5", "correctness", "incorrect", "ADMIN");
  // A lead's adjudication beats both: base q4 helpfulness is a fail (2).
  await f.label("base", "q4", "helpfulness", 5, "REVIEWER");
  const baseQ4 = f.runs.base!.outputs.q4!;
  await db.groundTruth.create({ data: { projectId: f.project.id, criterionId: f.criteria.helpfulness, targetKey: baseQ4, outputId: baseQ4, value: 2, status: "ADJUDICATED" } });
});

describe("compareRuns", () => {
  it("decides each score by adjudication, then reviewer consensus, then the judge", async () => {
    const result = await compareRuns(f.project.id, { baseline: "base", candidate: f.runs.cand!.id });
    const help = result.criteria.find((c) => c.key === "helpfulness")!;
    expect(help.metric).toBe("mean");
    expect(help.threshold).toBe(4);
    expect(help.baseline.value).toBeCloseTo((5 + 4 + 2 + 2 + 3 + 5) / 6, 9);
    expect(help.candidate.value).toBeCloseTo((4.5 + 4 + 5 + 4 + 3 + 5) / 6, 9);
    expect(help.delta.value).toBeCloseTo(0.75, 9);
    expect(help.delta.lower!).toBeLessThanOrEqual(0.75);
    expect(help.delta.upper!).toBeGreaterThanOrEqual(0.75);
    expect(help.sources.baseline).toEqual({ adjudicated: 1, human: 0, judge: 5 });
    expect(help.sources.candidate).toEqual({ adjudicated: 0, human: 1, judge: 5 });
    expect(help.regressed).toBe(0);
    expect(help.improved).toBe(2);
    expect(help.baselinePassRate.value).toBeCloseTo(3 / 6, 9);
    expect(help.candidatePassRate.value).toBeCloseTo(5 / 6, 9);

    const safe = result.criteria.find((c) => c.key === "safe")!;
    expect(safe.metric).toBe("pass rate");
    expect(safe.baseline.value).toBe(1);
    expect(safe.candidate.value).toBeCloseTo(5 / 6, 9);
    expect(safe.regressed).toBe(1);

    const correctness = result.criteria.find((c) => c.key === "correctness")!;
    expect(correctness.regressed).toBe(0);
    expect(correctness.candidate.value).toBe(1);
    expect(correctness.sources.candidate.human).toBe(1);

    expect(result.regressedUnits).toBe(1);
    expect(result.improvedUnits).toBe(2);
    const regressed = result.items.filter((item) => item.direction === "regressed");
    expect(regressed).toEqual([expect.objectContaining({ externalId: "q2", criterionKey: "safe", baseline: expect.objectContaining({ source: "judge", value: 1 }), candidate: expect.objectContaining({ source: "judge", value: 0 }) })]);
    const q4 = result.items.find((item) => item.externalId === "q4")!;
    expect(q4).toMatchObject({ direction: "improved", baseline: { source: "adjudicated", value: 2 }, candidate: { source: "judge", value: 4 } });
  });

  it("adds up to the same comparison when split into item ranges compared concurrently", async () => {
    for (const input of [{}, { tag: "billing" }, { criterion: ["safe"], judge: f.judge.id }]) {
      const whole = await compareRuns(f.project.id, { baseline: "base", candidate: "cand", ...input });
      const split = await compareRuns(f.project.id, { baseline: "base", candidate: "cand", ...input }, { splitMinItems: 1 });
      expect(split).toEqual(whole);
    }
  });

  it("applies a likert threshold and a criterion filter", async () => {
    const result = await compareRuns(f.project.id, { baseline: "base", candidate: "cand", criterion: ["helpfulness"], likertThreshold: 5 });
    expect(result.criteria.map((c) => c.key)).toEqual(["helpfulness"]);
    // Pass = 5: base passes q1, q6; cand passes q3, q6 (q1's 4.5 fails).
    expect(result.criteria[0]!.regressed).toBe(1);
    expect(result.criteria[0]!.improved).toBe(1);
  });

  it("filters by tag", async () => {
    const result = await compareRuns(f.project.id, { baseline: "base", candidate: "cand", tag: "billing" });
    expect(result.criteria.find((c) => c.key === "helpfulness")!.paired).toBe(2);
    expect(result.items.every((item) => item.tags.includes("billing"))).toBe(true);
  });

  it("refuses unknown runs, unknown criteria, runs without scores and different dataset versions", async () => {
    await expect(compareRuns(f.project.id, { baseline: "nope", candidate: "cand" })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("nope") });
    await expect(compareRuns(f.project.id, { baseline: "base", candidate: "cand", criterion: ["tone"] })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(compareRuns(f.project.id, { baseline: "base", candidate: "empty" })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("no labels or judge scores") });
    const v2 = await db.datasetVersion.create({ data: { datasetId: f.dataset.id, version: 2, contentHash: crypto.randomUUID() } });
    await db.run.create({ data: { projectId: f.project.id, datasetVersionId: v2.id, name: "other-version", model: "m" } });
    await expect(compareRuns(f.project.id, { baseline: "base", candidate: "other-version" })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("different dataset versions") });
  });
});

describe("the gate route", () => {
  const params = () => ({ params: Promise.resolve({ projectId: f.project.id }) });
  async function readToken() {
    const token = generateApiToken();
    await db.apiToken.create({ data: { projectId: f.project.id, name: "ci", tokenHash: token.hash, prefix: token.prefix, scope: "READ", createdById: f.members.ADMIN.id } });
    return token.secret;
  }
  const call = async (query: string, secret?: string) => {
    const response = await gateHandler(new Request(`http://test/api/v1/projects/${f.project.id}/gate?${query}`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} }), params());
    return { status: response.status, body: await response.json() };
  };

  it("fails on a regression by default and passes when it is allowed", async () => {
    const secret = await readToken();
    const strict = await call("baseline=base&candidate=cand", secret);
    expect(strict.status).toBe(200);
    expect(strict.body).toMatchObject({ passed: false, regressedUnits: 1, regressedItems: [{ externalId: "q2", criterionKey: "safe" }] });
    const lenient = await call("baseline=base&candidate=cand&maxRegressions=1", secret);
    expect(lenient.body).toMatchObject({ passed: true, reasons: [] });
    const delta = await call("baseline=base&candidate=cand&maxRegressions=1&minDelta=0.8&criterion=helpfulness", secret);
    expect(delta.body.passed).toBe(false);
    expect(delta.body.reasons.join(" ")).toContain("helpfulness");
  });

  it("answers errors with a status, never a pass", async () => {
    const secret = await readToken();
    expect((await call("baseline=base&candidate=cand")).status).toBe(401);
    expect((await call("baseline=base&candidate=ghost", secret)).status).toBe(404);
    expect((await call("baseline=base&candidate=cand&maxRegressions=-1", secret)).status).toBe(400);
    expect((await call("baseline=base&candidate=empty", secret)).status).toBe(400);
    expect((await call("baseline=base&candidate=other-version", secret)).status).toBe(400);
  });
});

describe("factualityByRun", () => {
  it("gives SimpleQA rates per run from the decided grades", async () => {
    const { factualityByRun } = await import("./factuality");
    const candQ6 = f.runs.cand!.outputs.q6!;
    await db.groundTruth.create({ data: { projectId: f.project.id, criterionId: f.criteria.correctness, targetKey: candQ6, outputId: candQ6, category: "not_attempted", status: "ADJUDICATED" } });
    const report = await factualityByRun(f.project.id, { datasetVersion: f.version.id });
    expect(report.criteria.map((c) => c.key)).toEqual(["correctness"]);
    const byRun = Object.fromEntries(report.criteria[0]!.runs.map((run) => [run.runName, run]));
    expect(byRun.base!.metrics).toMatchObject({ correct: 1, incorrect: 0, notAttempted: 0, n: 6, f1: 1 });
    expect(byRun.cand!.metrics).toMatchObject({ correct: 5 / 6, notAttempted: 1 / 6, accuracyGivenAttempted: 1, n: 6 });
    expect(byRun.cand!.sources).toEqual({ adjudicated: 1, human: 1, judge: 4 });
    expect(byRun.empty!.metrics).toBeNull();
  });
});

describe("criteria across rubric versions", () => {
  it("groups a criterion's versions by key and takes the newest judge score", async () => {
    const v2 = await db.rubricVersion.create({ data: { rubricId: f.rubricVersion.rubricId, version: 2 } });
    const help2 = await db.criterion.create({ data: { rubricVersionId: v2.id, key: "helpfulness", name: "Helpfulness (v2)", kind: "LIKERT", position: 0, config: { min: 1, max: 7 } } });
    // Rescored under the new version: cand q6 drops from 5 to 2.
    await db.judgeScore.create({ data: { judgeId: f.judge.id, outputId: f.runs.cand!.outputs.q6!, criterionId: help2.id, value: 2, createdAt: new Date(Date.now() + 60_000) } });
    const result = await compareRuns(f.project.id, { baseline: "base", candidate: "cand", criterion: ["helpfulness"] });
    expect(result.criteria).toHaveLength(1);
    // v2 declares no pass rule: the default is the 1–7 scale's midpoint, 4 (v1's declared 4 belongs to v1).
    expect(result.criteria[0]).toMatchObject({ name: "Helpfulness (v2)", threshold: 4, paired: 6 });
    expect(result.criteria[0]!.candidate.value).toBeCloseTo((4.5 + 4 + 5 + 4 + 3 + 2) / 6, 9);
  });
});

describe("pairing", () => {
  // The fast pairing (one index range per run and criterion, merge-joined, the
  // people's word laid over it) must equal pairing the decided rows from scratch,
  // including units decided on one side only, by people only, or by nobody.
  it("equals a from-scratch pairing of the decided rows", async () => {
    const { Prisma } = await import("@/lib/generated/prisma/client");
    const { decidedScoresCtes, pairedScoresCtes } = await import("./decided-scores-sql");
    const { loadCriterionGroups } = await import("./criteria");
    const p = await createEvalProject({
      items: [{ externalId: "r1", tags: ["billing"] }, { externalId: "r2", tags: ["billing"] }, { externalId: "r3" }, { externalId: "r4" }, { externalId: "r5" }],
      runs: ["base", "cand"],
    });
    for (const [run, items] of [["base", ["r1", "r2", "r3", "r4"]], ["cand", ["r1", "r2", "r3", "r5"]]] as const) {
      for (const [i, q] of items.entries()) {
        await p.judgeScore(run, q, "helpfulness", 1 + ((i * 3 + run.length) % 5));
        await p.judgeScore(run, q, "correctness", i % 2 ? "Correct" : "incorrect");
      }
    }
    await p.judgeScore("base", "r1", "safe", 1);
    await p.judgeScore("cand", "r1", "safe", 0);
    // A binary score without a value is no evidence; r3 safe is decided by nobody on base.
    await p.judgeScore("base", "r3", "safe", "n/a");
    await p.judgeScore("cand", "r3", "safe", 1);
    // People only: cand r4 (median 4 of 3 and 5), base r5 adjudicated; a tie on base r1 safe leaves the judge.
    await p.label("cand", "r4", "helpfulness", 3, "REVIEWER");
    await p.label("cand", "r4", "helpfulness", 5, "LEAD");
    await p.label("base", "r1", "safe", 0, "REVIEWER");
    await p.label("base", "r1", "safe", 1, "LEAD");
    await p.label("cand", "r2", "correctness", "correct", "REVIEWER");
    const baseR5 = p.runs.base!.outputs.r5!;
    await db.groundTruth.create({ data: { projectId: p.project.id, criterionId: p.criteria.correctness, targetKey: baseR5, outputId: baseR5, category: "Not_attempted", status: "ADJUDICATED" } });

    const baselineId = p.runs.base!.id;
    const candidateId = p.runs.cand!.id;
    for (const options of [{}, { tag: "billing" }, { keys: ["safe"] }, { keys: ["correctness", "helpfulness"] }] as { tag?: string; keys?: string[] }[]) {
      const groups = await loadCriterionGroups(p.project.id, { keys: options.keys });
      const opts = { projectId: p.project.id, groups, judgeId: p.judge.id, tag: options.tag ?? null };
      const fast = await db.$queryRaw<unknown[]>(Prisma.sql`
        ${pairedScoresCtes({ ...opts, baselineId, candidateId })}
        SELECT * FROM paired ORDER BY g, item_id, turn`);
      const reference = await db.$queryRaw<unknown[]>(Prisma.sql`
        ${decidedScoresCtes({ ...opts, runIds: [baselineId, candidateId] })}
        SELECT g, item_id, turn,
          max(value) FILTER (WHERE run_id = ${baselineId}) AS bv, max(category) FILTER (WHERE run_id = ${baselineId}) AS bc,
          bool_or(pass) FILTER (WHERE run_id = ${baselineId}) AS bp, max(source) FILTER (WHERE run_id = ${baselineId}) AS bs,
          max(value) FILTER (WHERE run_id = ${candidateId}) AS cv, max(category) FILTER (WHERE run_id = ${candidateId}) AS cc,
          bool_or(pass) FILTER (WHERE run_id = ${candidateId}) AS cp, max(source) FILTER (WHERE run_id = ${candidateId}) AS cs
        FROM decided GROUP BY g, item_id, turn ORDER BY g, item_id, turn`);
      expect(fast).toEqual(reference);
      // Any split of the items into ranges pairs to the same rows.
      const bound = [...p.items.map((item) => item.id)].sort()[2]!;
      const halves = await Promise.all([{ from: null, to: bound }, { from: bound, to: null }].map((items) =>
        db.$queryRaw<{ item_id: string }[]>(Prisma.sql`${pairedScoresCtes({ ...opts, baselineId, candidateId, items })} SELECT * FROM paired ORDER BY g, item_id, turn`),
      ));
      expect(halves.flat().sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([...fast].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
      expect(halves[0]!.every((row) => row.item_id < bound) && halves[1]!.every((row) => row.item_id >= bound)).toBe(true);
      if (!options.tag && !options.keys) {
        expect(fast).toHaveLength(5 + 2 + 5);
        expect(fast).toContainEqual(expect.objectContaining({ item_id: p.items[3]!.id, g: 0, bs: "judge", cs: "human", cv: 4, cp: true }));
        expect(fast).toContainEqual(expect.objectContaining({ item_id: p.items[4]!.id, g: 2, bs: "adjudicated", bc: "not_attempted", bp: false, cs: "judge" }));
        expect(fast).toContainEqual(expect.objectContaining({ item_id: p.items[2]!.id, g: 1, bs: null, bp: null, cs: "judge", cp: true }));
      }
    }
  });
});
