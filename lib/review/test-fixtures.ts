import { db } from "@/lib/db/client";
import { createProjectWithMembers, createUser } from "@/lib/db/test/factories";
import type { Answers } from "./fields";
import { loadTaskView } from "./queue";
import { createReviewSetup } from "./setup";
import type { CreateSetupInputParsed } from "./setup";

// A small review world for database tests: items with tags, three runs with
// outputs, a rubric with all six kinds, and members in every role.

export async function createReviewWorld(options: { items?: number; reviewers?: number } = {}) {
  const itemCount = options.items ?? 6;
  const { project, members } = await createProjectWithMembers();
  const reviewers = [members.REVIEWER];
  for (let i = 1; i < (options.reviewers ?? 1); i++) {
    const user = await createUser();
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "REVIEWER" } });
    reviewers.push(user);
  }
  const dataset = await db.dataset.create({ data: { projectId: project.id, name: "golden" } });
  const version = await db.datasetVersion.create({ data: { datasetId: dataset.id, version: 1, contentHash: `h-${project.id}`, itemCount } });
  await db.datasetItem.createMany({
    data: Array.from({ length: itemCount }, (_, i) => ({
      datasetVersionId: version.id,
      externalId: `item-${i}`,
      position: i,
      inputText: `Question ${i}?`,
      reference: `Answer ${i}.`,
      tags: i % 3 === 0 ? ["billing"] : i % 3 === 1 ? ["sync"] : [],
      contentHash: `c-${i}`,
    })),
  });
  const items = await db.datasetItem.findMany({ where: { datasetVersionId: version.id }, orderBy: { position: "asc" }, select: { id: true, externalId: true } });
  const runs: { id: string; name: string }[] = [];
  for (const name of ["r1", "r2", "r3"]) {
    const run = await db.run.create({ data: { projectId: project.id, datasetVersionId: version.id, name, model: `model-${name}` } });
    await db.output.createMany({ data: items.map((item) => ({ runId: run.id, itemId: item.id, content: `${name} says ${item.externalId}` })) });
    runs.push(run);
  }
  const rubric = await db.rubric.create({ data: { projectId: project.id, name: "Quality" } });
  const rubricVersion = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  const specs = [
    { key: "helpful", name: "Helpful", kind: "LIKERT" as const, config: { min: 1, max: 5, anchors: ["1", "2", "3", "4", "5"] } },
    { key: "safe", name: "Safe", kind: "BINARY" as const, config: {} },
    { key: "tone", name: "Tone", kind: "CATEGORICAL" as const, config: { options: ["warm", "curt"] }, required: false },
    { key: "pref", name: "Preference", kind: "PREFERENCE" as const, config: {} },
    { key: "rank", name: "Ranking", kind: "RANKING" as const, config: {} },
    { key: "fact", name: "Correct", kind: "FACTUALITY" as const, config: {} },
  ];
  const criteria: Record<string, string> = {};
  for (const [position, spec] of specs.entries()) {
    const criterion = await db.criterion.create({ data: { rubricVersionId: rubricVersion.id, position, required: spec.required ?? true, ...spec } });
    criteria[spec.key] = criterion.id;
  }
  async function setup(overrides: Partial<CreateSetupInputParsed> = {}) {
    const input: CreateSetupInputParsed = {
      projectId: project.id,
      name: `setup-${Math.random().toString(36).slice(2, 8)}`,
      datasetVersionId: version.id,
      rubricVersionId: rubricVersion.id,
      mode: "PAIRWISE",
      runIds: [runs[0]!.id, runs[1]!.id],
      selection: { strategy: "all", tags: [], seed: 1 },
      criterionKeys: [],
      overlap: 2,
      blindReview: true,
      randomizeOrder: true,
      showReference: false,
      ...overrides,
    };
    return createReviewSetup(input, members.ADMIN.id);
  }
  return { project, members, reviewers, version, items, runs, rubricVersion, criteria, setup };
}

/** A complete, valid set of answers for whatever the task view asks. */
export async function answersFor(projectId: string, reviewerId: string, assignmentId: string): Promise<Answers> {
  const view = await loadTaskView(projectId, reviewerId, assignmentId);
  const answers: Answers = {};
  for (const field of view.fields) {
    const kind = field.criterion.kind;
    if (kind === "LIKERT") answers[field.id] = { kind: "score", value: 4 };
    else if (kind === "BINARY") answers[field.id] = { kind: "score", value: 1 };
    else if (kind === "CATEGORICAL") answers[field.id] = { kind: "category", value: "warm" };
    else if (kind === "FACTUALITY") answers[field.id] = { kind: "category", value: "correct" };
    else if (kind === "PREFERENCE") answers[field.id] = { kind: "preference", winner: view.outputs[0]!.id };
    else answers[field.id] = { kind: "ranking", order: view.outputs.map((o) => o.id).reverse() };
  }
  return answers;
}
