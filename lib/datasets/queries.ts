import { db } from "@/lib/db/client";

/** Golden datasets with their versions, and each version's runs with output counts (the production dataset lives under Traffic). */
export function listDatasets(projectId: string) {
  return db.dataset.findMany({
    where: { projectId, kind: "GOLDEN" },
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
