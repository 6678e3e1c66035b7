import { db } from "@/lib/db/client";

/** Datasets with their versions, and each version's runs with output counts. */
export function listDatasets(projectId: string) {
  return db.dataset.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          itemCount: true,
          note: true,
          createdAt: true,
          runs: { orderBy: { createdAt: "asc" }, select: { id: true, name: true, model: true, promptVersion: true, _count: { select: { outputs: true } } } },
        },
      },
    },
  });
}
