import { loadCriterionPosition, type CriterionPosition } from "@/lib/agreement/bias";
import { headlineFigure, type Figure } from "@/lib/agreement/figures";
import { loadAgreementReport, type JudgeCriterionReport } from "@/lib/agreement/report";
import { critCte, judgedCte } from "@/lib/agreement/sql";
import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { JudgeRunProgress } from "./contracts";
import { expertRationales } from "./examples";
import { formatInput } from "./render";
import { getJudgeRunProgress } from "./runs";
import { heldOutItemIds, splitCounts } from "./split";
import { loadVersionChanges, type WorkbenchChanges } from "./version-change";

// The alignment workbench's figures: a judge version's agreement with the
// experts on the criterion's HELD-OUT items only (never the example pool),
// computed by the dashboards' own functions (lib/agreement, filtered to those
// items), beside the human ceiling, position consistency for pairwise judges,
// the change of each figure from another version with its paired interval
// (version-change.ts), and the
// units where the version and the experts disagree.

export type VersionFigures = {
  judgeId: string;
  version: number;
  changeNote: string;
  swapAverage: boolean;
  report: JudgeCriterionReport | null;
  headline: Figure | null;
  position: CriterionPosition | null;
  /** The newest held-out run of this version, while it matters (its progress fills the figures in). */
  run: JudgeRunProgress | null;
};

export type Disagreement = {
  targetKey: string;
  itemId: string;
  externalId: string;
  input: string;
  /** The output(s) judged, canonical A first for a pair. */
  outputs: string[];
  judge: string;
  judgeReasoning: string[];
  expert: string;
  expertCodes: string[];
  expertRationales: string[];
};

async function latestHeldOutRun(projectId: string, judgeId: string): Promise<JudgeRunProgress | null> {
  const [run] = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "JudgeRun" WHERE "projectId" = ${projectId} AND "judgeId" = ${judgeId} AND scope->>'purpose' = 'heldout'
    ORDER BY "createdAt" DESC LIMIT 1`;
  return run ? getJudgeRunProgress(projectId, run.id) : null;
}

async function figuresOf(projectId: string, mode: "POINTWISE" | "PAIRWISE", criterion: { key: string; name: string }, version: { id: string; version: number | null; changeNote: string; swapAverage: boolean }, itemIds: string[]): Promise<VersionFigures> {
  const [agreement, position, run] = await Promise.all([
    loadAgreementReport(projectId, { judgeId: version.id, criterionKey: criterion.key, itemIds, slices: false }),
    mode === "PAIRWISE" ? loadCriterionPosition(version.id, criterion, itemIds) : Promise.resolve(null),
    latestHeldOutRun(projectId, version.id),
  ]);
  const report = agreement.rows.find((row) => row.criterion.key === criterion.key) ?? null;
  return {
    judgeId: version.id,
    version: version.version ?? 0,
    changeNote: version.changeNote,
    swapAverage: version.swapAverage,
    report,
    headline: report ? headlineFigure(report.criterion, report.overall.figures) : null,
    position,
    run,
  };
}

/** Held-out units where a version's (combined) verdict differs from the experts' consensus. */
export async function listDisagreements(projectId: string, criterionKey: string, judgeId: string, itemIds: string[], limit = 30): Promise<Disagreement[]> {
  const filter = { criterionKey, itemIds, judgeId };
  const rows = await db.$queryRaw<{ targetKey: string; judge: string; expert: string; codes: string[]; itemId: string; externalId: string }[]>(Prisma.sql`
    WITH ${critCte(projectId, filter)}, ${judgedCte(projectId, filter)}
    SELECT DISTINCT ON (i.position, jd."targetKey") jd."targetKey" AS "targetKey", jd.code AS judge, h.consensus[1] AS expert, h.codes,
      i.id AS "itemId", i."externalId" AS "externalId"
    FROM judged jd
    JOIN "HumanJudgment" h ON h."projectId" = ${projectId} AND h."criterionKey" = jd.key AND h."targetKey" = jd."targetKey"
    JOIN "Output" o ON o.id = split_part(jd."targetKey", ':', 1)
    JOIN "DatasetItem" i ON i.id = o."itemId"
    WHERE jd.code IS NOT NULL AND cardinality(h.consensus) = 1 AND jd.code <> h.consensus[1]
    ORDER BY i.position, jd."targetKey" LIMIT ${limit}`);
  if (rows.length === 0) return [];
  const targetKeys = rows.map((row) => row.targetKey);
  const outputIds = [...new Set(targetKeys.flatMap((key) => key.split(":")))];
  const [outputs, items, pointReasons, pairReasons, rationales] = await Promise.all([
    db.output.findMany({ where: { id: { in: outputIds } }, select: { id: true, content: true, turn: true } }),
    db.datasetItem.findMany({ where: { id: { in: rows.map((row) => row.itemId) } }, select: { id: true, inputText: true, inputTurns: true, context: true, reference: true } }),
    db.judgeScore.findMany({ where: { judgeId, outputId: { in: outputIds }, criterion: { key: criterionKey } }, select: { outputId: true, rationale: true } }),
    db.pairwiseJudgeScore.findMany({ where: { judgeId, criterion: { key: criterionKey }, itemId: { in: rows.map((row) => row.itemId) } }, select: { outputAId: true, outputBId: true, shownOrder: true, rationale: true } }),
    expertRationales(db, projectId, criterionKey, targetKeys),
  ]);
  const outputById = new Map(outputs.map((output) => [output.id, output]));
  const itemById = new Map(items.map((item) => [item.id, item]));
  return rows.map((row) => {
    const ids = row.targetKey.split(":");
    const shown = ids.map((id) => ({ content: outputById.get(id)?.content ?? "", turn: outputById.get(id)?.turn ?? 0, earlier: new Map<number, string>() }));
    const reasoning = ids.length === 1
      ? pointReasons.filter((r) => r.outputId === ids[0]).map((r) => r.rationale)
      : pairReasons.filter((r) => [r.outputAId, r.outputBId].sort().join(":") === row.targetKey).map((r) => `Shown ${r.shownOrder}: ${r.rationale}`);
    return {
      targetKey: row.targetKey,
      itemId: row.itemId,
      externalId: row.externalId,
      input: formatInput(itemById.get(row.itemId)!, shown),
      outputs: shown.map((output) => output.content),
      judge: row.judge,
      judgeReasoning: reasoning.filter((text) => text.trim() !== ""),
      expert: row.expert,
      expertCodes: row.codes,
      expertRationales: rationales.get(row.targetKey) ?? [],
    };
  });
}

export async function loadWorkbench(projectId: string, definitionId: string, choice: { judgeId?: string; compareId?: string } = {}) {
  const definition = await db.judgeDefinition.findFirst({
    where: { id: definitionId, projectId },
    select: {
      id: true,
      name: true,
      mode: true,
      rubricId: true,
      criterionKey: true,
      promotedJudgeId: true,
      versions: { orderBy: { version: "desc" }, select: { id: true, version: true, changeNote: true, swapAverage: true, fewShotK: true } },
    },
  });
  if (!definition) throw new SafeError("NOT_FOUND", "This judge definition does not exist.");
  const criterionRow = await db.criterion.findFirst({
    where: { key: definition.criterionKey, rubricVersion: { rubricId: definition.rubricId } },
    orderBy: { rubricVersion: { version: "desc" } },
    select: { key: true, name: true },
  });
  const criterion = criterionRow ?? { key: definition.criterionKey, name: definition.criterionKey };
  const current = definition.versions.find((v) => v.id === choice.judgeId) ?? definition.versions[0]!;
  const compare = definition.versions.find((v) => v.id === choice.compareId && v.id !== current.id) ?? definition.versions.find((v) => (v.version ?? 0) < (current.version ?? 0)) ?? null;
  const [itemIds, split] = await Promise.all([heldOutItemIds(db, definition.rubricId, definition.criterionKey), splitCounts(db, definition.rubricId, definition.criterionKey)]);
  const [currentFigures, compareFigures, disagreements] = await Promise.all([
    figuresOf(projectId, definition.mode, criterion, current, itemIds),
    compare ? figuresOf(projectId, definition.mode, criterion, compare, itemIds) : Promise.resolve(null),
    listDisagreements(projectId, definition.criterionKey, current.id, itemIds),
  ]);
  const agreementCriterion = currentFigures.report?.criterion ?? compareFigures?.report?.criterion ?? null;
  const changes: WorkbenchChanges | null =
    compare && agreementCriterion ? await loadVersionChanges(projectId, definition.mode, agreementCriterion, itemIds, compare.id, current.id) : null;
  return { definition, criterion, split, heldOut: itemIds.length, current: currentFigures, compare: compareFigures, changes, disagreements };
}

export type Workbench = Awaited<ReturnType<typeof loadWorkbench>>;
