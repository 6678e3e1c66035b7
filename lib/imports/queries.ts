import { db } from "@/lib/db/client";
import type { ImportKind } from "@/lib/generated/prisma/enums";

// Reads for the upload screens and the API.

export async function listDatasetSummaries(projectId: string) {
  // Golden only: the production dataset grows from traffic, never from uploads.
  const datasets = await db.dataset.findMany({
    where: { projectId, kind: "GOLDEN" },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, description: true, versions: { orderBy: { version: "desc" }, select: { id: true, version: true, itemCount: true, createdAt: true } } },
  });
  return datasets.map((d) => ({ ...d, versions: d.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) }));
}

export function listMappings(projectId: string, kind?: ImportKind) {
  return db.importMapping.findMany({ where: { projectId, ...(kind ? { kind } : {}) }, orderBy: { name: "asc" }, select: { id: true, kind: true, name: true, mapping: true } });
}

export function listRecentImports(projectId: string, take = 10) {
  return db.import.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, kind: true, fileName: true, rowCount: true, summary: true, createdAt: true, createdBy: { select: { name: true } } },
  });
}

/** What the upload form needs to offer choices: runs per version, judges, rubrics. */
export async function importChoices(projectId: string) {
  const [rubrics, judges, runs] = await Promise.all([
    db.rubric.findMany({ where: { projectId }, select: { name: true }, orderBy: { createdAt: "asc" } }),
    db.judge.findMany({ where: { projectId }, select: { name: true, model: true, promptVersion: true }, orderBy: { createdAt: "asc" } }),
    db.run.findMany({ where: { projectId, datasetVersion: { dataset: { kind: "GOLDEN" } } }, select: { name: true, model: true }, orderBy: { createdAt: "asc" }, distinct: ["name"] }),
  ]);
  return { rubrics: rubrics.map((r) => r.name), judges, runs };
}
