import { projectRoute } from "@/lib/auth/route";
import { loadAgreementReport } from "@/lib/agreement/report";
import { agreementQuerySchema } from "@/lib/agreement/schemas";

// GET /api/v1/projects/:projectId/agreement?judge=<judgeId>&criterion=<key>&slices=true
// The figures of the "Judges vs humans" dashboard as JSON: per judge version ×
// criterion, n, agreement, κ with bootstrap CIs, rank correlations, errors,
// the confusion matrix and the human ceiling. Undefined figures carry a reason.

export const GET = projectRoute({ permission: "dashboards.view", analytic: true, query: agreementQuerySchema }, async ({ projectId, query }) => {
  const report = await loadAgreementReport(projectId, { judgeId: query.judge, criterionKey: query.criterion, slices: query.slices === "true" });
  return {
    criteria: report.criteria,
    rows: report.rows.map((row) => ({
      judge: { id: row.judge.id, name: row.judge.name, promptVersion: row.judge.promptVersion, kind: row.criterion.kind === "PREFERENCE" ? "PAIRWISE" : "POINTWISE" },
      criterion: row.criterion.key,
      overall: row.overall.figures,
      slices: row.slices.map((slice) => ({ kind: slice.kind, value: slice.value, label: slice.label, figures: slice.figures })),
      ceiling: row.ceiling,
      mtBench: row.mtBench,
      movement: row.movement,
    })),
  };
});
