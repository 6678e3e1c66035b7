import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/session";
import type { Role } from "@/lib/generated/prisma/enums";

export type ProjectSummary = {
  id: string;
  slug: string;
  name: string;
  description: string;
  role: Role;
  items: number;
  labelsDone: number;
  labelsNeeded: number;
};

/** The projects a user can open, with review progress aggregated in SQL. */
export async function listProjectsForUser(user: CurrentUser): Promise<ProjectSummary[]> {
  const rows = await db.$queryRaw<
    { id: string; slug: string; name: string; description: string; role: Role | null; items: bigint; done: bigint; needed: bigint }[]
  >`
    SELECT p.id, p.slug, p.name, p.description, m.role,
      COALESCE((SELECT SUM(dv."itemCount") FROM "Dataset" d
                JOIN LATERAL (SELECT "itemCount" FROM "DatasetVersion" v WHERE v."datasetId" = d.id
                              ORDER BY v.version DESC LIMIT 1) dv ON true
                WHERE d."projectId" = p.id AND d.kind = 'GOLDEN'), 0) AS items,
      COALESCE((SELECT SUM(LEAST(t."labelCount", t.overlap)) FROM "ReviewTask" t WHERE t."projectId" = p.id), 0) AS done,
      COALESCE((SELECT SUM(t.overlap) FROM "ReviewTask" t WHERE t."projectId" = p.id), 0) AS needed
    FROM "Project" p
    LEFT JOIN "Membership" m ON m."projectId" = p.id AND m."userId" = ${user.id}
    WHERE m.id IS NOT NULL OR ${user.isInstanceAdmin}
    ORDER BY p."createdAt" DESC`;
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    role: row.role ?? "ADMIN",
    items: Number(row.items),
    labelsDone: Number(row.done),
    labelsNeeded: Number(row.needed),
  }));
}

export function getProject(projectId: string) {
  return db.project.findUnique({ where: { id: projectId } });
}

/**
 * The overview's counts and the first-hour checklist's inputs. Labels count
 * every label in the project, reviewed here or imported (Label.source IMPORT,
 * no task): both feed the dashboards, so the overview counts both.
 */
export async function projectOverview(projectId: string) {
  const [datasets, runs, outputs, judges, judgeScores, pairwiseJudgeScores, rubrics, members, reviewers, reviewSetups, openTasks, labels] = await Promise.all([
    db.dataset.count({ where: { projectId, kind: "GOLDEN" } }),
    db.run.count({ where: { projectId } }),
    db.output.count({ where: { run: { projectId } }, take: 1 }),
    db.judge.count({ where: { projectId } }),
    db.judgeScore.count({ where: { judge: { projectId } }, take: 1 }),
    db.pairwiseJudgeScore.count({ where: { judge: { projectId } }, take: 1 }),
    db.rubric.count({ where: { projectId } }),
    db.membership.count({ where: { projectId } }),
    db.membership.count({ where: { projectId, role: { not: "ADMIN" } } }),
    db.reviewSetup.count({ where: { projectId } }),
    db.reviewTask.count({ where: { projectId, status: "OPEN" } }),
    db.label.count({ where: { rubricVersion: { rubric: { projectId } } } }),
  ]);
  return {
    datasets,
    runs,
    judges,
    rubrics,
    members,
    openTasks,
    labels,
    // Whether any exist is all the checklist needs (take: 1 keeps these counts cheap).
    checklist: { rubrics, datasets, outputs, reviewers, reviewSetups, judgeScores: judgeScores + pairwiseJudgeScores },
  };
}
