import { z } from "zod";
import { db } from "@/lib/db/client";

// GET /api/v1/projects/{projectId}/runs: every run of the project with its
// dataset version and how much it holds, counted in SQL.

export const runListSchema = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      model: z.string(),
      modelFamily: z.string(),
      promptVersion: z.string(),
      createdAt: z.string().describe("ISO 8601"),
      dataset: z.object({ id: z.string(), name: z.string(), versionId: z.string(), version: z.number().int() }),
      counts: z.object({
        outputs: z.number().int().describe("Outputs (one per item and turn)."),
        items: z.number().int().describe("Distinct dataset items with an output."),
      }),
    }),
  ),
});
export type RunList = z.infer<typeof runListSchema>;

type RunRow = {
  id: string;
  name: string;
  model: string;
  modelFamily: string;
  promptVersion: string;
  createdAt: Date;
  datasetId: string;
  datasetName: string;
  datasetVersionId: string;
  datasetVersion: number;
  outputs: number;
  items: number;
};

export async function listRuns(projectId: string): Promise<RunList> {
  const rows = await db.$queryRaw<RunRow[]>`
    SELECT r.id, r.name, r.model, r."modelFamily", r."promptVersion", r."createdAt",
      d.id AS "datasetId", d.name AS "datasetName", dv.id AS "datasetVersionId", dv.version AS "datasetVersion",
      COALESCE(o.outputs, 0)::int AS outputs, COALESCE(o.items, 0)::int AS items
    FROM "Run" r
    JOIN "DatasetVersion" dv ON dv.id = r."datasetVersionId"
    JOIN "Dataset" d ON d.id = dv."datasetId"
    LEFT JOIN LATERAL (SELECT COUNT(*) AS outputs, COUNT(DISTINCT "itemId") AS items FROM "Output" WHERE "runId" = r.id) o ON true
    WHERE r."projectId" = ${projectId}
    ORDER BY r."createdAt", r.name, r.id`;
  return {
    runs: rows.map((row) => ({
      id: row.id,
      name: row.name,
      model: row.model,
      modelFamily: row.modelFamily,
      promptVersion: row.promptVersion,
      createdAt: row.createdAt.toISOString(),
      dataset: { id: row.datasetId, name: row.datasetName, versionId: row.datasetVersionId, version: row.datasetVersion },
      counts: { outputs: row.outputs, items: row.items },
    })),
  };
}
