import { projectRoute } from "@/lib/auth/route";
import { SafeError } from "@/lib/errors";
import { CALIBRATION_COLUMNS, calibrationRecords } from "@/lib/exports/calibration";
import { exportResponse } from "@/lib/exports/format";
import { GROUND_TRUTH_COLUMNS, LABEL_COLUMNS, groundTruthRecords, labelRecords } from "@/lib/exports/labels";
import { EXPORT_KINDS, exportQuerySchema } from "@/lib/exports/schemas";
import { db } from "@/lib/db/client";

// GET /api/v1/projects/:projectId/exports/{labels|ground-truth|calibration}?format=jsonl|csv
// Calibration also takes criterion (key), size (1–1000) and seed. Streams the file.

export const GET = projectRoute({ permission: "labels.export", query: exportQuerySchema }, async ({ projectId, params, query }) => {
  const kind = params.kind;
  if (typeof kind !== "string" || !(EXPORT_KINDS as readonly string[]).includes(kind)) {
    throw new SafeError("NOT_FOUND", `Unknown export. Use one of: ${EXPORT_KINDS.join(", ")}.`);
  }
  const stamp = new Date().toISOString().slice(0, 10);
  if (kind === "labels") return exportResponse(`labels-${stamp}`, query.format, LABEL_COLUMNS, labelRecords(projectId));
  if (kind === "ground-truth") return exportResponse(`ground-truth-${stamp}`, query.format, GROUND_TRUTH_COLUMNS, groundTruthRecords(projectId));
  if (!query.criterion) throw new SafeError("VALIDATION", "Choose the criterion of the calibration set.", [{ field: "criterion", message: "criterion (a criterion key) is required." }]);
  const exists = await db.criterion.count({ where: { key: query.criterion, rubricVersion: { rubric: { projectId } } } });
  if (!exists) throw new SafeError("VALIDATION", `No criterion "${query.criterion}" in this project.`, [{ field: "criterion", message: "Unknown criterion key." }]);
  return exportResponse(
    `calibration-${query.criterion}-${query.size}`,
    query.format,
    CALIBRATION_COLUMNS,
    calibrationRecords(projectId, { criterionKey: query.criterion, size: query.size, seed: query.seed }),
  );
});
