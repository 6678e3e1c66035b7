import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { versionInUse } from "./save";

/** What the rubric screens show of a version: its criteria in order and how many labels it has (a version in use is never edited). */
const VERSION_WITH_CRITERIA = {
  id: true,
  version: true,
  createdAt: true,
  _count: { select: { labels: true } },
  criteria: { orderBy: { position: "asc" }, select: { id: true, key: true, name: true, description: true, kind: true, required: true, pairwiseScope: true, config: true } },
} as const satisfies Prisma.RubricVersionSelect;

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
        select: VERSION_WITH_CRITERIA,
      },
    },
  });
  return rubrics.map((rubric) => ({ id: rubric.id, name: rubric.name, latest: rubric.versions[0] ?? null }));
}

export type RubricSummary = Awaited<ReturnType<typeof listRubrics>>[number];

/**
 * Every version of one rubric, newest first, with its criteria (for the
 * read-only view and the version list), and the keys that already have a
 * history: every key of an earlier version, and the latest version's keys once
 * it is in use (saving then makes a new version, so they become earlier ones).
 * Renaming one of those keys starts a new series on the dashboards.
 */
export async function loadRubricHistory(projectId: string, rubricId: string) {
  const rubric = await db.rubric.findFirst({
    where: { id: rubricId, projectId },
    select: {
      id: true,
      name: true,
      instructions: true,
      versions: {
        orderBy: { version: "desc" },
        select: VERSION_WITH_CRITERIA,
      },
    },
  });
  if (!rubric) return null;
  const [latest, ...earlier] = rubric.versions;
  const seriesKeys = new Set(earlier.flatMap((version) => version.criteria.map((criterion) => criterion.key)));
  if (latest && (await versionInUse(db, latest.id))) for (const criterion of latest.criteria) seriesKeys.add(criterion.key);
  return { id: rubric.id, name: rubric.name, instructions: rubric.instructions, versions: rubric.versions, seriesKeys: [...seriesKeys].sort() };
}

export type RubricHistory = NonNullable<Awaited<ReturnType<typeof loadRubricHistory>>>;
export type RubricVersionDetail = RubricHistory["versions"][number];
