import { db } from "@/lib/db/client";
import { createReviewWorld } from "@/lib/review/test-fixtures";

// A judge-runner world for database tests: the review world (items, three
// runs, a rubric with every kind) plus a model connection, and helpers that
// give units an expert consensus the way reviewers and leads do.

export async function createJudgeWorld(options: { items?: number } = {}) {
  const world = await createReviewWorld({ items: options.items ?? 6 });
  const { rubricId } = await db.rubricVersion.findUniqueOrThrow({ where: { id: world.rubricVersion.id }, select: { rubricId: true } });
  const connection = await db.llmConnection.create({
    data: { projectId: world.project.id, name: "demo", baseUrl: "/api/demo-model/v1", model: "demo-judge", defaultParams: { temperature: 0, maxTokens: 300 }, isDemo: true },
  });
  const outputs = await db.output.findMany({ where: { runId: { in: world.runs.map((run) => run.id) } }, select: { id: true, runId: true, itemId: true, content: true } });
  const outputOf = (runIndex: number, itemIndex: number) => outputs.find((o) => o.runId === world.runs[runIndex]!.id && o.itemId === world.items[itemIndex]!.id)!;
  return { ...world, rubricId, connection, outputs, outputOf };
}

export type JudgeWorld = Awaited<ReturnType<typeof createJudgeWorld>>;

/** A lead's AGREED ground truth on a unit: an output id, or two output ids (a pair, stored smaller first). */
export async function agree(world: JudgeWorld, key: string, outputIds: string[], answer: { value?: number; category?: string }, note = "") {
  const [a, b] = [...outputIds].sort();
  await db.groundTruth.create({
    data: {
      projectId: world.project.id,
      criterionId: world.criteria[key]!,
      targetKey: b ? `${a}:${b}` : a!,
      outputId: a,
      otherOutputId: b ?? null,
      value: answer.value ?? null,
      category: answer.category ?? null,
      status: "AGREED",
      note,
    },
  });
}

/** An imported label from a reviewer with a rationale, on one output. */
export async function labelOutput(world: JudgeWorld, reviewerId: string, key: string, outputId: string, answer: { value?: number; category?: string }, rationale: string) {
  await db.label.create({
    data: {
      clientId: `${reviewerId}-${key}-${outputId}`,
      reviewerId,
      rubricVersionId: world.rubricVersion.id,
      source: "IMPORT",
      rationale,
      values: { create: { criterionId: world.criteria[key]!, targetKey: outputId, outputId, value: answer.value ?? null, category: answer.category ?? null } },
    },
  });
}
