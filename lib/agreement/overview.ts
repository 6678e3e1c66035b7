import { listJudgesWithCounts } from "@/lib/judges/queries";
import { loadAgreementReport } from "./report";

/** Everything the "Judges vs humans" dashboard shows; the bench times this same call. */
export async function loadDashboardOverview(projectId: string) {
  const [judges, report] = await Promise.all([listJudgesWithCounts(projectId), loadAgreementReport(projectId, { slices: false })]);
  return { judges, report };
}
