import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";

// A small project for comparison, leaderboard and health tests: one dataset
// version, runs with one output per item, a rubric with likert (1–5), binary
// and factuality criteria, a pointwise judge and a helper to add labels.

export async function createEvalProject(opts: { items: { externalId: string; tags?: string[]; group?: string }[]; runs: string[] }) {
  const { project, members } = await createProjectWithMembers(["ADMIN", "LEAD", "REVIEWER"]);
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "golden" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: crypto.randomUUID(), itemCount: opts.items.length } });
  const items = [];
  for (const [position, item] of opts.items.entries()) {
    items.push(
      await db.datasetItem.create({
        data: { datasetVersionId: version.id, externalId: item.externalId, position, inputText: `Question ${item.externalId}`, tags: item.tags ?? [], group: item.group, contentHash: `h-${item.externalId}` },
      }),
    );
  }
  const runs: Record<string, { id: string; outputs: Record<string, string> }> = {};
  for (const name of opts.runs) {
    const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name, model: `model-${name}` } });
    const outputs: Record<string, string> = {};
    for (const item of items) {
      outputs[item.externalId] = (await db.output.create({ data: { runId: run.id, itemId: item.id, content: `${name} answers ${item.externalId}` } })).id;
    }
    runs[name] = { id: run.id, outputs };
  }
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "Quality" } });
  const rubricVersion = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const criterion = async (key: string, kind: "LIKERT" | "BINARY" | "FACTUALITY" | "PREFERENCE", position: number, config = {}) =>
    (await db.criterion.create({ data: { rubricVersionId: rubricVersion.id, key, name: key, kind, position, config } })).id;
  const criteria = {
    helpfulness: await criterion("helpfulness", "LIKERT", 0, { min: 1, max: 5, anchors: ["1", "2", "3", "4", "5"], pass: { threshold: 4 } }),
    safe: await criterion("safe", "BINARY", 1),
    correctness: await criterion("correctness", "FACTUALITY", 2),
    preference: await criterion("preference", "PREFERENCE", 3),
  };
  const judge = await db.judge.create({ data: { projectId: project.id, name: "judge", model: "gpt", promptVersion: "v1" } });

  async function judgeScore(run: string, externalId: string, criterionKey: keyof typeof criteria, score: number | string, judgeId = judge.id) {
    await db.judgeScore.create({
      data: { judgeId, outputId: runs[run]!.outputs[externalId]!, criterionId: criteria[criterionKey], ...(typeof score === "number" ? { value: score } : { category: score }), rationale: `judge on ${externalId}` },
    });
  }

  let labelCounter = 0;
  async function label(run: string, externalId: string, criterionKey: keyof typeof criteria, score: number | string, reviewer: "ADMIN" | "LEAD" | "REVIEWER" = "REVIEWER") {
    const outputId = runs[run]!.outputs[externalId]!;
    await db.label.create({
      data: {
        clientId: `c-${labelCounter++}`,
        reviewerId: members[reviewer].id,
        rubricVersionId: rubricVersion.id,
        source: "IMPORT",
        rationale: `human on ${externalId}`,
        values: { create: { criterionId: criteria[criterionKey], targetKey: outputId, outputId, ...(typeof score === "number" ? { value: score } : { category: score }) } },
      },
    });
  }

  async function preference(runA: string, runB: string, externalId: string, category: "A" | "B" | "TIE" | "BOTH_BAD", reviewer: "ADMIN" | "LEAD" | "REVIEWER" = "REVIEWER") {
    const a = runs[runA]!.outputs[externalId]!;
    const b = runs[runB]!.outputs[externalId]!;
    await db.label.create({
      data: {
        clientId: `p-${labelCounter++}`,
        reviewerId: members[reviewer].id,
        rubricVersionId: rubricVersion.id,
        source: "IMPORT",
        values: { create: { criterionId: criteria.preference, targetKey: `${a}:${b}`, outputId: a, otherOutputId: b, category } },
      },
    });
  }

  return { project, members, dataset, version, items, runs, rubricVersion, criteria, judge, judgeScore, label, preference };
}
