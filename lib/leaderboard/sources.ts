import { db } from "@/lib/db/client";
import { PREFERENCE_VERDICTS } from "@/lib/rubrics/kinds";

// Which preference sources exist and how many runs each connects, so the
// page can offer them and start with the one that ranks the most runs.

export type SourceCoverage = { source: string; label: string; runs: number; battles: number };

export async function leaderboardSources(projectId: string): Promise<SourceCoverage[]> {
  const [human] = await db.$queryRaw<{ runs: number; battles: number }[]>`
    SELECT count(DISTINCT r.id)::int AS runs, (count(*) / 2)::int AS battles
    FROM "LabelValue" v
    JOIN "Criterion" c ON c.id = v."criterionId"
    CROSS JOIN LATERAL (VALUES (split_part(v."targetKey", ':', 1)), (split_part(v."targetKey", ':', 2))) AS t(output_id)
    JOIN "Output" o ON o.id = t.output_id
    JOIN "Run" r ON r.id = o."runId"
    WHERE c.kind = 'PREFERENCE' AND v.category = ANY(${[...PREFERENCE_VERDICTS]}::text[]) AND r."projectId" = ${projectId}`;
  const judges = await db.$queryRaw<{ id: string; name: string; prompt_version: string; runs: number; battles: number }[]>`
    SELECT j.id, j.name, j."promptVersion" AS prompt_version,
      (SELECT count(DISTINCT o."runId")::int FROM "PairwiseJudgeScore" s JOIN "Output" o ON o.id IN (s."outputAId", s."outputBId") WHERE s."judgeId" = j.id AND s.verdict <> 'ERROR') AS runs,
      (SELECT count(*)::int FROM "PairwiseJudgeScore" s WHERE s."judgeId" = j.id AND s.verdict <> 'ERROR') AS battles
    FROM "Judge" j WHERE j."projectId" = ${projectId} AND EXISTS (SELECT 1 FROM "PairwiseJudgeScore" s WHERE s."judgeId" = j.id)
    ORDER BY j.name, j."promptVersion"`;
  return [
    { source: "human", label: "Reviewers", runs: human?.runs ?? 0, battles: human?.battles ?? 0 },
    ...judges.map((j) => ({ source: j.id, label: `${j.name}${j.prompt_version ? ` ${j.prompt_version}` : ""}`, runs: j.runs, battles: j.battles })),
  ];
}

/** The source ranking the most runs; reviewers win ties (they are the ground truth). */
export function defaultSource(sources: SourceCoverage[]): string {
  return sources.reduce((best, s) => (s.runs > best.runs || (s.runs === best.runs && s.battles > 0 && best.battles === 0) ? s : best), sources[0]!).source;
}
