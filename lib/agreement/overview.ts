import { db } from "@/lib/db/client";
import { listJudgesWithCounts } from "@/lib/judges/queries";
import { loadAgreementReport } from "./report";

/** Everything the "Judges vs humans" dashboard shows; the bench times this same call. */
export async function loadDashboardOverview(projectId: string, opts: { rubricVersionId?: string } = {}) {
  const [judges, report] = await Promise.all([
    listJudgesWithCounts(projectId),
    loadAgreementReport(projectId, { slices: false, rubricVersionId: opts.rubricVersionId }),
  ]);
  return { judges, report };
}

/** The project's rubric versions, for the dashboards' version filter. */
export function listRubricVersions(projectId: string) {
  return db.rubricVersion.findMany({
    where: { rubric: { projectId } },
    select: { id: true, version: true, rubric: { select: { name: true } } },
    orderBy: [{ rubric: { name: "asc" } }, { version: "desc" }],
  });
}
