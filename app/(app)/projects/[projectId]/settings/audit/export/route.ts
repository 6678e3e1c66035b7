import { auditRecords, AUDIT_COLUMNS } from "@/lib/audit/export";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { projectRoute } from "@/lib/auth/route";
import { exportResponse } from "@/lib/exports/format";

// GET /projects/:projectId/settings/audit/export?actor=&action=&from=&to=
// The audit page's filter as a CSV download, streamed. Admins only; kept next
// to its page rather than under /api/v1 because it is not part of the public API.

export const GET = projectRoute({ permission: "audit.view", query: auditFilterSchema }, async ({ projectId, query }) => {
  const { after: _ignored, ...filter } = query;
  return exportResponse(`audit-${new Date().toISOString().slice(0, 10)}`, "csv", AUDIT_COLUMNS, auditRecords(projectId, filter));
});
