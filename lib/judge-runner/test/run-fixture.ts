import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { answerSchemaFor } from "@/lib/judge-runner/answer";
import type { JudgeCallSpec } from "@/lib/judge-runner/contracts";
import type { ChatParams } from "@/lib/llm/types";

// A project with one dataset version of n items, two runs answering every
// item, a rubric with a 1–5 Likert, a categorical and a preference criterion, an
// LLM connection to the given base URL and a judge version on it; and call
// specs built by hand (the queue's input, whatever planned it).

export type RunFixture = Awaited<ReturnType<typeof createRunFixture>>;

export async function createRunFixture(options: {
  items: number;
  baseUrl: string;
  model?: string;
  prices?: { input: number; output: number } | null;
  maxConcurrency?: number;
  timeoutMs?: number;
}) {
  const { project, members } = await createProjectWithMembers(["ADMIN", "LEAD"]);
  const suffix = crypto.randomBytes(3).toString("hex");
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: `Rubric ${suffix}` } });
  const version = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const quality = await db.criterion.create({
    data: { rubricVersionId: version.id, key: "quality", name: "Quality", kind: "LIKERT", position: 0, config: { min: 1, max: 5, anchors: [] } },
  });
  const preference = await db.criterion.create({
    data: { rubricVersionId: version.id, key: "preference", name: "Preference", kind: "PREFERENCE", position: 1, config: {} },
  });
  const tone = await db.criterion.create({
    data: { rubricVersionId: version.id, key: "tone", name: "Tone", kind: "CATEGORICAL", position: 2, config: { options: ["friendly", "curt"] } },
  });
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: `Dataset ${suffix}` } });
  const datasetVersion = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: suffix, itemCount: options.items } });
  const items = await db.datasetItem.createManyAndReturn({
    data: Array.from({ length: options.items }, (_, i) => ({
      datasetVersionId: datasetVersion.id,
      externalId: `item-${i}`,
      position: i,
      inputText: `Question ${i}: how do I reset my password for account ${suffix}-${i}?`,
      reference: `Open settings, choose reset password, follow the email for account ${i}.`,
      contentHash: `${suffix}-${i}`,
    })),
    select: { id: true, externalId: true, inputText: true },
  });
  const runs = await Promise.all(
    ["baseline", "candidate"].map((name) => db.run.create({ data: { projectId: project.id, datasetVersionId: datasetVersion.id, name, model: name } })),
  );
  const outputs = await db.output.createManyAndReturn({
    data: runs.flatMap((run, r) =>
      items.map((item, i) => ({
        runId: run.id,
        itemId: item.id,
        content: r === 0 ? `Open settings and reset the password for account ${i}.` : `Try turning it off and on again (${i}).`,
      })),
    ),
    select: { id: true, runId: true, itemId: true, content: true },
  });
  const connection = await db.llmConnection.create({
    data: {
      projectId: project.id,
      name: `Fake ${suffix}`,
      baseUrl: options.baseUrl,
      model: options.model ?? "touchstone-demo",
      inputPricePerMTok: options.prices === null ? null : (options.prices?.input ?? 2),
      outputPricePerMTok: options.prices === null ? null : (options.prices?.output ?? 8),
      maxConcurrency: options.maxConcurrency ?? 8,
      timeoutMs: options.timeoutMs ?? 5000,
    },
  });
  const judge = await db.judge.create({
    data: { projectId: project.id, name: `Judge ${suffix}`, model: connection.model, promptVersion: "v1", version: 1, connectionId: connection.id },
  });
  const scope = { datasetVersionId: datasetVersion.id, runIds: runs.map((run) => run.id), purpose: "dataset" as const };
  return { project, members, rubric, criteria: { quality, preference, tone }, items, runs, outputs, connection, judge, scope };
}

/**
 * One pointwise call per output of the fixture's runs, on the quality
 * criterion; `criterion: "tone"` asks for a Likert score but stores under the
 * categorical criterion, so every answer is unreadable.
 */
export function pointwiseSpecs(fixture: RunFixture, params: ChatParams = { temperature: 0 }, criterion: "quality" | "tone" = "quality"): JudgeCallSpec[] {
  const byItem = new Map(fixture.items.map((item) => [item.id, item]));
  const criterionId = fixture.criteria[criterion].id;
  const answerSchema = answerSchemaFor(fixture.criteria.quality, "POINTWISE");
  return fixture.outputs.map((output) => ({
    key: `pw:${output.id}:${criterionId}`,
    target: { kind: "pointwise", outputId: output.id, criterionId },
    messages: [
      { role: "system", content: "You rate answers of a support bot for quality on a 1–5 scale." },
      { role: "user", content: `Input: ${byItem.get(output.itemId)!.inputText}\nOutput: ${output.content}\nRate the output from 1 to 5.` },
    ],
    params,
    answerSchema,
  }));
}

/** Pairwise calls (baseline vs candidate) for every item, in both shown orders. */
export function pairwiseSpecs(fixture: RunFixture, params: ChatParams = { temperature: 0 }): JudgeCallSpec[] {
  const [baseline, candidate] = fixture.runs;
  const answerSchema = answerSchemaFor(fixture.criteria.preference, "PAIRWISE");
  return fixture.items.flatMap((item) => {
    const a = fixture.outputs.find((o) => o.itemId === item.id && o.runId === baseline!.id)!;
    const b = fixture.outputs.find((o) => o.itemId === item.id && o.runId === candidate!.id)!;
    return (["AB", "BA"] as const).map((shownOrder): JudgeCallSpec => {
      const [first, second] = shownOrder === "AB" ? [a, b] : [b, a];
      return {
        key: `pair:${a.id}:${b.id}:${shownOrder}`,
        target: { kind: "pairwise", itemId: item.id, criterionId: fixture.criteria.preference.id, outputAId: a.id, outputBId: b.id, shownOrder },
        messages: [{ role: "user", content: `Input: ${item.inputText}\nOutput A: ${first.content}\nOutput B: ${second.content}\nWhich output is better?` }],
        params,
        answerSchema,
      };
    });
  });
}
