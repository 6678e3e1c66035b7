import { db } from "@/lib/db/client";

/** Each judge version with how many scores it gave, counted in SQL. */
export async function listJudgesWithCounts(projectId: string) {
  const rows = await db.$queryRaw<
    { id: string; name: string; model: string; promptVersion: string; kind: "POINTWISE" | "PAIRWISE"; pointwise: bigint; pairwise: bigint }[]
  >`
    SELECT j.id, j.name, j.model, j."promptVersion", j.kind,
      (SELECT COUNT(*) FROM "JudgeScore" s WHERE s."judgeId" = j.id) AS pointwise,
      (SELECT COUNT(*) FROM "PairwiseJudgeScore" s WHERE s."judgeId" = j.id) AS pairwise
    FROM "Judge" j WHERE j."projectId" = ${projectId}
    ORDER BY j.name, j."promptVersion"`;
  return rows.map((row) => ({ ...row, scores: Number(row.pointwise) + Number(row.pairwise) }));
}
