import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { seedDemoIfEmpty } from "@/prisma/seed";
import { loadCountsAndProfiles } from "./overall";

// The one-pass overall query must give exactly the rows of the two separate
// queries (contingency counts of the "all" slice, ceiling profiles).

async function bothWays(projectId: string) {
  const [counts, profiles] = await loadCountsAndProfiles(projectId, {}, { slices: true });
  const [overallCounts, overallProfiles] = await loadCountsAndProfiles(projectId, {}, { slices: false });
  const sortCounts = (rows: typeof counts) =>
    rows.filter((r) => r.slice === "all").map((r) => `${r.judgeId} ${r.key} ${r.human} ${r.judge} ${r.count}`).sort();
  const sortProfiles = (rows: typeof profiles) => rows.map((r) => `${r.judgeId} ${r.key} ${JSON.stringify(r.codes)} ${r.units}`).sort();
  return { separate: { counts: sortCounts(counts), profiles: sortProfiles(profiles) }, overall: { counts: sortCounts(overallCounts), profiles: sortProfiles(overallProfiles) } };
}

describe("overall agreement rows in one pass", () => {
  it("equal the separate counts and ceiling queries on the demo", async () => {
    await seedDemoIfEmpty();
    const project = await db.project.findUniqueOrThrow({ where: { slug: "support-bot-answers" } });
    const { separate, overall } = await bothWays(project.id);
    expect(separate.counts.length).toBeGreaterThan(10);
    expect(separate.profiles.length).toBeGreaterThan(5);
    expect(overall).toEqual(separate);
  });

  it("count a unit scored under two rubric versions twice in the table and once in the ceiling, as the separate queries do", async () => {
    const { project } = await createProjectWithMembers(["LEAD"]);
    const reviewers = await Promise.all([0, 1].map(() => createUser()));
    const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
    const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
    const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run", model: "m" } });
    const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
    const versions = [await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } }), await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 2 } })];
    const config = { min: 1, max: 5, anchors: ["", "", "", "", ""] };
    const help = await Promise.all(versions.map((v) => db.criterion.create({ data: { rubricVersionId: v.id, key: "help", name: "Help", kind: "LIKERT", position: 0, config } })));
    const judge = await db.judge.create({ data: { projectId: project.id, name: "j", model: "m" } });
    for (let i = 0; i < 4; i++) {
      const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: `q${i}`, position: i, inputText: "?", contentHash: `c${i}` } });
      const output = await db.output.create({ data: { runId: run.id, itemId: item.id, content: "a" } });
      for (const [r, reviewer] of reviewers.entries()) {
        await db.label.create({
          data: { clientId: `l${i}-${r}`, reviewerId: reviewer.id, rubricVersionId: versions[r]!.id, values: { create: [{ criterionId: help[r]!.id, targetKey: output.id, outputId: output.id, value: 1 + ((i + r) % 5) }] } },
        });
      }
      // The judge scored the first two outputs under both versions.
      for (const [v, criterion] of help.entries()) {
        if (v === 0 || i < 2) await db.judgeScore.create({ data: { judgeId: judge.id, outputId: output.id, criterionId: criterion.id, value: 1 + (i % 5) } });
      }
    }
    const { separate, overall } = await bothWays(project.id);
    expect(separate.counts.reduce((n, row) => n + Number(row.split(" ").at(-1)), 0)).toBe(6);
    expect(separate.profiles.reduce((n, row) => n + Number(row.split(" ").at(-1)), 0)).toBe(4);
    expect(overall).toEqual(separate);
  });
});
