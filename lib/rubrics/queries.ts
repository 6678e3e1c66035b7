import { db } from "@/lib/db/client";

/** Rubrics of a project with their latest version's criteria and how many labels that version has. */
export async function listRubrics(projectId: string) {
  const rubrics = await db.rubric.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      versions: {
        orderBy: { version: "desc" },
        take: 1,
        select: {
          id: true,
          version: true,
          createdAt: true,
          _count: { select: { labels: true } },
          criteria: { orderBy: { position: "asc" }, select: { id: true, key: true, name: true, description: true, kind: true, required: true, config: true } },
        },
      },
    },
  });
  return rubrics.map((rubric) => ({ id: rubric.id, name: rubric.name, latest: rubric.versions[0] ?? null }));
}

export type RubricSummary = Awaited<ReturnType<typeof listRubrics>>[number];
