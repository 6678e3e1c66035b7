import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { trafficSelection } from "@/lib/evaluation/spot-checks/draw";
import type { CriterionKindName } from "@/lib/rubrics/kinds";
import { allocationSelection } from "./allocation";
import { criterionFitsMode, defaultCriterionKinds } from "./fields";
import { forgetTeamProgress } from "./queries";
import { NO_RATIONALE_RULE, type RationaleRule } from "./rationale-rule";
import { ALLOCATION_FLOOR_SHARE, type CreateSetupInput, type Selection, type TurnScopeName } from "./schemas";

// Review setups and the tasks generated from them. Item selection and task
// generation run as set-based SQL (INSERT … SELECT), so a setup over 100k
// items is one statement, not 100k round trips.

type Tx = Prisma.TransactionClient;

/** The turns of item `itemId` (an SQL expression) that every chosen run answered, as SQL selecting `turn`. */
function turnsAllRunsAnswered(itemId: Prisma.Sql, runIds: string[]) {
  return Prisma.sql`SELECT o.turn FROM "Output" o WHERE o."itemId" = ${itemId} AND o."runId" = ANY(${runIds}::text[]) GROUP BY o.turn HAVING COUNT(DISTINCT o."runId") = ${runIds.length}`;
}

/** FROM … WHERE over "DatasetItem" i: the items of the version every chosen run answered, with any of the tags. */
export function candidateItems(datasetVersionId: string, runIds: string[], selection: Selection) {
  const hasAllRuns = Prisma.sql`EXISTS (${turnsAllRunsAnswered(Prisma.sql`i.id`, runIds)})`;
  const tagFilter = selection.tags.length > 0 ? Prisma.sql`AND i.tags && ${selection.tags}::text[]` : Prisma.empty;
  return Prisma.sql`FROM "DatasetItem" i WHERE i."datasetVersionId" = ${datasetVersionId} AND ${hasAllRuns} ${tagFilter}`;
}

/** Where-clause and ordering of the items a selection picks, as SQL over "DatasetItem" i. */
function selectionQuery(datasetVersionId: string, runIds: string[], selection: Selection) {
  const seed = String(selection.seed);
  const hasAllRuns = Prisma.sql`EXISTS (${turnsAllRunsAnswered(Prisma.sql`i.id`, runIds)})`;
  const base = candidateItems(datasetVersionId, runIds, selection);
  const limit = selection.n ? Prisma.sql`LIMIT ${selection.n}` : Prisma.empty;
  switch (selection.strategy) {
    case "all":
    case "tag":
      return Prisma.sql`SELECT i.id, 0::float8 AS priority ${base} ORDER BY i.position ${limit}`;
    case "random":
      // md5(seed || id) is a seeded shuffle that gives the same sample for the same seed.
      return Prisma.sql`SELECT i.id, 0::float8 AS priority ${base} ORDER BY md5(${seed} || i.id) ${limit}`;
    case "stratified": {
      const strataFilter = selection.tags.length > 0 ? Prisma.sql`AND t.tag = ANY(${selection.tags}::text[])` : Prisma.empty;
      // Round-robin over tags: the first item of every tag, then the second…
      // so small strata are represented; items without tags form their own stratum.
      return Prisma.sql`
        SELECT s.id, 0::float8 AS priority FROM (
          SELECT c.id, MIN(c.rn) AS rn, MIN(c.h) AS h FROM (
            SELECT i.id, md5(${seed} || i.id) AS h,
                   ROW_NUMBER() OVER (PARTITION BY t.tag ORDER BY md5(${seed} || i.id)) AS rn
            FROM "DatasetItem" i CROSS JOIN LATERAL unnest(CASE WHEN cardinality(i.tags) = 0 THEN ARRAY['(untagged)'] ELSE i.tags END) AS t(tag)
            WHERE i."datasetVersionId" = ${datasetVersionId} AND ${hasAllRuns} ${strataFilter}
          ) c GROUP BY c.id
        ) s ORDER BY s.rn, s.h ${limit}`;
    }
    case "disagreement":
      // How much the judges disagree on an item's outputs: spread of numeric
      // scores, extra distinct verdicts on categorical criteria, and pairwise
      // verdicts that change with the order shown. Higher = reviewed first.
      return Prisma.sql`
        SELECT i.id, (
          COALESCE((SELECT SUM(d.spread) FROM (
            SELECT COALESCE(STDDEV_POP(js.value), 0) + GREATEST(COUNT(DISTINCT js.category) - 1, 0) AS spread
            FROM "JudgeScore" js JOIN "Output" o ON o.id = js."outputId"
            WHERE o."itemId" = i.id AND o."runId" = ANY(${runIds}::text[])
            GROUP BY js."outputId", js."criterionId") d), 0)
          + COALESCE((SELECT SUM(p.flips) FROM (
            SELECT COUNT(DISTINCT ps.verdict) - 1 AS flips FROM "PairwiseJudgeScore" ps
            WHERE ps."itemId" = i.id GROUP BY ps."judgeId", ps."criterionId", ps."outputAId", ps."outputBId") p), 0)
        )::float8 AS priority
        ${base} ORDER BY priority DESC, i.position ${limit}`;
    case "allocation":
      throw new Error("allocation draws are computed by allocationSelection (lib/review/allocation.ts)");
    case "traffic":
      throw new Error("traffic draws are computed by trafficSelection (lib/evaluation/spot-checks/draw.ts)");
  }
}

type TaskSource = { id: string; projectId: string; datasetVersionId: string; rubricVersionId: string; runIds: string[]; overlap: number; turns: TurnScopeName };

/**
 * Inserts tasks (and their outputs, in run order) for the items a selection
 * picks; existing ones are kept. A task reviews one turn that every chosen run
 * answered: "last turn" setups the highest such turn of each item (an item
 * keeps its one task even when later turns arrive), "every turn" setups each
 * of them, so one item may hold several tasks. Tasks and labels stay keyed by
 * outputs, which already carry their turn.
 */
async function generateTasks(tx: Tx, setup: TaskSource, selection: Selection) {
  // Rows (id, priority, p): p is the inclusion probability of an allocation draw, null otherwise.
  const chosen =
    selection.strategy === "allocation"
      ? await allocationSelection(tx, setup, candidateItems(setup.datasetVersionId, setup.runIds, selection), { n: selection.n ?? 1, seed: selection.seed, floorShare: selection.floorShare ?? ALLOCATION_FLOOR_SHARE })
      : selection.strategy === "traffic"
        ? await trafficSelection(tx, setup, selection)
        : Prisma.sql`SELECT q.id, q.priority, NULL::float8 AS p FROM (${selectionQuery(setup.datasetVersionId, setup.runIds, selection)}) q`;
  const answered = turnsAllRunsAnswered(Prisma.sql`c.id`, setup.runIds);
  const turns = setup.turns === "EVERY" ? answered : Prisma.sql`${answered} ORDER BY o.turn DESC LIMIT 1`;
  const oneTaskPerItem =
    setup.turns === "LAST" ? Prisma.sql`WHERE NOT EXISTS (SELECT 1 FROM "ReviewTask" x WHERE x."setupId" = ${setup.id} AND x."itemId" = c.id)` : Prisma.empty;
  const created = await tx.$executeRaw`
    INSERT INTO "ReviewTask" (id, "projectId", "setupId", "itemId", turn, overlap, priority, "inclusionProbability")
    SELECT gen_random_uuid()::text, ${setup.projectId}, ${setup.id}, c.id, a.turn, ${setup.overlap}, c.priority, c.p
    FROM (${chosen}) c CROSS JOIN LATERAL (${turns}) a ${oneTaskPerItem}
    ON CONFLICT ("setupId", "itemId", turn) DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO "ReviewTaskOutput" ("taskId", "outputId", position)
    SELECT t.id, o.id, (r.pos - 1)::int
    FROM "ReviewTask" t
    CROSS JOIN unnest(${setup.runIds}::text[]) WITH ORDINALITY AS r(run_id, pos)
    JOIN "Output" o ON o."itemId" = t."itemId" AND o."runId" = r.run_id AND o.turn = t.turn
    WHERE t."setupId" = ${setup.id} AND NOT EXISTS (SELECT 1 FROM "ReviewTaskOutput" x WHERE x."taskId" = t.id)`;
  return created;
}

export type SetupSelectionJson = Selection & { criterionKeys: string[] };

export async function createReviewSetup(input: CreateSetupInputParsed, actorId: string | null) {
  const { projectId } = input;
  const version = await db.datasetVersion.findFirst({ where: { id: input.datasetVersionId, dataset: { projectId } }, select: { id: true } });
  if (!version) throw new SafeError("NOT_FOUND", "That dataset version is not part of this project.");
  const rubricVersion = await db.rubricVersion.findFirst({
    where: { id: input.rubricVersionId, rubric: { projectId } },
    select: { id: true, criteria: { select: { key: true, kind: true } } },
  });
  if (!rubricVersion) throw new SafeError("NOT_FOUND", "That rubric version is not part of this project.");
  const runs = await db.run.findMany({ where: { id: { in: input.runIds }, projectId, datasetVersionId: version.id }, select: { id: true } });
  if (runs.length !== input.runIds.length) throw new SafeError("VALIDATION", "runIds: every run must belong to this project and dataset version.", [{ field: "runIds", message: "Every run must answer the chosen dataset version." }]);

  const criteria = rubricVersion.criteria as { key: string; kind: CriterionKindName }[];
  for (const key of input.criterionKeys) {
    const criterion = criteria.find((c) => c.key === key);
    if (!criterion) throw new SafeError("VALIDATION", `criterionKeys: "${key}" is not in the rubric.`, [{ field: "criterionKeys", message: `"${key}" is not in the rubric.` }]);
    if (!criterionFitsMode(criterion.kind, input.mode)) throw new SafeError("VALIDATION", `criterionKeys: "${key}" does not fit ${input.mode.toLowerCase()} review.`, [{ field: "criterionKeys", message: `"${key}" does not fit this mode.` }]);
  }
  const rationaleRule = input.rationaleRule ?? NO_RATIONALE_RULE;
  for (const key of rationaleRule.criterionKeys) {
    if (!criteria.some((c) => c.key === key)) {
      const message = `A rationale is asked for "${key}", which is not a criterion of this rubric: choose among ${criteria.map((c) => `"${c.key}"`).join(", ")}.`;
      throw new SafeError("VALIDATION", message, [{ field: "rationaleRule.criterionKeys", message }]);
    }
  }
  const kinds = defaultCriterionKinds(input.mode);
  const asked = input.criterionKeys.length > 0 ? input.criterionKeys : criteria.filter((c) => kinds.includes(c.kind)).map((c) => c.key);
  if (asked.length === 0) throw new SafeError("VALIDATION", "criterionKeys: the rubric has no criterion for this mode.", [{ field: "criterionKeys", message: "The rubric has no criterion that fits this mode." }]);

  const selection: SetupSelectionJson = { ...input.selection, criterionKeys: input.criterionKeys };
  const created = await db.$transaction(
    async (tx) => {
      const setup = await tx.reviewSetup.create({
        data: {
          projectId,
          name: input.name,
          datasetVersionId: version.id,
          rubricVersionId: rubricVersion.id,
          mode: input.mode,
          runIds: input.runIds,
          selection,
          overlap: input.overlap,
          blindReview: input.blindReview,
          randomizeOrder: input.randomizeOrder,
          showReference: input.showReference,
          turns: input.turns ?? "LAST",
          rationaleRule,
          createdById: actorId,
        },
      });
      const taskCount = await generateTasks(tx, setup, input.selection);
      if (taskCount === 0) throw new SafeError("VALIDATION", "selection: no item matches (items need an output from every chosen run for the same turn).", [{ field: "selection", message: "No item matches." }]);
      await recordAudit({ projectId, actorId, action: "review.setup.create", targetType: "ReviewSetup", targetId: setup.id, data: { name: setup.name, mode: setup.mode, turns: setup.turns, taskCount } }, tx);
      return { setupId: setup.id, taskCount };
    },
    { timeout: 120_000 },
  );
  await refreshTaskStatistics(created.taskCount);
  return created;
}

/**
 * Fresh planner statistics after many new tasks: the queue's pick reads open
 * tasks whose lease horizon passed from a small partial index, a plan the
 * planner chooses only when it knows how few they are; autovacuum would
 * analyze the table only after reviewers started.
 */
async function refreshTaskStatistics(newTasks: number) {
  if (newTasks >= 1_000) await db.$executeRaw`ANALYZE "ReviewTask"`;
}

/** A parsed setup; `turns` may be left out by callers that build it by hand (seed, bench): last turn. */
export type CreateSetupInputParsed = Omit<Required<CreateSetupInput>, "selection" | "turns" | "rationaleRule"> & { selection: Selection; turns?: TurnScopeName; rationaleRule?: RationaleRule };

/** Adds tasks for more items (another sample, another tag), at the setup's turn scope; tasks already generated are kept as they are. */
export async function extendReviewSetup(projectId: string, setupId: string, selection: Selection, actorId: string | null) {
  const setup = await db.reviewSetup.findFirst({ where: { id: setupId, projectId }, select: { id: true, projectId: true, datasetVersionId: true, rubricVersionId: true, runIds: true, overlap: true, turns: true } });
  if (!setup) throw new SafeError("NOT_FOUND", "Review setup not found.");
  // A second draw over a setup's items would change every item's chance of having been drawn, which the recorded probabilities could no longer express.
  if (selection.strategy === "allocation" || selection.strategy === "traffic")
    throw new SafeError("VALIDATION", `selection: ${selection.strategy === "traffic" ? "a draw from traffic" : "an allocation draw"} cannot extend a setup; create a new setup for it.`, [{ field: "selection.strategy", message: "This draw needs a setup of its own." }]);
  const result = await db.$transaction(
    async (tx) => {
      const added = await generateTasks(tx, setup, selection);
      await recordAudit({ projectId, actorId, action: "review.setup.extend", targetType: "ReviewSetup", targetId: setupId, data: { added, strategy: selection.strategy } }, tx);
      return { added };
    },
    { timeout: 120_000 },
  );
  await refreshTaskStatistics(result.added);
  forgetTeamProgress(setupId);
  return result;
}
