import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { listDisagreements, type DisagreementRow, type SliceFilter } from "./disagreements";
import { critCte, judgedCte } from "./sql";

// listDisagreements ranks before it joins (see its comment). Its answer must be
// exactly what the straightforward query gives — every mismatching unit joined
// to its output and item, then sorted — kept here verbatim as the reference,
// for pointwise and pairwise judges, every slice kind and limits that cut
// through ties in distance.

/** The original query: join everything, sort, take `limit`. */
async function referenceDisagreements(projectId: string, opts: { judgeId: string; criterionKey: string; slice?: SliceFilter; limit?: number }) {
  const filter = { judgeId: opts.judgeId, criterionKey: opts.criterionKey };
  const slice = opts.slice;
  const sliceSql =
    slice?.kind === "run"
      ? Prisma.sql`AND POSITION(':' IN jd."targetKey") = 0 AND o."runId" = ${slice.value}`
      : slice?.kind === "tag"
        ? Prisma.sql`AND ${slice.value} = ANY(i.tags)`
        : slice?.kind === "category"
          ? Prisma.sql`AND i.metadata->>'category' = ${slice.value}`
          : Prisma.empty;
  const rows = await db.$queryRaw<DisagreementRow[]>`
    WITH ${critCte(projectId, filter)}, ${judgedCte(projectId, filter)},
    ordinal AS (SELECT DISTINCT key FROM crit WHERE criterion_kind_is_numeric(kind))
    SELECT jd."targetKey", i.id AS "itemId", i."externalId",
      (SELECT STRING_AGG(r.name, ' vs ' ORDER BY r.name) FROM "Output" ox JOIN "Run" r ON r.id = ox."runId"
        WHERE ox.id IN (split_part(jd."targetKey", ':', 1) COLLATE "default", split_part(jd."targetKey", ':', 2) COLLATE "default")) AS "runNames",
      c.code AS human, jd.code AS judge,
      CASE WHEN jd.key IN (SELECT key FROM ordinal) THEN ABS(c.code::float8 - jd.code::float8)
           WHEN c.code = jd.code THEN 0 ELSE 1 END AS distance,
      h.reviewers
    FROM judged jd
    JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey"
    CROSS JOIN LATERAL unnest(h.consensus) AS c(code)
    JOIN "Output" o ON o.id = split_part(jd."targetKey", ':', 1)
    JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE jd.code IS NOT NULL AND c.code <> jd.code ${sliceSql}
    ORDER BY distance DESC, i.position, jd."targetKey"
    LIMIT ${opts.limit ?? 50}`;
  return rows.map((row) => ({ ...row, distance: Number(row.distance) }));
}

const ITEMS = 8;
// Positions out of creation order, so ordering by position is not ordering by id.
const position = (i: number) => (i * 5) % ITEMS;
const helpLabel = (i: number, run: number, reviewer: number) => 1 + ((i * 3 + run * 2 + reviewer * (i % 3)) % 5);
const helpJudge = (i: number, run: number) => 1 + ((i * 7 + run * 3) % 5);
const safeLabel = (i: number, reviewer: number) => (i + reviewer) % 3 === 0 ? 0 : 1;
const safeJudge = (i: number) => (i % 2 === 0 ? 1 : 0);
const PREF = ["A", "B", "TIE", "A", "B", "A", "TIE", "B"] as const;

async function scenario() {
  const { project } = await createProjectWithMembers(["LEAD"]);
  const reviewers = await Promise.all([0, 1, 2].map(() => createUser()));
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
  const runs = await Promise.all(["run-a", "run-b", "run-c"].map((name) => db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name, model: "m" } })));
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  // Two rubric versions: labels under either count for the key; the judge scores under v2.
  const v1 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const v2 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 2 } });
  const criteria = async (rubricVersionId: string) => ({
    help: await db.criterion.create({ data: { rubricVersionId, key: "help", name: "Help", kind: "LIKERT", position: 0, config: { min: 1, max: 5, anchors: ["", "", "", "", ""] } } }),
    safe: await db.criterion.create({ data: { rubricVersionId, key: "safe", name: "Safe", kind: "BINARY", position: 1 } }),
    pref: await db.criterion.create({ data: { rubricVersionId, key: "pref", name: "Pref", kind: "PREFERENCE", position: 2 } }),
  });
  const c1 = await criteria(v1.id);
  const c2 = await criteria(v2.id);
  const judge = await db.judge.create({ data: { projectId: project.id, name: "j", model: "m" } });
  const pairJudge = await db.judge.create({ data: { projectId: project.id, name: "pj", model: "m" } });

  const outputs: { id: string; run: number; i: number }[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const item = await db.datasetItem.create({
      data: { datasetVersionId: version.id, externalId: `q${i}`, position: position(i), inputText: "?", contentHash: `i${i}`, tags: i % 2 ? ["odd", "all"] : ["even", "all"], metadata: { category: `c${i % 3}` } },
    });
    for (const [run, r] of runs.entries()) {
      const output = await db.output.create({ data: { runId: r.id, itemId: item.id, content: `${run}-${i}` } });
      outputs.push({ id: output.id, run, i });
    }
  }

  let client = 0;
  const label = (reviewer: number, rubricVersionId: string, values: Prisma.LabelValueCreateWithoutLabelInput[]) =>
    db.label.create({ data: { clientId: `l-${client++}`, reviewerId: reviewers[reviewer]!.id, rubricVersionId, source: "IMPORT", values: { create: values } } });

  for (const o of outputs) {
    // Helpfulness: two reviewers on every output (reviewer 0 under v1), judged on every output.
    for (const reviewer of [0, 1]) {
      const c = reviewer === 0 ? c1 : c2;
      const values: Prisma.LabelValueCreateWithoutLabelInput[] = [{ criterion: { connect: { id: c.help.id } }, targetKey: o.id, output: { connect: { id: o.id } }, value: helpLabel(o.i, o.run, reviewer) }];
      // Safety: three reviewers on run-a only.
      if (o.run === 0) values.push({ criterion: { connect: { id: c.safe.id } }, targetKey: o.id, output: { connect: { id: o.id } }, value: safeLabel(o.i, reviewer) });
      await label(reviewer, reviewer === 0 ? v1.id : v2.id, values);
    }
    if (o.run === 0) await label(2, v2.id, [{ criterion: { connect: { id: c2.safe.id } }, targetKey: o.id, output: { connect: { id: o.id } }, value: safeLabel(o.i, 2) }]);
    await db.judgeScore.create({ data: { judgeId: judge.id, outputId: o.id, criterionId: c2.help.id, value: helpJudge(o.i, o.run) } });
    if (o.run === 0) await db.judgeScore.create({ data: { judgeId: judge.id, outputId: o.id, criterionId: c2.safe.id, value: safeJudge(o.i) } });
  }

  // Preference on (run-a, run-b) pairs: the pairwise judge in both orders, two reviewers.
  const pairs: { key: string; i: number }[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const a = outputs.find((o) => o.i === i && o.run === 0)!;
    const b = outputs.find((o) => o.i === i && o.run === 1)!;
    const item = await db.output.findUniqueOrThrow({ where: { id: a.id }, select: { itemId: true } });
    const flipped = PREF[i] === "A" ? "B" : PREF[i] === "B" ? "A" : "TIE";
    // Item 6 disagrees with itself across orders: a tie after combining.
    await db.pairwiseJudgeScore.createMany({
      data: [
        { judgeId: pairJudge.id, criterionId: c2.pref.id, itemId: item.itemId, outputAId: a.id, outputBId: b.id, shownOrder: "AB", verdict: PREF[i]! },
        { judgeId: pairJudge.id, criterionId: c2.pref.id, itemId: item.itemId, outputAId: b.id, outputBId: a.id, shownOrder: "BA", verdict: i === 6 ? "A" : flipped },
      ],
    });
    const [lo, hi] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    const human = (i * 2) % 3 === 0 ? "A" : (i * 2) % 3 === 1 ? "B" : "TIE";
    for (const reviewer of [0, 1]) {
      await label(reviewer, v2.id, [{ criterion: { connect: { id: c2.pref.id } }, targetKey: `${lo}:${hi}`, output: { connect: { id: lo } }, otherOutputId: hi, category: human }]);
    }
    pairs.push({ key: `${lo}:${hi}`, i });
  }

  // The lead's word replaces the reviewers' on one unit and drops a contested one.
  const adjudicated = outputs.find((o) => o.i === 3 && o.run === 1)!;
  const contested = outputs.find((o) => o.i === 5 && o.run === 2)!;
  await db.groundTruth.create({ data: { projectId: project.id, criterionId: c1.help.id, targetKey: adjudicated.id, outputId: adjudicated.id, value: 1, status: "ADJUDICATED" } });
  await db.groundTruth.create({ data: { projectId: project.id, criterionId: c2.help.id, targetKey: contested.id, outputId: contested.id, status: "CONTESTED" } });

  return { project, judge, pairJudge, runs, outputs, pairs, adjudicated, contested };
}

describe("listDisagreements", () => {
  it("returns exactly the reference query's rows, in order, for every judge, slice and limit", async () => {
    const s = await scenario();

    // A hand-computed expectation for the pointwise scale (no slice): nothing the SQL shares.
    const expected = s.outputs
      .filter((o) => o.id !== s.contested.id)
      .map((o) => {
        // Two reviewers: the consensus is their mean (a tie between scale points stays, e.g. 3.5).
        const human = o.id === s.adjudicated.id ? 1 : (helpLabel(o.i, o.run, 0) + helpLabel(o.i, o.run, 1)) / 2;
        const judge = helpJudge(o.i, o.run);
        return { targetKey: o.id, externalId: `q${o.i}`, runNames: ["run-a", "run-b", "run-c"][o.run]!, human: String(human), judge: String(judge), distance: Math.abs(human - judge), reviewers: 2, position: position(o.i) };
      })
      .filter((row) => row.distance > 0)
      .sort((a, b) => b.distance - a.distance || a.position - b.position || (a.targetKey < b.targetKey ? -1 : 1))
      .map(({ position: _, ...row }) => row);
    const help = await listDisagreements(s.project.id, { judgeId: s.judge.id, criterionKey: "help" });
    expect(help.map(({ itemId: _, ...row }) => row)).toEqual(expected);
    // Enough rows, and ties in distance, for the limits below to cut through a tie.
    expect(expected.length).toBeGreaterThan(12);
    expect(new Set(expected.map((row) => row.distance)).size).toBeGreaterThan(1);

    const pref = await listDisagreements(s.project.id, { judgeId: s.pairJudge.id, criterionKey: "pref" });
    expect(pref.length).toBeGreaterThan(2);
    expect(pref.every((row) => row.runNames === "run-a vs run-b" && row.targetKey.includes(":") && row.distance === 1)).toBe(true);

    const cases: { judgeId: string; criterionKey: string }[] = [
      { judgeId: s.judge.id, criterionKey: "help" },
      { judgeId: s.judge.id, criterionKey: "safe" },
      { judgeId: s.pairJudge.id, criterionKey: "pref" },
      // A judge with no scores on the key: nothing, from both.
      { judgeId: s.pairJudge.id, criterionKey: "help" },
    ];
    const slices: SliceFilter[] = [
      null,
      { kind: "run", value: s.runs[0]!.id },
      { kind: "run", value: s.runs[1]!.id },
      { kind: "tag", value: "odd" },
      { kind: "tag", value: "all" },
      { kind: "category", value: "c1" },
      { kind: "category", value: "none" },
    ];
    let nonEmpty = 0;
    for (const c of cases) {
      for (const slice of slices) {
        for (const limit of [1, 3, 5, 8, 50]) {
          const opts = { ...c, slice, limit };
          const actual = await listDisagreements(s.project.id, opts);
          const reference = await referenceDisagreements(s.project.id, opts);
          expect(actual, JSON.stringify({ ...c, slice, limit })).toEqual(reference);
          if (actual.length) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(40);
  });
});
