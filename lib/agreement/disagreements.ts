import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { critCte, judgedCte } from "./sql";

// The disagreement explorer: units where a judge and the human consensus are
// furthest apart (scale points for ordinal kinds, 1 for any mismatch
// otherwise), ranked in SQL so only one page of units leaves the database.

export type SliceFilter = { kind: "run" | "tag" | "category"; value: string } | null;

export type DisagreementRow = {
  targetKey: string;
  itemId: string;
  externalId: string;
  runNames: string;
  human: string;
  judge: string;
  distance: number;
  reviewers: number;
};

export function parseSlice(raw: string | undefined): SliceFilter {
  if (!raw) return null;
  const [kind, ...rest] = raw.split(":");
  const value = rest.join(":");
  return (kind === "run" || kind === "tag" || kind === "category") && value ? { kind, value } : null;
}

export async function listDisagreements(
  projectId: string,
  opts: { judgeId: string; criterionKey: string; slice?: SliceFilter; limit?: number },
): Promise<DisagreementRow[]> {
  const filter = { judgeId: opts.judgeId, criterionKey: opts.criterionKey };
  const slice = opts.slice;
  const sliceSql =
    slice?.kind === "run"
      ? Prisma.sql`AND POSITION(':' IN jd."targetKey") = 0 AND o."runId" = ${slice.value}`
      : slice?.kind === "tag"
        ? Prisma.sql`AND ${slice.value} = ANY(i.tags)`
        : slice?.kind === "category"
          ? Prisma.sql`AND i.metadata->>'category' = ${slice.value}`
          : Prisma.empty;
  const rows = await db.$queryRaw<(Omit<DisagreementRow, "reviewers" | "distance"> & { reviewers: number; distance: number })[]>`
    WITH ${critCte(projectId, filter)}, ${judgedCte(projectId, filter)},
    ordinal AS (SELECT DISTINCT key FROM crit WHERE kind IN ('LIKERT', 'RANKING'))
    SELECT jd."targetKey", i.id AS "itemId", i."externalId",
      (SELECT STRING_AGG(r.name, ' vs ' ORDER BY r.name) FROM "Output" ox JOIN "Run" r ON r.id = ox."runId"
        WHERE ox.id IN (split_part(jd."targetKey", ':', 1) COLLATE "default", split_part(jd."targetKey", ':', 2) COLLATE "default")) AS "runNames",
      c.code AS human, jd.code AS judge,
      CASE WHEN jd.key IN (SELECT key FROM ordinal) THEN ABS(c.code::float8 - jd.code::float8)
           WHEN c.code = jd.code THEN 0 ELSE 1 END AS distance,
      h.reviewers
    FROM judged jd
    JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey"
    CROSS JOIN LATERAL unnest(h.consensus) AS c(code)
    JOIN "Output" o ON o.id = split_part(jd."targetKey", ':', 1)
    JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE jd.code IS NOT NULL AND c.code <> jd.code ${sliceSql}
    ORDER BY distance DESC, i.position, jd."targetKey"
    LIMIT ${opts.limit ?? 50}`;
  return rows.map((row) => ({ ...row, distance: Number(row.distance) }));
}

export type UnitDetail = Awaited<ReturnType<typeof loadUnitDetail>>;

/** Everything a lead needs to adjudicate one unit: input, outputs, every judge's verdict, every reviewer's label. */
export async function loadUnitDetail(projectId: string, criterionKey: string, targetKey: string) {
  const outputIds = targetKey.split(":");
  if (outputIds.length > 2 || outputIds.some((id) => !id)) return null;
  const criteria = await db.criterion.findMany({
    where: { key: criterionKey, rubricVersion: { rubric: { projectId } } },
    select: { id: true, name: true, kind: true, config: true },
    orderBy: { rubricVersion: { createdAt: "desc" } },
  });
  if (criteria.length === 0) return null;
  const criterionIds = criteria.map((c) => c.id);
  const outputs = await db.output.findMany({
    where: { id: { in: outputIds }, run: { projectId } },
    select: { id: true, content: true, turns: true, trace: true, run: { select: { name: true, model: true } }, item: { select: { id: true, externalId: true, inputText: true, inputTurns: true, context: true, reference: true, tags: true } } },
  });
  if (outputs.length !== outputIds.length) return null;
  outputs.sort((a, b) => outputIds.indexOf(a.id) - outputIds.indexOf(b.id));
  const [pointwise, pairwise, labels, truth] = await Promise.all([
    db.judgeScore.findMany({
      where: { criterionId: { in: criterionIds }, outputId: { in: outputIds } },
      select: { value: true, category: true, rationale: true, outputId: true, judge: { select: { id: true, name: true, promptVersion: true } } },
      orderBy: [{ judge: { name: "asc" } }, { judge: { promptVersion: "asc" } }],
    }),
    outputIds.length === 2
      ? db.pairwiseJudgeScore.findMany({
          where: { criterionId: { in: criterionIds }, outputAId: { in: outputIds }, outputBId: { in: outputIds } },
          select: { verdict: true, shownOrder: true, rationale: true, outputAId: true, judge: { select: { id: true, name: true, promptVersion: true } } },
          orderBy: [{ judge: { name: "asc" } }, { shownOrder: "asc" }],
        })
      : Promise.resolve([]),
    db.labelValue.findMany({
      where: { criterionId: { in: criterionIds }, targetKey },
      select: { value: true, category: true, label: { select: { id: true, rationale: true, source: true, updatedAt: true, reviewer: { select: { id: true, name: true } } } } },
      orderBy: { label: { updatedAt: "desc" } },
    }),
    db.groundTruth.findFirst({
      where: { criterionId: { in: criterionIds }, targetKey },
      select: { value: true, category: true, status: true, note: true, updatedAt: true, adjudicatedBy: { select: { name: true } } },
      orderBy: { updatedAt: "desc" },
    }),
  ]);
  return { criterion: { key: criterionKey, ...criteria[0]! }, targetKey, item: outputs[0]!.item, outputs, pointwise, pairwise, labels, truth };
}
