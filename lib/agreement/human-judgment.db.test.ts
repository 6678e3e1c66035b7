import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { consensusCtes, criteriaCte } from "./test/reference-sql";

// "HumanJudgment" is written only by triggers. After every kind of write it
// must equal a from-scratch recomputation over the label tables, done here with
// the reference CTEs in test/reference-sql.ts (criteriaCte + consensusCtes).

type Judgment = { key: string; targetKey: string; reviewers: number; codes: string[]; reviewerIds: string[]; consensus: string[] };

async function stored(projectId: string): Promise<Judgment[]> {
  const rows = await db.humanJudgment.findMany({ where: { projectId } });
  return rows
    .map((r) => ({ key: r.criterionKey, targetKey: r.targetKey, reviewers: r.reviewers, codes: r.codes, reviewerIds: r.reviewerIds, consensus: [...r.consensus].sort() }))
    .sort(byTarget);
}

async function recomputed(projectId: string): Promise<Judgment[]> {
  const rows = await db.$queryRaw<Judgment[]>(Prisma.sql`
    WITH ${criteriaCte(projectId, {})}, ${consensusCtes(projectId)},
    coded AS (
      SELECT key, "targetKey", COUNT(*)::int AS reviewers,
        ARRAY_AGG(code ORDER BY code, "reviewerId") AS codes, ARRAY_AGG("reviewerId" ORDER BY code, "reviewerId") AS "reviewerIds"
      FROM human GROUP BY key, "targetKey"
    ),
    agreed AS (
      SELECT key, "targetKey", COALESCE(ARRAY_AGG(code ORDER BY code) FILTER (WHERE code IS NOT NULL), '{}') AS consensus
      FROM consensus GROUP BY key, "targetKey"
    )
    SELECT COALESCE(c.key, a.key) AS key, COALESCE(c."targetKey", a."targetKey") AS "targetKey",
      COALESCE(c.reviewers, 0) AS reviewers, COALESCE(c.codes, '{}') AS codes, COALESCE(c."reviewerIds", '{}') AS "reviewerIds",
      COALESCE(a.consensus, '{}') AS consensus
    FROM coded c FULL JOIN agreed a ON a.key = c.key AND a."targetKey" = c."targetKey"`);
  return rows.sort(byTarget);
}

function byTarget(a: Judgment, b: Judgment) {
  return a.key.localeCompare(b.key) || a.targetKey.localeCompare(b.targetKey);
}

async function expectInSync(projectId: string) {
  const [actual, expected, mismatchedProfiles] = await Promise.all([stored(projectId), recomputed(projectId), profileMismatches(projectId)]);
  expect(actual).toEqual(expected);
  expect(mismatchedProfiles).toEqual([]);
  return actual;
}

/** Judgments whose "profileId" does not number exactly their own (codes, consensus). */
async function profileMismatches(projectId: string) {
  return db.$queryRaw<{ targetKey: string }[]>(Prisma.sql`
    SELECT h."targetKey" FROM "HumanJudgment" h LEFT JOIN "JudgmentProfile" p ON p.id = h."profileId"
    WHERE h."projectId" = ${projectId} AND (p.id IS NULL OR p.codes <> h.codes OR p.consensus <> h.consensus)`);
}

async function judgmentOf(projectId: string, key: string, targetKey: string) {
  return (await stored(projectId)).find((j) => j.key === key && j.targetKey === targetKey);
}

const LIKERT = { min: 1, max: 5, anchors: ["", "", "", "", ""] };

async function scenario() {
  const { project } = await createProjectWithMembers(["LEAD"]);
  const reviewers = await Promise.all([0, 1, 2].map(() => createUser()));
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
  const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run", model: "m" } });
  const other = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "other", model: "m" } });
  const outputs: { id: string; pairWith: string }[] = [];
  for (let i = 0; i < 6; i++) {
    const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: `q${i}`, position: i, inputText: "?", contentHash: `c${i}` } });
    const a = await db.output.create({ data: { runId: run.id, itemId: item.id, content: "a" } });
    const b = await db.output.create({ data: { runId: other.id, itemId: item.id, content: "b" } });
    outputs.push({ id: a.id, pairWith: b.id });
  }
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  const v1 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const v2 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 2 } });
  const criteria = async (rubricVersionId: string) => ({
    help: await db.criterion.create({ data: { rubricVersionId, key: "help", name: "Help", kind: "LIKERT", position: 0, config: LIKERT } }),
    safe: await db.criterion.create({ data: { rubricVersionId, key: "safe", name: "Safe", kind: "BINARY", position: 1 } }),
    tone: await db.criterion.create({ data: { rubricVersionId, key: "tone", name: "Tone", kind: "CATEGORICAL", position: 2, config: { options: ["warm", "cold", "flat"] } } }),
    pref: await db.criterion.create({ data: { rubricVersionId, key: "pref", name: "Pref", kind: "PREFERENCE", position: 3 } }),
  });
  const c1 = await criteria(v1.id);
  const c2 = await criteria(v2.id);
  const pairKey = (o: { id: string; pairWith: string }) => (o.id < o.pairWith ? `${o.id}:${o.pairWith}` : `${o.pairWith}:${o.id}`);
  return { project, reviewers, outputs, v1, v2, c1, c2, pairKey };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

/** One review submit: a label with values for several criteria, as lib/review/queue.ts writes it. */
async function submit(s: Scenario, reviewer: number, rubricVersion: "v1" | "v2", output: number, values: { help?: number; safe?: number; tone?: string; pref?: string }, updatedAt?: Date) {
  const c = rubricVersion === "v1" ? s.c1 : s.c2;
  const o = s.outputs[output]!;
  const create = [
    ...(values.help !== undefined ? [{ criterionId: c.help.id, targetKey: o.id, outputId: o.id, value: values.help }] : []),
    ...(values.safe !== undefined ? [{ criterionId: c.safe.id, targetKey: o.id, outputId: o.id, value: values.safe }] : []),
    ...(values.tone !== undefined ? [{ criterionId: c.tone.id, targetKey: o.id, outputId: o.id, category: values.tone }] : []),
    ...(values.pref !== undefined ? [{ criterionId: c.pref.id, targetKey: s.pairKey(o), outputId: o.id, otherOutputId: o.pairWith, category: values.pref }] : []),
  ];
  return db.label.create({
    data: {
      clientId: crypto.randomUUID(),
      reviewerId: s.reviewers[reviewer]!.id,
      rubricVersionId: rubricVersion === "v1" ? s.v1.id : s.v2.id,
      ...(updatedAt ? { updatedAt } : {}),
      values: { create },
    },
  });
}

describe("HumanJudgment kept in sync by triggers", () => {
  it("follows submits, edits, deletes and a reviewer labelling under two rubric versions", async () => {
    const s = await scenario();
    const out = s.outputs[0]!.id;
    await submit(s, 0, "v1", 0, { help: 2, safe: 1, tone: "warm", pref: "A" });
    await submit(s, 1, "v1", 0, { help: 3, safe: 0, tone: "warm", pref: "B" });
    await submit(s, 2, "v1", 0, { help: 5, safe: 1, tone: "cold" });
    await submit(s, 0, "v1", 1, { help: 4, tone: "warm" });
    await submit(s, 1, "v1", 1, { help: 5, tone: "cold" });
    await expectInSync(s.project.id);
    // Median 3 of (2, 3, 5); safe 2:1 majority; tone 2:1 majority; preference tied 1:1 → none.
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ reviewers: 3, codes: ["2", "3", "5"], consensus: ["3"] });
    expect(await judgmentOf(s.project.id, "safe", out)).toMatchObject({ codes: ["0", "1", "1"], consensus: ["1"] });
    expect(await judgmentOf(s.project.id, "tone", out)).toMatchObject({ consensus: ["warm"] });
    expect(await judgmentOf(s.project.id, "pref", s.pairKey(s.outputs[0]!))).toMatchObject({ reviewers: 2, consensus: [] });
    // The median of (4, 5) is their mean, 4.5, never rounded to a scale point; a 1:1 tone tie is no consensus.
    expect(await judgmentOf(s.project.id, "help", s.outputs[1]!.id)).toMatchObject({ consensus: ["4.5"] });
    expect(await judgmentOf(s.project.id, "tone", s.outputs[1]!.id)).toMatchObject({ consensus: [] });

    // Reviewer 0 labels the same output again under rubric v2: the newer label wins, one judgment per reviewer.
    const newer = await submit(s, 0, "v2", 0, { help: 5, tone: "cold" }, new Date(Date.now() + 60_000));
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ reviewers: 3, codes: ["3", "5", "5"], consensus: ["5"] });
    expect(await judgmentOf(s.project.id, "tone", out)).toMatchObject({ codes: ["cold", "cold", "warm"], consensus: ["cold"] });

    // An older label touched again (edit) becomes the newest: its values win back.
    const older = await db.label.findFirstOrThrow({ where: { reviewerId: s.reviewers[0]!.id, rubricVersionId: s.v1.id, values: { some: { targetKey: out } } } });
    await db.label.update({ where: { id: older.id }, data: { rationale: "edited", updatedAt: new Date(Date.now() + 120_000) } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ codes: ["2", "3", "5"] });

    // An edit as the review queue does it: replace the values, then touch the label.
    await db.$transaction(async (tx) => {
      await tx.labelValue.deleteMany({ where: { labelId: newer.id } });
      await tx.labelValue.createMany({ data: [{ labelId: newer.id, criterionId: s.c2.help.id, targetKey: out, outputId: out, value: 1 }] });
      await tx.label.update({ where: { id: newer.id }, data: { rationale: "changed my mind", updatedAt: new Date(Date.now() + 180_000) } });
    });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ codes: ["1", "3", "5"], consensus: ["3"] });
    // Reviewer 0's newest label no longer has tone: the older v1 tone ("warm") counts again.
    expect(await judgmentOf(s.project.id, "tone", out)).toMatchObject({ codes: ["cold", "warm", "warm"], consensus: ["warm"] });

    // A value updated in place, a value deleted, a whole label deleted.
    await db.labelValue.updateMany({ where: { criterionId: s.c1.safe.id, targetKey: out, label: { reviewerId: s.reviewers[2]!.id } }, data: { value: 0 } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "safe", out)).toMatchObject({ consensus: ["0"] });
    await db.labelValue.deleteMany({ where: { criterionId: s.c1.tone.id, targetKey: s.outputs[1]!.id, label: { reviewerId: s.reviewers[1]!.id } } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "tone", s.outputs[1]!.id)).toMatchObject({ reviewers: 1, consensus: ["warm"] });
    await db.label.deleteMany({ where: { values: { some: { targetKey: s.outputs[1]!.id } } } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", s.outputs[1]!.id)).toBeUndefined();
  });

  it("follows ground truth set, contested, changed and cleared", async () => {
    const s = await scenario();
    const out = s.outputs[2]!.id;
    await submit(s, 0, "v1", 2, { help: 2, tone: "warm" });
    await submit(s, 1, "v1", 2, { help: 2, tone: "cold" });
    const lead = await createUser();
    const truth = await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c1.help.id, targetKey: out, outputId: out, value: 4, status: "ADJUDICATED", adjudicatedById: lead.id } });
    await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c1.tone.id, targetKey: out, outputId: out, category: "flat", status: "AGREED" } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ codes: ["2", "2"], consensus: ["4"] });
    expect(await judgmentOf(s.project.id, "tone", out)).toMatchObject({ consensus: ["flat"] });

    await db.groundTruth.update({ where: { id: truth.id }, data: { status: "CONTESTED", value: null } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ consensus: [] });

    // Truth on a target nobody labelled still gives a consensus.
    const lonely = s.outputs[3]!.id;
    await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c2.safe.id, targetKey: lonely, outputId: lonely, value: 1, status: "ADJUDICATED" } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "safe", lonely)).toMatchObject({ reviewers: 0, codes: [], consensus: ["1"] });

    await db.groundTruth.deleteMany({ where: { projectId: s.project.id } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", out)).toMatchObject({ consensus: ["2"] });
    expect(await judgmentOf(s.project.id, "safe", lonely)).toBeUndefined();
  });

  it("follows a bulk import with upserts, a renamed criterion and a deleted criterion", async () => {
    const s = await scenario();
    const reviewerIds = s.reviewers.map((r) => r.id);
    // As lib/imports/labels.ts writes: one multi-row INSERT of labels, one of values, with ON CONFLICT upserts.
    const importLabels = async (suffix: string, value: (o: number, r: number) => number) => {
      await db.$executeRaw`
        INSERT INTO "Label" (id, "clientId", "reviewerId", "rubricVersionId", source, "updatedAt")
        SELECT 'imp-' || o || '-' || r, 'imp-' || o, rid, ${s.v2.id}, 'IMPORT', now()
        FROM generate_series(0, 5) o, unnest(${reviewerIds}::text[]) WITH ORDINALITY AS u(rid, r)
        ON CONFLICT ("reviewerId", "clientId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"`;
      const rows = s.outputs.flatMap((o, i) => [0, 1, 2].map((r) => ({ label: `imp-${i}-${r + 1}`, target: o.id, value: value(i, r) })));
      await db.$executeRaw`
        INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", "outputId", value)
        SELECT 'iv-' || label || ${suffix}, label, ${s.c2.help.id}, target, target, value
        FROM unnest(${rows.map((r) => r.label)}::text[], ${rows.map((r) => r.target)}::text[], ${rows.map((r) => r.value)}::float8[]) AS t(label, target, value)
        ON CONFLICT ("labelId", "criterionId", "targetKey") DO UPDATE SET value = EXCLUDED.value`;
    };
    await importLabels("a", (o, r) => 1 + ((o + r) % 5));
    await expectInSync(s.project.id);
    expect((await stored(s.project.id)).filter((j) => j.key === "help")).toHaveLength(6);
    // Re-import: every value changes through ON CONFLICT DO UPDATE.
    await importLabels("b", (o) => 1 + (o % 5));
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "help", s.outputs[3]!.id)).toMatchObject({ codes: ["4", "4", "4"], consensus: ["4"] });

    // A criterion edited in place (a rubric version nobody used yet): judgments move to the new key.
    await db.criterion.update({ where: { id: s.c2.help.id }, data: { key: "helpfulness" } });
    await expectInSync(s.project.id);
    expect((await stored(s.project.id)).filter((j) => j.key === "help")).toHaveLength(0);
    expect((await stored(s.project.id)).filter((j) => j.key === "helpfulness")).toHaveLength(6);

    // A deleted criterion takes its labels and ground truth (cascades) and its judgments with it.
    await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c1.tone.id, targetKey: s.outputs[0]!.id, category: "warm", status: "AGREED" } });
    await expectInSync(s.project.id);
    await db.criterion.delete({ where: { id: s.c1.tone.id } });
    await expectInSync(s.project.id);
    expect(await judgmentOf(s.project.id, "tone", s.outputs[0]!.id)).toBeUndefined();
    await db.criterion.delete({ where: { id: s.c2.help.id } });
    expect(await expectInSync(s.project.id)).toEqual([]);
  });

  it("takes the set-based path for large writes (over 500 targets) with the same result", async () => {
    const s = await scenario();
    const [a, b] = s.reviewers;
    const label = async (reviewerId: string) => db.label.create({ data: { clientId: crypto.randomUUID(), reviewerId, rubricVersionId: s.v1.id, source: "IMPORT" } });
    const la = await label(a!.id);
    const lb = await label(b!.id);
    // 2 × 800 values on 800 synthetic targets, in one statement each.
    for (const [l, shift] of [[la, 0], [lb, 1]] as const) {
      await db.$executeRaw`
        INSERT INTO "LabelValue" (id, "labelId", "criterionId", "targetKey", value)
        SELECT ${l.id} || '-' || g, ${l.id}, ${s.c1.help.id}, 'bulk-' || g, 1 + (g + ${shift}) % 5 FROM generate_series(1, 800) g`;
    }
    expect((await expectInSync(s.project.id)).length).toBe(800);
    expect(await judgmentOf(s.project.id, "help", "bulk-1")).toMatchObject({ codes: ["2", "3"], consensus: ["2.5"] });
    await db.$executeRaw`UPDATE "LabelValue" SET value = 5 WHERE "labelId" = ${lb.id}`;
    await expectInSync(s.project.id);
    await db.$executeRaw`UPDATE "Label" SET "updatedAt" = now() + interval '1 minute' WHERE id IN (${la.id}, ${lb.id})`;
    await expectInSync(s.project.id);
    await db.$executeRaw`DELETE FROM "LabelValue" WHERE "labelId" = ${la.id} AND "targetKey" <> 'bulk-1'`;
    expect(await judgmentOf(s.project.id, "help", "bulk-2")).toMatchObject({ reviewers: 1, codes: ["5"] });
    await expectInSync(s.project.id);
    await db.label.delete({ where: { id: lb.id } });
    expect(await expectInSync(s.project.id)).toHaveLength(1);
  });

  it("numbers a profile once when two transactions create it at the same time", async () => {
    const s = await scenario();
    // A code no one has used yet, so both submits need a brand-new profile: the first
    // transaction inserts it and holds it uncommitted while the second tries the same.
    const novel = (output: number) => ({ criterionId: s.c1.tone.id, targetKey: s.outputs[output]!.id, outputId: s.outputs[output]!.id, category: "flat" });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
    const first = db.$transaction(async (tx) => {
      await tx.label.create({ data: { clientId: crypto.randomUUID(), reviewerId: s.reviewers[0]!.id, rubricVersionId: s.v1.id, values: { create: [novel(4)] } } });
      inserted();
      await held;
    });
    await firstInserted;
    const second = db.label.create({ data: { clientId: crypto.randomUUID(), reviewerId: s.reviewers[1]!.id, rubricVersionId: s.v1.id, values: { create: [novel(5)] } } });
    // The second waits on the first's uncommitted profile row; let the first commit.
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([first, second]);
    await expectInSync(s.project.id);
    const ids = await db.humanJudgment.findMany({ where: { projectId: s.project.id, criterionKey: "tone" }, select: { profileId: true } });
    expect(ids).toHaveLength(2);
    expect(new Set(ids.map((row) => row.profileId)).size).toBe(1);
  });

  it("goes with its project", async () => {
    const s = await scenario();
    await db.groundTruth.create({ data: { projectId: s.project.id, criterionId: s.c1.help.id, targetKey: s.outputs[0]!.id, value: 3, status: "AGREED" } });
    expect(await stored(s.project.id)).toHaveLength(1);
    await db.project.delete({ where: { id: s.project.id } });
    expect(await db.humanJudgment.count({ where: { projectId: s.project.id } })).toBe(0);
  });
});
