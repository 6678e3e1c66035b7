import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import { loadReviewerQuality } from "./quality";

// Reviewer quality from HumanJudgment: each reviewer against the consensus of
// the *other* reviewers of a unit, on a team whose answers are known by hand.

const LIKERT = { min: 1, max: 5, anchors: ["", "", "", "", ""] };

async function team() {
  const { project } = await createProjectWithMembers(["LEAD"]);
  const [a, b, c, d] = await Promise.all(["Ana", "Ben", "Cy", "Dee"].map((name) => createUser({ name })));
  for (const user of [a, b, c, d]) await db.membership.create({ data: { projectId: project.id, userId: user!.id, role: "REVIEWER" } });
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "d" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: "h" } });
  const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name: "run", model: "m" } });
  const outputs: string[] = [];
  for (let i = 0; i < 12; i++) {
    const item = await db.datasetItem.create({ data: { datasetVersionId: version.id, externalId: `q${i}`, position: i, inputText: "?", contentHash: `c${i}` } });
    outputs.push((await db.output.create({ data: { runId: run.id, itemId: item.id, content: "a" } })).id);
  }
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "r" } });
  const v1 = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const help = await db.criterion.create({ data: { rubricVersionId: v1.id, key: "help", name: "Help", kind: "LIKERT", position: 0, config: LIKERT } });
  const tone = await db.criterion.create({ data: { rubricVersionId: v1.id, key: "tone", name: "Tone", kind: "CATEGORICAL", position: 1, config: { options: ["warm", "cold"] } } });
  const label = (reviewerId: string, output: string, values: { help?: number; tone?: string }) =>
    db.label.create({
      data: {
        clientId: crypto.randomUUID(),
        reviewerId,
        rubricVersionId: v1.id,
        activeMs: 30_000,
        values: {
          create: [
            ...(values.help !== undefined ? [{ criterionId: help.id, targetKey: output, outputId: output, value: values.help }] : []),
            ...(values.tone !== undefined ? [{ criterionId: tone.id, targetKey: output, outputId: output, category: values.tone }] : []),
          ],
        },
      },
    });
  return { project, a: a!, b: b!, c: c!, d: d!, outputs, label };
}

describe("reviewer quality", () => {
  it("compares each reviewer with the others' consensus, never with themselves", async () => {
    const t = await team();
    for (const [i, output] of t.outputs.entries()) {
      // Help: all 4 on the first six outputs; then Ana and Ben 3, Cy 5 — the others'
      // median for Ana is 4 (Ben 3, Cy 5), for Cy 3: no match for anyone.
      await t.label(t.a.id, output, { help: i < 6 ? 4 : 3, tone: "warm" });
      await t.label(t.b.id, output, { help: i < 6 ? 4 : 3, tone: "warm" });
      // Tone: Ana's and Ben's others split warm / cold (no majority, not compared);
      // Cy's others agree on warm, Cy says cold.
      await t.label(t.c.id, output, { help: i < 6 ? 4 : 5, tone: "cold" });
    }
    // Dee labels once, agreeing: one compared judgment is not enough for a figure.
    await t.label(t.d.id, t.outputs[0]!, { help: 4 });

    const { reviewers, teamMedian } = await loadReviewerQuality(t.project.id);
    const of = (id: string) => reviewers.find((r) => r.id === id)!;
    expect(of(t.a.id).agreement).toMatchObject({ value: 0.5, n: 12 });
    expect(of(t.b.id).agreement).toMatchObject({ value: 0.5, n: 12 });
    expect(of(t.c.id).agreement).toMatchObject({ value: 0.25, n: 24 });
    expect(of(t.d.id).agreement).toMatchObject({ value: null, n: 1 });
    expect(of(t.d.id).agreement.reason).toMatch(/not enough data/);
    expect(teamMedian.value).toBe(0.5);
    // Cy's whole interval lies below the team median: flagged, with the reason.
    expect(of(t.c.id).outlier).toBe(true);
    expect(of(t.a.id).outlier).toBe(false);
    expect(of(t.a.id)).toMatchObject({ labels: 12, medianActiveMs: { value: 30_000 } });
  });
});
