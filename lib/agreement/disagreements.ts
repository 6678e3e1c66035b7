import { analyticalQuery } from "@/lib/comparisons/analytical-query";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { critCte, judgedCte, pointScoreGroupsCtes } from "./sql";

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

/**
 * The output ids a slice keeps, in id order (a merge-join input): a run's
 * outputs, or the outputs of the items carrying a tag or metadata category.
 * A unit is in the slice when its first output is (pairs never are in a run slice).
 */
function sliceOutputsSql(slice: NonNullable<SliceFilter>) {
  if (slice.kind === "run") return Prisma.sql`SELECT o.id FROM "Output" o WHERE o."runId" = ${slice.value} ORDER BY o.id`;
  const itemFilter = slice.kind === "tag" ? Prisma.sql`${slice.value} = ANY(i.tags)` : Prisma.sql`i.metadata->>'category' = ${slice.value}`;
  return Prisma.sql`SELECT o.id FROM "DatasetItem" i JOIN "Output" o ON o."itemId" = i.id WHERE ${itemFilter} ORDER BY o.id`;
}

/**
 * The top `limit` units by distance DESC, item position, target key.
 *
 * Joining every mismatching unit to its output and item before sorting costs
 * seconds at a million labels (hundreds of thousands of mismatches), so the
 * query ranks first and joins last:
 *   1. `groups`: the judge's scores merge-joined with "HumanJudgment" in output
 *      order (the covering indexes overall.ts reads, index-only), grouped on
 *      (judge code, judgment profile) with the targets collected per group —
 *      a few dozen groups; a slice is a third ordered input to the same merge.
 *   2. `scored`: each group against its profile's consensus codes gives the
 *      distance, so the count of mismatches at or above each distance is known
 *      without touching a single unit.
 *   3. `threshold`: the largest distance that still has `limit` units at or above it;
 *      only the targets of groups at or above it are unnested and looked up
 *      (output → item) for position, by primary key.
 * Run names and reviewer counts are read for the final page only.
 */
export async function listDisagreements(
  projectId: string,
  opts: { judgeId: string; criterionKey: string; slice?: SliceFilter; limit?: number },
): Promise<DisagreementRow[]> {
  const filter = { judgeId: opts.judgeId, criterionKey: opts.criterionKey };
  const limit = opts.limit ?? 50;
  const slice = opts.slice ?? null;
  const sliceCte = slice ? Prisma.sql`slice_outputs AS MATERIALIZED (${sliceOutputsSql(slice)}),` : Prisma.empty;
  const pointSlice = slice ? Prisma.sql`AND s."outputId" IN (SELECT id FROM slice_outputs)` : Prisma.empty;
  const pairSlice = !slice
    ? Prisma.empty
    : slice.kind === "run"
      ? Prisma.sql`AND FALSE`
      : Prisma.sql`AND split_part(jd."targetKey", ':', 1) COLLATE "default" IN (SELECT id FROM slice_outputs)`;
  const rows = await analyticalQuery<DisagreementRow>(
    Prisma.sql`
    WITH ${critCte(projectId, filter, { inline: true })}, ${judgedCte(projectId, filter)}, ${sliceCte}
    ${pointScoreGroupsCtes(projectId, filter, Prisma.sql`ARRAY_AGG(s."outputId") AS targets`, pointSlice)},
    groups AS MATERIALIZED (
      -- Grouped on the raw score (no float-to-text per row); the code is formed per group.
      SELECT key, COALESCE(category, value::text) AS judge, "profileId", targets FROM point_groups
      UNION ALL
      SELECT jd.key, jd.code, h."profileId", ARRAY_AGG(jd."targetKey" COLLATE "default")
      FROM judged_pair jd
      JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey" COLLATE "default"
      -- A one-time gate: without pairwise verdicts the pair branch never starts.
      WHERE jd.code IS NOT NULL ${pairSlice} AND EXISTS (SELECT 1 FROM "PairwiseJudgeScore" p WHERE p."judgeId" = ${opts.judgeId})
      GROUP BY 1, 2, 3
    ),
    scored AS MATERIALIZED (
      SELECT g.key, g.judge, c.code AS human, g.targets,
        CASE WHEN g.key IN (SELECT key FROM crit WHERE criterion_kind_is_numeric(kind)) THEN ABS(c.code::float8 - g.judge::float8)
             WHEN c.code = g.judge THEN 0 ELSE 1 END AS distance
      FROM groups g
      JOIN "JudgmentProfile" p ON p.id = g."profileId"
      CROSS JOIN LATERAL unnest(p.consensus) AS c(code)
      WHERE c.code <> g.judge
    ),
    threshold AS (
      -- at_least: units at this distance or above (peers share the running sum).
      SELECT COALESCE(MAX(distance) FILTER (WHERE at_least >= ${limit}), '-Infinity'::float8) AS distance
      FROM (SELECT distance, SUM(cardinality(targets)) OVER (ORDER BY distance DESC) AS at_least FROM scored) levels
    ),
    page AS (
      SELECT s.key, t."targetKey", s.human, s.judge, s.distance, i.id AS "itemId", i."externalId", i.position
      FROM scored s
      CROSS JOIN LATERAL unnest(s.targets) AS t("targetKey")
      -- OFFSET 0 keeps this a per-candidate primary-key lookup.
      CROSS JOIN LATERAL (
        SELECT i.id, i."externalId", i.position FROM "Output" o JOIN "DatasetItem" i ON i.id = o."itemId"
        WHERE o.id = split_part(t."targetKey", ':', 1) OFFSET 0
      ) i
      WHERE s.distance >= (SELECT distance FROM threshold)
      ORDER BY s.distance DESC, i.position, t."targetKey" COLLATE "C"
      LIMIT ${limit}
    )
    SELECT pg."targetKey", pg."itemId", pg."externalId",
      (SELECT STRING_AGG(r.name, ' vs ' ORDER BY r.name) FROM "Output" ox JOIN "Run" r ON r.id = ox."runId"
        WHERE ox.id IN (split_part(pg."targetKey", ':', 1), split_part(pg."targetKey", ':', 2))) AS "runNames",
      pg.human, pg.judge, pg.distance,
      (SELECT h.reviewers FROM "HumanJudgment" h WHERE h."projectId" = ${projectId} AND h."criterionKey" = pg.key AND h."targetKey" = pg."targetKey") AS reviewers
    FROM page pg
    ORDER BY pg.distance DESC, pg.position, pg."targetKey" COLLATE "C"`,
    { mergeJoin: true },
  );
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
      select: { value: true, category: true, label: { select: { id: true, rationale: true, flags: true, flagNote: true, source: true, updatedAt: true, reviewer: { select: { id: true, name: true } } } } },
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
