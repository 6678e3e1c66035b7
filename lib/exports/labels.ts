import { db } from "@/lib/db/client";
import type { ExportRecord } from "./format";

// Every human judgment of the project, one row per label value, read in
// keyset pages (by LabelValue id) so memory stays flat on large projects.

const PAGE = 2000;

export const LABEL_COLUMNS = [
  "labelId", "reviewerEmail", "reviewerName", "source", "rubric", "rubricVersion", "criterionKey", "criterionKind",
  "targetKey", "item", "run", "otherRun", "value", "category", "rationale", "flags", "activeMs", "createdAt", "updatedAt",
] as const;

type LabelRow = {
  id: string; labelId: string; reviewerEmail: string; reviewerName: string; source: string; rubric: string; rubricVersion: number;
  criterionKey: string; criterionKind: string; targetKey: string; item: string | null; run: string | null; otherRun: string | null;
  value: number | null; category: string | null; rationale: string; flags: string[] | null; activeMs: number; createdAt: Date; updatedAt: Date;
};

export async function* labelRecords(projectId: string): AsyncGenerator<ExportRecord> {
  let after = "";
  for (;;) {
    const rows = await db.$queryRaw<LabelRow[]>`
      SELECT lv.id, l.id AS "labelId", u.email AS "reviewerEmail", u.name AS "reviewerName", l.source::text AS source,
        r.name AS rubric, rv.version AS "rubricVersion", c.key AS "criterionKey", c.kind::text AS "criterionKind",
        lv."targetKey", i."externalId" AS item, ra.name AS run, rb.name AS "otherRun", lv.value, lv.category,
        l.rationale, l.flags, l."activeMs", l."createdAt", l."updatedAt"
      FROM "LabelValue" lv
      JOIN "Label" l ON l.id = lv."labelId"
      JOIN "User" u ON u.id = l."reviewerId"
      JOIN "Criterion" c ON c.id = lv."criterionId"
      JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
      JOIN "Rubric" r ON r.id = rv."rubricId" AND r."projectId" = ${projectId}
      LEFT JOIN "Output" oa ON oa.id = lv."outputId" LEFT JOIN "Run" ra ON ra.id = oa."runId"
      LEFT JOIN "DatasetItem" i ON i.id = oa."itemId"
      LEFT JOIN "Output" ob ON ob.id = lv."otherOutputId" LEFT JOIN "Run" rb ON rb.id = ob."runId"
      WHERE lv.id > ${after}
      ORDER BY lv.id
      LIMIT ${PAGE}`;
    for (const { id: _id, createdAt, updatedAt, flags, ...row } of rows) {
      yield { ...row, flags: (flags ?? []).join("|"), createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

export const GROUND_TRUTH_COLUMNS = ["criterionKey", "targetKey", "item", "run", "otherRun", "status", "value", "category", "note", "adjudicatedBy", "updatedAt"] as const;

export async function* groundTruthRecords(projectId: string): AsyncGenerator<ExportRecord> {
  let after = "";
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; criterionKey: string; targetKey: string; item: string | null; run: string | null; otherRun: string | null; status: string; value: number | null; category: string | null; note: string; adjudicatedBy: string | null; updatedAt: Date }[]>`
      SELECT g.id, c.key AS "criterionKey", g."targetKey", i."externalId" AS item, ra.name AS run, rb.name AS "otherRun",
        g.status::text AS status, g.value, g.category, g.note, u.email AS "adjudicatedBy", g."updatedAt"
      FROM "GroundTruth" g
      JOIN "Criterion" c ON c.id = g."criterionId"
      LEFT JOIN "User" u ON u.id = g."adjudicatedById"
      LEFT JOIN "Output" oa ON oa.id = g."outputId" LEFT JOIN "Run" ra ON ra.id = oa."runId"
      LEFT JOIN "DatasetItem" i ON i.id = oa."itemId"
      LEFT JOIN "Output" ob ON ob.id = g."otherOutputId" LEFT JOIN "Run" rb ON rb.id = ob."runId"
      WHERE g."projectId" = ${projectId} AND g.id > ${after}
      ORDER BY g.id LIMIT ${PAGE}`;
    for (const { id: _id, updatedAt, ...row } of rows) yield { ...row, updatedAt: updatedAt.toISOString() };
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}
