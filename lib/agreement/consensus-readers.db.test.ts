import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { loadCriterionGroups } from "@/lib/comparisons/criteria";
import { decidedScoresCtes } from "@/lib/comparisons/decided-scores-sql";
import { leaveOneOutCounts } from "@/lib/reviewers/quality";
import { contingencyCountsSql } from "./sql";
import { codeOf, isNumericKind, newestPerReviewer, reviewersConsensus, unitConsensus, type OracleKind, type OracleLabel, type OracleTruth } from "./test/consensus-oracle";

// One consensus rule, every reader: random label sets (several reviewers, two
// rubric versions of every key, edits, agreed / adjudicated / contested ground
// truth) are written to the database, and each reader of the consensus — the
// "HumanJudgment" aggregate behind the dashboards, the disagreement explorer
// and exports; the agreement counts; run comparison's decided values; reviewer
// quality's leave-one-out — must report for every unit what the plain
// TypeScript statement of the rule (test/consensus-oracle.ts) says.

const KINDS: { key: string; kind: OracleKind; answers: (number | string)[]; config: object }[] = [
  { key: "help", kind: "LIKERT", answers: [1, 2, 3, 4, 5], config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } },
  { key: "safe", kind: "BINARY", answers: [0, 1], config: {} },
  { key: "fact", kind: "FACTUALITY", answers: ["correct", "incorrect", "not_attempted"], config: {} },
  { key: "tone", kind: "CATEGORICAL", answers: ["warm", "cold", "flat"], config: { options: ["warm", "cold", "flat"] } },
];
const OUTPUTS = 4;
const REVIEWERS = 4;

const labelEvent = fc.record({ type: fc.constant("label" as const), reviewer: fc.nat(REVIEWERS - 1), output: fc.nat(OUTPUTS - 1), key: fc.nat(KINDS.length - 1), version: fc.nat(1), answer: fc.nat(4) });
const editEvent = fc.record({ type: fc.constant("edit" as const), label: fc.nat(60), answer: fc.nat(4) });
const truthEvent = fc.record({
  type: fc.constant("truth" as const),
  output: fc.nat(OUTPUTS - 1),
  key: fc.nat(KINDS.length - 1),
  version: fc.nat(1),
  status: fc.constantFrom("AGREED" as const, "ADJUDICATED" as const, "CONTESTED" as const),
  answer: fc.option(fc.nat(4), { nil: null }),
});
const scenario = fc.array(fc.oneof({ arbitrary: labelEvent, weight: 6 }, { arbitrary: editEvent, weight: 1 }, { arbitrary: truthEvent, weight: 1 }), { minLength: 10, maxLength: 45 });
type Event = typeof scenario extends fc.Arbitrary<(infer E)[]> ? E : never;

async function world() {
  const { project } = await createProjectWithMembers(["LEAD"]);
  const reviewers = await Promise.all(Array.from({ length: REVIEWERS }, (_, i) => createUser({ name: `R${i}` })));
  for (const user of reviewers) await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "REVIEWER" } });
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
  const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run", model: "m" } });
  const outputs: string[] = [];
  for (let i = 0; i < OUTPUTS; i++) {
    const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: `q${i}`, position: i, inputText: "?", contentHash: `c${i}` } });
    outputs.push((await db.output.create({ data: { runId: run.id, itemId: item.id, content: "a" } })).id);
  }
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  const versions = [];
  for (const number of [1, 2]) {
    const rv = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: number } });
    const criteria = await Promise.all(KINDS.map((k, position) => db.criterion.create({ data: { rubricVersionId: rv.id, key: k.key, name: k.key, kind: k.kind, position, config: k.config } })));
    versions.push({ id: rv.id, criteria: criteria.map((c) => c.id) });
  }
  // A judge scores every output on the newest version: the agreement counts pair its code with each unit's consensus.
  const judge = await db.judge.create({ data: { projectId: project.id, name: "j", model: "m" } });
  const judgeAnswer = (key: number, output: number) => KINDS[key]!.answers[(key + output) % KINDS[key]!.answers.length]!;
  for (const [o, outputId] of outputs.entries()) {
    for (const k of KINDS.keys()) {
      const answer = judgeAnswer(k, o);
      await db.judgeScore.create({ data: { judgeId: judge.id, outputId, criterionId: versions[1]!.criteria[k]!, ...(typeof answer === "number" ? { value: answer } : { category: answer }) } });
    }
  }
  return { project, reviewers, run, outputs, versions, judge, judgeAnswer };
}

type World = Awaited<ReturnType<typeof world>>;
type Unit = { labels: OracleLabel[]; truths: (OracleTruth & { version: number })[] };

/** Writes the events in order, each a second after the last, and returns what each unit received. */
async function play(w: World, events: Event[]) {
  const units = new Map<string, Unit>();
  const unitOf = (key: number, output: number) => {
    const id = `${key}:${output}`;
    if (!units.has(id)) units.set(id, { labels: [], truths: [] });
    return units.get(id)!;
  };
  const labels: { id: string; key: number; output: number; reviewer: string; entry: OracleLabel }[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (const [i, event] of events.entries()) {
    const at = start + i * 1000;
    const when = new Date(at);
    if (event.type === "label") {
      const kind = KINDS[event.key]!;
      const answer = kind.answers[event.answer % kind.answers.length]!;
      const reviewer = w.reviewers[event.reviewer]!.id;
      const id = `lbl-${String(i).padStart(3, "0")}-${w.project.id}`;
      const outputId = w.outputs[event.output]!;
      await db.$executeRaw`INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", "updatedAt") VALUES (${id}, ${id}, ${reviewer}, ${w.versions[event.version]!.id}, ${when})`;
      await db.$executeRaw`INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", value, category)
        VALUES (${`${id}-v`}, ${id}, ${w.versions[event.version]!.criteria[event.key]!}, ${outputId}, ${outputId},
          ${typeof answer === "number" ? answer : null}::float8, ${typeof answer === "string" ? answer : null})`;
      const entry = { reviewer, at, answer };
      unitOf(event.key, event.output).labels.push(entry);
      labels.push({ id, key: event.key, output: event.output, reviewer, entry });
    } else if (event.type === "edit") {
      const label = labels[event.label % Math.max(labels.length, 1)];
      if (!label) continue;
      const kind = KINDS[label.key]!;
      const answer = kind.answers[event.answer % kind.answers.length]!;
      await db.$executeRaw`UPDATE "LabelValue" SET value = ${typeof answer === "number" ? answer : null}::float8, category = ${typeof answer === "string" ? answer : null} WHERE "labelId" = ${label.id}`;
      await db.$executeRaw`UPDATE "Label" SET "updatedAt" = ${when} WHERE id = ${label.id}`;
      label.entry.answer = answer;
      label.entry.at = at;
    } else {
      const kind = KINDS[event.key]!;
      const answer = event.answer === null ? null : kind.answers[event.answer % kind.answers.length]!;
      const criterionId = w.versions[event.version]!.criteria[event.key]!;
      const outputId = w.outputs[event.output]!;
      await db.$executeRaw`
        INSERT INTO "GroundTruth" (id, "projectId", "criterionId", "targetKey", "outputId", value, category, status, "updatedAt")
        VALUES (${`gt-${i}-${w.project.id}`}, ${w.project.id}, ${criterionId}, ${outputId}, ${outputId},
          ${typeof answer === "number" ? answer : null}::float8, ${typeof answer === "string" ? answer : null}, ${event.status}::"GroundTruthStatus", ${when})
        ON CONFLICT ("criterionId", "targetKey") DO UPDATE SET value = EXCLUDED.value, category = EXCLUDED.category, status = EXCLUDED.status, "updatedAt" = EXCLUDED."updatedAt"`;
      const truths = unitOf(event.key, event.output).truths;
      const same = truths.findIndex((t) => t.version === event.version);
      if (same >= 0) truths.splice(same, 1);
      truths.push({ version: event.version, at, status: event.status, answer });
    }
  }
  return units;
}

async function checkReaders(w: World, units: Map<string, Unit>) {
  const expected = [...units.entries()].map(([id, unit]) => {
    const [key, output] = id.split(":").map(Number) as [number, number];
    return { key: KINDS[key]!.key, kind: KINDS[key]!.kind, output, outputId: w.outputs[output]!, unit, ...unitConsensus(KINDS[key]!.kind, unit.labels, unit.truths) };
  });

  // 1. The aggregate the dashboards, the disagreement explorer, bias and exports read.
  const stored = await db.humanJudgment.findMany({ where: { projectId: w.project.id }, select: { criterionKey: true, targetKey: true, consensus: true, fromTruth: true } });
  const storedBy = new Map(stored.map((row) => [`${row.criterionKey}|${row.targetKey}`, row]));
  for (const unit of expected) {
    const row = storedBy.get(`${unit.key}|${unit.outputId}`);
    expect({ unit: `${unit.key} ${unit.output}`, consensus: row?.consensus ?? [], fromTruth: row?.fromTruth ?? false })
      .toEqual({ unit: `${unit.key} ${unit.output}`, consensus: unit.code === null ? [] : [unit.code], fromTruth: unit.fromTruth && unit.code !== null });
  }

  // 2. The agreement counts: consensus × the judge's code, per criterion key.
  const counts = await db.$queryRaw<{ key: string; slice: string; human: string; judge: string; count: number }[]>(contingencyCountsSql(w.project.id, { judgeId: w.judge.id }));
  const tally = (rows: { key: string; human: string; judge: string; count: number }[]) =>
    rows.map((r) => `${r.key} ${r.human}×${r.judge}: ${r.count}`).sort();
  const wanted = new Map<string, { key: string; human: string; judge: string; count: number }>();
  for (const unit of expected) {
    if (unit.code === null) continue;
    const judge = codeOf(w.judgeAnswer(KINDS.findIndex((k) => k.key === unit.key), unit.output));
    const id = `${unit.key}|${unit.code}|${judge}`;
    const row = wanted.get(id) ?? { key: unit.key, human: unit.code, judge, count: 0 };
    row.count += 1;
    wanted.set(id, row);
  }
  expect(tally(counts.filter((row) => row.slice === "all"))).toEqual(tally([...wanted.values()]));

  // 3. Run comparison's decided values (the people's word, no judge).
  const groups = await loadCriterionGroups(w.project.id);
  const decided = await db.$queryRaw<{ g: number; oid: string; value: number | null; category: string | null; source: string }[]>(Prisma.sql`
    ${decidedScoresCtes({ projectId: w.project.id, groups, runIds: [w.run.id], judgeId: null })}
    SELECT g, oid, value, category, source FROM decided`);
  const decidedRows = decided.map((row) => {
    const group = groups.find((g) => g.index === row.g)!;
    return `${group.key} ${row.oid} ${row.category ?? codeOf(row.value!)} ${row.source}`;
  });
  const wantedDecided = expected
    .filter((unit) => unit.code !== null && groups.some((g) => g.key === unit.key))
    .map((unit) => `${unit.key} ${unit.outputId} ${unit.code} ${unit.fromTruth ? "adjudicated" : "human"}`);
  expect(decidedRows.sort()).toEqual(wantedDecided.sort());

  // 4. Reviewer quality: each reviewer against the others' consensus (codes only, no ground truth).
  const loo = await leaveOneOutCounts(w.project.id);
  const wantedLoo = new Map<string, number>();
  for (const unit of expected) {
    const judgments = newestPerReviewer(unit.unit.labels);
    if (judgments.length < 2) continue;
    for (const own of judgments) {
      const others = reviewersConsensus(unit.kind, judgments.filter((j) => j !== own).map((j) => j.code));
      if (others === null || (isNumericKind(unit.kind) && !Number.isInteger(Number(others)))) continue;
      const id = `${own.reviewer} ${own.code}→${others}`;
      wantedLoo.set(id, (wantedLoo.get(id) ?? 0) + 1);
    }
  }
  expect(loo.map((row) => `${row.reviewerId} ${row.own}→${row.others}: ${row.count}`).sort()).toEqual([...wantedLoo.entries()].map(([id, n]) => `${id}: ${n}`).sort());
}

describe("the consensus rule", () => {
  it("is what every reader reports, for every unit of random label sets", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (events) => {
        const w = await world();
        const units = await play(w, events);
        await checkReaders(w, units);
      }),
      { seed: 20261204, numRuns: 12 },
    );
  }, 120_000);

  it("takes the mean of the two middle values on a tied numeric vote, and no categorical consensus on a tie", async () => {
    const w = await world();
    const [a, b] = [w.reviewers[0]!.id, w.reviewers[1]!.id];
    const units = await play(w, [
      { type: "label", reviewer: 0, output: 0, key: 0, version: 1, answer: 2 },
      { type: "label", reviewer: 1, output: 0, key: 0, version: 1, answer: 3 },
      { type: "label", reviewer: 0, output: 0, key: 3, version: 0, answer: 0 },
      { type: "label", reviewer: 1, output: 0, key: 3, version: 1, answer: 1 },
    ]);
    expect(unitConsensus("LIKERT", units.get("0:0")!.labels, [])).toEqual({ code: "3.5", fromTruth: false });
    const help = await db.humanJudgment.findFirst({ where: { projectId: w.project.id, criterionKey: "help" } });
    expect(help).toMatchObject({ codes: ["3", "4"], consensus: ["3.5"], reviewerIds: [a, b] });
    const tone = await db.humanJudgment.findFirst({ where: { projectId: w.project.id, criterionKey: "tone" } });
    expect(tone).toMatchObject({ codes: ["cold", "warm"], consensus: [] });
    await checkReaders(w, units);
  });
});
