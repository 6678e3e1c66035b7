import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { analyticalQuery } from "@/lib/comparisons/analytical-query";
import { loadCriterionGroups, type CriterionGroup } from "@/lib/comparisons/criteria";
import { createEvalProject } from "@/lib/comparisons/test/fixture";
import { estimateUnitsSql, expandLabelled, rawEstimateUnitsSql, type SliceMode } from "./sql";
import type { Units } from "./estimates";

// "JudgeScoreTally" is written only by triggers. After every kind of write
// (inserts, a re-import's upsert in a bulk import's replica session, deletes
// of scores, outputs and a run, an item's tags edited) it must equal a
// from-scratch count of the scores, and the estimates read through it must
// equal the estimates read from the scores themselves, for every slice mode,
// with and without a weighted setup. Random data from a fixed seed.

const TAG_SETS = [["a"], ["b"], ["a", "b"], []];
const CATEGORIES = ["Correct", "INCORRECT", "unsupported"];

/** mulberry32: a small seeded generator, so a failure reproduces. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(14);
const pick = <T,>(values: T[]) => values[Math.floor(random() * values.length)]!;

type Criterion = "helpfulness" | "safe" | "correctness";
/** A random judge answer: a value, a category, or (one in ten) a failed call. */
function answer(criterion: Criterion): { value: number | null; category: string | null; error: string | null } {
  if (random() < 0.1) return { value: null, category: null, error: "timeout" };
  if (criterion === "helpfulness") return { value: 1 + Math.floor(random() * 5), category: null, error: null };
  if (criterion === "safe") return { value: random() < 0.7 ? 1 : 0, category: null, error: null };
  return { value: null, category: pick(CATEGORIES), error: null };
}

const ITEMS = 24;
const RUNS = ["base", "cand", "third"];
const CRITERIA: Criterion[] = ["helpfulness", "safe", "correctness"];
let f: Awaited<ReturnType<typeof createEvalProject>>;
let groups: CriterionGroup[];
let setupId: string;

/** Writes scores the way the judge-scores import does: one upsert statement, in a replica session (foreign-key triggers off, ours on). */
async function importScores(share: number) {
  const rows = RUNS.flatMap((run) => f.items.flatMap((item) => CRITERIA.filter(() => random() < share).map((criterion) => ({ output: f.runs[run]!.outputs[item.externalId]!, criterion, ...answer(criterion) }))));
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
    await tx.$executeRaw`
      INSERT INTO "JudgeScore" (id, "judgeId", "outputId", "criterionId", value, category, error)
      SELECT gen_random_uuid()::text, ${f.judge.id}, u.o, u.c, u.v, u.cat, u.e
      FROM unnest(${rows.map((r) => r.output)}::text[], ${rows.map((r) => f.criteria[r.criterion])}::text[], ${rows.map((r) => r.value)}::float8[], ${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.error)}::text[]) AS u(o, c, v, cat, e)
      ON CONFLICT ("judgeId", "outputId", "criterionId") DO UPDATE SET value = EXCLUDED.value, category = EXCLUDED.category, error = EXCLUDED.error`;
  });
  return rows.length;
}

const tallyColumns = `"judgeId", "runId", "criterionId", tags, value, category, consensus, n`;

async function expectTallyExact() {
  const stored = await db.$queryRawUnsafe<unknown[]>(`SELECT ${tallyColumns} FROM "JudgeScoreTally" ORDER BY 1, 2, 3, 4, 5, 6, 7`);
  const recounted = await db.$queryRawUnsafe<unknown[]>(`
    SELECT s."judgeId", o."runId", s."criterionId", i.tags, s.value, lower(s.category) AS category, h.consensus[1] AS consensus, count(*)::int AS n
    FROM "JudgeScore" s JOIN "Output" o ON o.id = s."outputId" JOIN "DatasetItem" i ON i.id = o."itemId" JOIN "Criterion" k ON k.id = s."criterionId"
    LEFT JOIN "HumanJudgment" h ON h."targetKey" = s."outputId" AND h."criterionKey" = k.key AND cardinality(h.consensus) > 0
    WHERE s.value IS NOT NULL OR s.category IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`);
  expect(stored).toEqual(recounted);
  return stored.length;
}

const sorted = <T,>(rows: T[]) => rows.map((row) => JSON.stringify(row, Object.keys(row as object).sort())).sort();

async function units(query: Parameters<typeof estimateUnitsSql>[0], raw: boolean) {
  const [row] = await analyticalQuery<Units>(raw ? rawEstimateUnitsSql(query) : estimateUnitsSql(query));
  return { labelled: sorted(expandLabelled(row!.labelled)), judgeOnly: sorted(row!.judgeOnly) };
}

const SLICE_MODES: SliceMode[] = [
  { tag: null, withTags: true },
  { tag: null, withTags: false },
  { tag: "a", withTags: false },
  { tag: "b", withTags: true },
];

/** Both paths, every slice mode, all runs and one run, with and without the weighted setup; returns the sizes seen. */
async function expectPathsAgree() {
  let labelled = 0;
  let judgeOnly = 0;
  for (const slices of SLICE_MODES) {
    for (const setup of [null, setupId]) {
      for (const runIds of [RUNS.map((run) => f.runs[run]!.id), [f.runs.cand!.id]]) {
        const query = { projectId: f.project.id, groups, judgeId: f.judge.id, runIds, slices, setupId: setup };
        const [fast, reference] = await Promise.all([units(query, false), units(query, true)]);
        expect(fast).toEqual(reference);
        labelled += fast.labelled.length;
        judgeOnly += fast.judgeOnly.length;
      }
    }
  }
  return { labelled, judgeOnly };
}

async function expectConsistent() {
  const rows = await expectTallyExact();
  const sizes = await expectPathsAgree();
  // Checks that compared empty sets would prove nothing.
  expect(rows).toBeGreaterThan(0);
  expect(sizes.labelled).toBeGreaterThan(0);
  expect(sizes.judgeOnly).toBeGreaterThan(0);
}

beforeAll(async () => {
  f = await createEvalProject({ items: Array.from({ length: ITEMS }, (_, k) => ({ externalId: `q${k}`, tags: pick(TAG_SETS) })), runs: RUNS });
  groups = await loadCriterionGroups(f.project.id);
  expect(groups.map((group) => group.key).sort()).toEqual([...CRITERIA].sort());
  await importScores(0.8);
  for (const run of RUNS) {
    for (const item of f.items) {
      for (const criterion of CRITERIA) {
        if (random() > 0.5) continue;
        if (criterion === "correctness") await f.label(run, item.externalId, criterion, pick(CATEGORIES));
        else await f.label(run, item.externalId, criterion, criterion === "safe" ? (random() < 0.8 ? 1 : 0) : 1 + Math.floor(random() * 5));
      }
    }
  }
  const setup = await db.reviewSetup.create({
    data: { projectId: f.project.id, name: "allocation", datasetVersionId: f.version.id, rubricVersionId: f.rubricVersion.id, mode: "SINGLE", runIds: [f.runs.cand!.id], overlap: 1, blindReview: true, randomizeOrder: true, showReference: false },
  });
  setupId = setup.id;
  await db.reviewTask.createMany({ data: f.items.filter(() => random() < 0.6).map((item) => ({ projectId: f.project.id, setupId, itemId: item.id, overlap: 1, inclusionProbability: random() < 0.2 ? null : 0.1 + 0.9 * random() })) });
});

describe("JudgeScoreTally", () => {
  it("counts imported scores exactly, and the estimates read through it equal those read from the scores", async () => {
    await expectConsistent();
  });

  it("follows a re-import that changes, fails and adds scores", async () => {
    expect(await importScores(0.9)).toBeGreaterThan(0);
    await expectConsistent();
  });

  it("follows Prisma's single writes: a score created, updated to another value, failed, deleted", async () => {
    const score = await db.judgeScore.findFirstOrThrow({ where: { judgeId: f.judge.id, criterionId: f.criteria.helpfulness, value: { not: null } } });
    await db.judgeScore.update({ where: { id: score.id }, data: { value: score.value === 5 ? 1 : score.value! + 1 } });
    await expectConsistent();
    await db.judgeScore.updateMany({ where: { judgeId: f.judge.id, criterionId: f.criteria.safe, value: 0 }, data: { value: null, error: "refused" } });
    await expectConsistent();
    await db.judgeScore.deleteMany({ where: { judgeId: f.judge.id, criterionId: f.criteria.correctness, category: "Correct" } });
    await expectConsistent();
  });

  it("follows the experts' consensus appearing, changing and going", async () => {
    const labelled = new Set((await db.labelValue.findMany({ select: { outputId: true, criterionId: true } })).map((v) => `${v.outputId}:${v.criterionId}`));
    const fresh = f.items.map((item) => item.externalId).filter((q) => !labelled.has(`${f.runs.base!.outputs[q]}:${f.criteria.safe}`));
    for (const q of fresh.slice(0, 4)) await f.label("base", q, "safe", 0);
    // A second reviewer disagreeing on one unit, then values changed in bulk and a label withdrawn.
    await f.label("base", fresh[0]!, "safe", 1, "LEAD");
    await expectConsistent();
    await db.labelValue.updateMany({ where: { criterionId: f.criteria.helpfulness, value: { gte: 4 } }, data: { value: 2 } });
    await expectConsistent();
    const withdrawn = await db.labelValue.findFirstOrThrow({ where: { criterionId: f.criteria.correctness }, select: { labelId: true } });
    await db.label.delete({ where: { id: withdrawn.labelId } });
    await expectConsistent();
  });

  it("follows an item's tags edited", async () => {
    const item = f.items.find((candidate) => !candidate.tags.includes("a"))!;
    await db.datasetItem.update({ where: { id: item.id }, data: { tags: ["a", "new"] } });
    await db.datasetItem.updateMany({ where: { datasetVersionId: f.version.id, tags: { has: "b" } }, data: { tags: ["b"] } });
    await expectConsistent();
  });

  it("follows a criterion's key changed (its consensus is then another key's)", async () => {
    await db.criterion.update({ where: { id: f.criteria.safe }, data: { key: "harmless" } });
    groups = await loadCriterionGroups(f.project.id);
    await expectConsistent();
    await db.criterion.update({ where: { id: f.criteria.safe }, data: { key: "safe" } });
    groups = await loadCriterionGroups(f.project.id);
    await expectConsistent();
  });

  it("follows cascades: an output deleted, then a whole run", async () => {
    await db.output.delete({ where: { id: f.runs.base!.outputs.q3! } });
    await expectConsistent();
    await db.run.delete({ where: { id: f.runs.third!.id } });
    RUNS.splice(RUNS.indexOf("third"), 1);
    expect(await db.judgeScoreTally.count({ where: { runId: f.runs.third!.id } })).toBe(0);
    await expectConsistent();
  });
});
