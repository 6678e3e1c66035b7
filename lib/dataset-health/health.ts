import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { kendallTauB } from "@/lib/stats/agreement";
import { accuracyDrop, itemDiscrimination, itemRestCorrelation } from "@/lib/stats/items";
import type { Stat } from "@/lib/stats/types";
import { loadCriterionGroups } from "@/lib/comparisons/criteria";
import type { PassRule } from "@/lib/rubrics/kinds";
import { decidedScoresCtes } from "@/lib/comparisons/decided-scores-sql";
import { resolveJudge } from "@/lib/comparisons/runs";
import { coreCandidates, discriminates, smallestCoreSubset, stratifiedOrder, type CoreItem, type CoreSubset } from "./core-subset";
import { datasetHealthSchema, type DatasetHealthInput } from "./schemas";

// Dataset health for one version: the runs × items pass matrix (decided as in
// run comparison: adjudication, reviewers, then the judge; an item passes for
// a run when every turn passes) beside the runs × items matrix of decided
// scores (mean over turns; factuality counts correct as 1), per-item
// difficulty, item–rest discrimination on both, the suggested core subset,
// and paraphrase robustness.

export type ItemHealth = {
  itemId: string;
  externalId: string;
  tags: string[];
  group: string | null;
  difficulty: number;
  /** Item–rest point-biserial on the pass matrix. */
  discrimination: number | null;
  reason: string | null;
  /** Mean decided score over the runs. */
  scoreMean: number;
  /** Item–rest correlation on the decided scores. */
  scoreCorrelation: number | null;
  scoreReason: string | null;
  inCore: boolean;
};

export type RunRobustness = {
  runId: string;
  runName: string;
  pairs: number;
  original: Stat;
  paraphrased: Stat;
  /** acc(original) − acc(paraphrase), a fraction. */
  drop: Stat;
  relativeDrop: Stat;
  mcnemar: Stat & { b: number; c: number };
};

export type DatasetHealth = {
  datasetVersion: { id: string; version: number; datasetId: string; datasetName: string; itemCount: number };
  criterion: { key: string; name: string; kind: string; threshold: number | null; pass: PassRule } | null;
  judge: { id: string; name: string; promptVersion: string } | null;
  runs: { id: string; name: string; fullScore: number; coreScore: number | null }[];
  /** Items left out of the matrix because some run has no decided score on them. */
  incompleteItems: number;
  items: ItemHealth[];
  /** `fallback`: core items with discrimination ≤ 0, taken because their tag stratum had nothing better. */
  core: CoreSubset & { externalIds: string[]; fallback: { strata: string[]; externalIds: string[] } };
  robustness: { groups: number; runs: RunRobustness[]; rankingTau: Stat } | null;
};

type DecidedRow = { run_id: string; item_id: string; pass: boolean; score: number };

const NO_FALLBACK = { strata: [], externalIds: [] };

export async function datasetHealth(projectId: string, rawInput: DatasetHealthInput): Promise<DatasetHealth> {
  const input = datasetHealthSchema.parse(rawInput);
  const version = await db.datasetVersion.findFirst({
    where: { id: input.datasetVersion, dataset: { projectId } },
    select: { id: true, version: true, itemCount: true, datasetId: true, dataset: { select: { name: true } } },
  });
  if (!version) throw new SafeError("NOT_FOUND", "Unknown dataset version.", [{ field: "datasetVersion", message: "Not in this project." }]);
  const datasetVersion = { id: version.id, version: version.version, datasetId: version.datasetId, datasetName: version.dataset.name, itemCount: version.itemCount };

  const allGroups = await loadCriterionGroups(projectId, input.criterion ? { keys: [input.criterion] } : {});
  const group = allGroups[0] ?? null;
  const runs = await db.run.findMany({ where: { datasetVersionId: version.id }, select: { id: true, name: true }, orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
  const items = await db.datasetItem.findMany({
    where: { datasetVersionId: version.id },
    select: { id: true, externalId: true, tags: true, group: true, position: true },
    orderBy: { position: "asc" },
  });
  const empty = { datasetVersion, judge: null, runs: [], incompleteItems: items.length, items: [], robustness: null };
  if (!group || runs.length === 0) {
    return { ...empty, criterion: group && { key: group.key, name: group.name, kind: group.kind, threshold: group.threshold, pass: group.pass }, core: { found: false, reason: group ? "no runs on this version" : "no criterion with a pass rule", fullSize: 0, externalIds: [], fallback: NO_FALLBACK } };
  }
  // The pass rule comes from the criterion's config (lib/rubrics/kinds.ts), not from the scale's top levels.
  const criterion = { key: group.key, name: group.name, kind: group.kind, threshold: group.threshold, pass: group.pass };
  const judge = await resolveJudge(projectId, runs.map((run) => run.id), input.judge);
  // A categorical decision (factuality) has no value: its score is its pass, 1 or 0.
  const rows = await db.$queryRaw<DecidedRow[]>(Prisma.sql`
    ${decidedScoresCtes({ projectId, groups: [{ ...group, index: 0 }], runIds: runs.map((run) => run.id), judgeId: judge?.id ?? null })}
    SELECT run_id, item_id, bool_and(pass) AS pass, avg(COALESCE(value, CASE WHEN pass THEN 1 ELSE 0 END))::float8 AS score
    FROM decided GROUP BY run_id, item_id`);

  const runIndex = new Map(runs.map((run, i) => [run.id, i]));
  const passByItem = new Map<string, (number | null)[]>();
  const scoreByItem = new Map<string, number[]>();
  for (const row of rows) {
    const list = passByItem.get(row.item_id) ?? runs.map(() => null);
    list[runIndex.get(row.run_id)!] = row.pass ? 1 : 0;
    passByItem.set(row.item_id, list);
    const scores = scoreByItem.get(row.item_id) ?? runs.map(() => 0);
    scores[runIndex.get(row.run_id)!] = row.score;
    scoreByItem.set(row.item_id, scores);
  }
  const complete = items.filter((item) => passByItem.get(item.id)?.every((x) => x !== null));
  if (complete.length === 0) {
    return { ...empty, criterion, judge, core: { found: false, reason: "no item has a decided score for every run", fullSize: 0, externalIds: [], fallback: NO_FALLBACK } };
  }
  // runs × items
  const matrix = runs.map((_, r) => complete.map((item) => passByItem.get(item.id)![r]!));
  const { difficulty, discrimination, reasons } = itemDiscrimination(matrix);
  const byScore = itemRestCorrelation(runs.map((_, r) => complete.map((item) => scoreByItem.get(item.id)![r]!)));
  const coreItems: CoreItem[] = complete.map((item, index) => ({ index, stratum: [...item.tags].sort()[0] ?? "(untagged)", discrimination: discrimination[index]!, scoreCorrelation: byScore.correlation[index]! }));
  const core = smallestCoreSubset(matrix, stratifiedOrder(coreCandidates(coreItems).candidates));
  const coreSet = new Set(core.found ? core.itemIndexes : []);
  const fallbackItems = coreItems.filter((item) => coreSet.has(item.index) && !discriminates(item));
  const score = (row: number[], indexes: number[]) => indexes.reduce((s, j) => s + row[j]!, 0) / indexes.length;

  return {
    datasetVersion,
    criterion,
    judge,
    runs: runs.map((run, r) => ({ ...run, fullScore: score(matrix[r]!, complete.map((_, j) => j)), coreScore: core.found ? score(matrix[r]!, core.itemIndexes) : null })),
    incompleteItems: items.length - complete.length,
    items: complete.map((item, j) => ({
      itemId: item.id,
      externalId: item.externalId,
      tags: item.tags,
      group: item.group,
      difficulty: difficulty[j]!,
      discrimination: discrimination[j]!,
      reason: reasons[j]!,
      scoreMean: byScore.mean[j]!,
      scoreCorrelation: byScore.correlation[j]!,
      scoreReason: byScore.reasons[j]!,
      inCore: coreSet.has(j),
    })),
    core: {
      ...core,
      externalIds: core.found ? core.itemIndexes.map((j) => complete[j]!.externalId) : [],
      fallback: { strata: [...new Set(fallbackItems.map((item) => item.stratum))].sort(), externalIds: fallbackItems.map((item) => complete[item.index]!.externalId) },
    },
    robustness: robustness(runs, items, passByItem),
  };
}

/**
 * Paraphrase groups (docs/METRICS.md#paraphrase-robustness): in each group the original is the item
 * whose externalId equals the group name, else the first by position; every
 * other member is a paraphrase paired with it.
 */
function robustness(
  runs: { id: string; name: string }[],
  items: { id: string; externalId: string; group: string | null; position: number }[],
  passByItem: Map<string, (number | null)[]>,
): DatasetHealth["robustness"] {
  const groups = new Map<string, typeof items>();
  for (const item of items) if (item.group) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  const pairs: [string, string][] = [];
  for (const [name, members] of groups) {
    if (members.length < 2) continue;
    const original = members.find((m) => m.externalId === name) ?? members[0]!;
    for (const member of members) if (member !== original) pairs.push([original.id, member.id]);
  }
  if (pairs.length === 0) return null;
  const perRun = runs.map((run, r) => {
    const original: number[] = [];
    const paraphrased: number[] = [];
    for (const [o, p] of pairs) {
      const x = passByItem.get(o)?.[r];
      const y = passByItem.get(p)?.[r];
      if (x === null || x === undefined || y === null || y === undefined) continue;
      original.push(x);
      paraphrased.push(y);
    }
    const drop = accuracyDrop(original, paraphrased);
    return { runId: run.id, runName: run.name, pairs: original.length, original: drop.original, paraphrased: drop.perturbed, drop: drop.delta, relativeDrop: drop.relativeDrop, mcnemar: drop.mcnemar };
  });
  const ranked = perRun.filter((run) => run.original.value !== null && run.paraphrased.value !== null);
  return {
    groups: [...groups.values()].filter((m) => m.length >= 2).length,
    runs: perRun,
    rankingTau: kendallTauB(ranked.map((run) => run.original.value!), ranked.map((run) => run.paraphrased.value!)),
  };
}
