import { Prisma } from "@/lib/generated/prisma/client";
import { rawSql } from "@/lib/db/raw-sql";

// Reviewers' flags and comments on the units the disagreement explorer lists:
// a lead sees at once which disagreements come with "broken item" or a note.
// Read for one page of units only, through the (criterionId, targetKey) index.

export type UnitFlags = { flags: string[]; comments: number };

/** Flags (distinct, sorted) and the number of comments on each unit's labels for one criterion key, by target key. */
export async function unitFlags(projectId: string, criterionKey: string, targetKeys: string[]): Promise<Map<string, UnitFlags>> {
  if (targetKeys.length === 0) return new Map();
  const rows = await rawSql.$queryRaw<{ target_key: string; flags: string[] | null; comments: number }[]>(Prisma.sql`
    SELECT v."targetKey" AS target_key,
           COALESCE(array_agg(DISTINCT f.flag ORDER BY f.flag) FILTER (WHERE f.flag IS NOT NULL), '{}') AS flags,
           COUNT(DISTINCT l.id) FILTER (WHERE l."flagNote" <> '')::int AS comments
    FROM "Criterion" c
    JOIN "RubricVersion" rv ON rv.id = c."rubricVersionId"
    JOIN "Rubric" r ON r.id = rv."rubricId" AND r."projectId" = ${projectId}
    JOIN "LabelValue" v ON v."criterionId" = c.id AND v."targetKey" = ANY(${targetKeys}::text[])
    JOIN "Label" l ON l.id = v."labelId"
    LEFT JOIN LATERAL unnest(l.flags) AS f(flag) ON true
    WHERE c.key = ${criterionKey}
    GROUP BY v."targetKey"`);
  return new Map(rows.map((row) => [row.target_key, { flags: row.flags ?? [], comments: row.comments }]));
}
