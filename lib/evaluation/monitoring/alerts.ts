import { db } from "@/lib/db/client";

/** Open drift alerts of the project, newest first, with every delivery attempt. */
export function listOpenAlerts(projectId: string) {
  return db.monitorAlert.findMany({
    where: { projectId, status: "OPEN" },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      ruleId: true,
      segment: true,
      figure: true,
      test: true,
      baselineFrom: true,
      recentFrom: true,
      recentTo: true,
      baselineValue: true,
      recentValue: true,
      baselineN: true,
      recentN: true,
      pValue: true,
      qValue: true,
      fdr: true,
      createdAt: true,
      rule: { select: { name: true } },
      deliveries: { orderBy: { createdAt: "asc" }, select: { id: true, attempt: true, ok: true, httpStatus: true, error: true, createdAt: true } },
    },
  });
}

export function countOpenAlerts(projectId: string) {
  return db.monitorAlert.count({ where: { projectId, status: "OPEN" } });
}
