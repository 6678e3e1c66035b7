import { db } from "../lib/db/client";
import { createReviewSetup } from "../lib/review/setup";

// Review queues for the demo, so the demo reviewer has work waiting: a blind
// pairwise comparison of support-v1 and support-v2, a single-rating pass over
// support-v2 with the reference visible (correctness is judged against it),
// and a ranking of all three runs.

export async function seedDemoReview() {
  const project = await db.project.findUnique({ where: { slug: "support-bot-answers" }, select: { id: true } });
  if (!project) return;
  const version = await db.datasetVersion.findFirst({ where: { dataset: { projectId: project.id, name: "support-golden" } }, orderBy: { version: "desc" }, select: { id: true } });
  const rubricVersion = await db.rubricVersion.findFirst({ where: { rubric: { projectId: project.id, name: "Support answer quality" } }, orderBy: { version: "desc" }, select: { id: true } });
  const admin = await db.user.findUnique({ where: { email: "admin@touchstone.local" }, select: { id: true } });
  if (!version || !rubricVersion) return;
  const runs = await db.run.findMany({ where: { datasetVersionId: version.id }, select: { id: true, name: true } });
  const run = (name: string) => runs.find((r) => r.name === name)!.id;
  const common = { projectId: project.id, datasetVersionId: version.id, rubricVersionId: rubricVersion.id, randomizeOrder: true, blindReview: true };

  await createReviewSetup(
    {
      ...common,
      name: "support-v1 vs support-v2",
      mode: "PAIRWISE",
      runIds: [run("support-v1"), run("support-v2")],
      selection: { strategy: "disagreement", tags: [], seed: 1 },
      criterionKeys: ["preference", "helpfulness"],
      overlap: 2,
      showReference: false,
    },
    admin?.id ?? null,
  );
  await createReviewSetup(
    {
      ...common,
      name: "support-v2 single rating",
      mode: "SINGLE",
      runIds: [run("support-v2")],
      selection: { strategy: "all", tags: [], seed: 1 },
      criterionKeys: ["helpfulness", "correctness", "safe", "tone"],
      overlap: 1,
      showReference: true,
    },
    admin?.id ?? null,
  );
  await createReviewSetup(
    {
      ...common,
      name: "Rank all three runs",
      mode: "RANKING",
      runIds: [run("support-v1"), run("support-v2"), run("support-llama")],
      selection: { strategy: "stratified", n: 8, tags: [], seed: 3 },
      criterionKeys: ["ranking"],
      overlap: 1,
      showReference: false,
    },
    admin?.id ?? null,
  );
}
