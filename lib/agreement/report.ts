import { db } from "@/lib/db/client";
import { mtBenchFromVoteCounts } from "@/lib/stats/judge-bias";
import type { Label, Stat } from "@/lib/stats/types";
import { loadAgreementCriteria, parseCode, type AgreementCriterion } from "./criteria";
import { agreementFigures, BOOTSTRAP, ceilingFigures, tableFromRows, type AgreementFigures, type CeilingFigures } from "./figures";
import { loadCountsAndProfiles } from "./overall";
import { preferenceVoteCountsSql, type AgreementFilter, type VoteCountRow } from "./sql";

// Judge vs humans, the way the dashboards read it: one server function that
// runs the aggregation in SQL and hands the counts to lib/stats.

export type SliceKind = "all" | "run" | "category" | "tag";
export type SliceFigures = { kind: SliceKind; value: string; label: string; figures: AgreementFigures; offScale: number };
export type JudgeSummary = { id: string; name: string; model: string; modelFamily: string; promptVersion: string; createdAt: Date };

export type JudgeCriterionReport = {
  judge: JudgeSummary;
  criterion: AgreementCriterion;
  overall: SliceFigures;
  slices: SliceFigures[];
  ceiling: CeilingFigures;
  /** MT-Bench agreement (S1 with ties, S2 without) between the judge and individual reviewers; preference criteria only. */
  mtBench: { s1: Stat; s2: Stat; humanS1: Stat; humanS2: Stat } | null;
  /** Change from the previous prompt version of the same judge, on the overall slice. */
  movement: { fromVersion: string; exact: number | null; kappa: number | null } | null;
};

export type AgreementReport = { criteria: AgreementCriterion[]; judges: JudgeSummary[]; rows: JudgeCriterionReport[] };

function sliceLabel(kind: SliceKind, value: string, runNames: Map<string, string>) {
  if (kind === "all") return "All units";
  if (kind === "run") return `Run ${runNames.get(value) ?? value}`;
  if (kind === "category") return `Category ${value}`;
  return `Tag ${value}`;
}

export async function loadAgreementReport(projectId: string, filter: AgreementFilter & { bootstrap?: boolean; slices?: boolean } = {}): Promise<AgreementReport> {
  const [criteria, judges, runs, [counts, profiles], votes] = await Promise.all([
    loadAgreementCriteria(projectId, { rubricVersionId: filter.rubricVersionId }),
    db.judge.findMany({
      where: { projectId, ...(filter.judgeId ? { id: filter.judgeId } : {}) },
      select: { id: true, name: true, model: true, modelFamily: true, promptVersion: true, createdAt: true },
      orderBy: [{ name: "asc" }, { promptVersion: "asc" }, { createdAt: "asc" }],
    }),
    db.run.findMany({ where: { projectId }, select: { id: true, name: true } }),
    loadCountsAndProfiles(projectId, filter, { slices: filter.slices }),
    db.$queryRaw<VoteCountRow[]>(preferenceVoteCountsSql(projectId, filter)),
  ]);
  const runNames = new Map(runs.map((run) => [run.id, run.name]));
  const criterionByKey = new Map(criteria.map((c) => [c.key, c]));

  // (judge, key) → slice → rows
  const grouped = new Map<string, Map<string, { kind: SliceKind; value: string; rows: { human: Label; judge: Label; count: number }[]; offScale: number }>>();
  for (const row of counts) {
    const criterion = criterionByKey.get(row.key);
    if (!criterion) continue;
    const pairKey = `${row.judgeId}\u0000${row.key}`;
    const slices = grouped.get(pairKey) ?? new Map();
    grouped.set(pairKey, slices);
    const sliceKey = `${row.slice}\u0000${row.sliceValue}`;
    const slice = slices.get(sliceKey) ?? { kind: row.slice as SliceKind, value: row.sliceValue, rows: [], offScale: 0 };
    slices.set(sliceKey, slice);
    const human = parseCode(criterion, row.human);
    const judge = parseCode(criterion, row.judge);
    if (human === null || judge === null) slice.offScale += row.count;
    else slice.rows.push({ human, judge, count: row.count });
  }

  const profilesByPair = new Map<string, { codes: Label[]; units: number }[]>();
  for (const row of profiles) {
    const criterion = criterionByKey.get(row.key);
    if (!criterion) continue;
    const codes = row.codes.map((code) => parseCode(criterion, code)).filter((code): code is Label => code !== null);
    if (codes.length < 2) continue;
    const pairKey = `${row.judgeId}\u0000${row.key}`;
    profilesByPair.set(pairKey, [...(profilesByPair.get(pairKey) ?? []), { codes, units: row.units }]);
  }

  const votesByPair = new Map<string, VoteCountRow[]>();
  for (const row of votes) {
    const pairKey = `${row.judgeId}\u0000${row.key}`;
    const list = votesByPair.get(pairKey) ?? [];
    votesByPair.set(pairKey, list);
    list.push(row);
  }

  const rows: JudgeCriterionReport[] = [];
  for (const judge of judges) {
    for (const criterion of criteria) {
      if (filter.criterionKey && criterion.key !== filter.criterionKey) continue;
      const pairKey = `${judge.id}\u0000${criterion.key}`;
      const slices = grouped.get(pairKey);
      if (!slices && !(filter.judgeId && filter.criterionKey)) continue;
      // Slices cost a bootstrap each: pages that show only the overall figure skip them.
      const wanted = [...(slices?.values() ?? [])].filter((slice) => slice.kind === "all" || filter.slices !== false);
      const figures = wanted.map((slice): SliceFigures => ({
        kind: slice.kind,
        value: slice.value,
        label: sliceLabel(slice.kind, slice.value, runNames),
        figures: agreementFigures(criterion, tableFromRows(criterion, slice.rows), { bootstrap: filter.bootstrap === false ? "none" : "all" }),
        offScale: slice.offScale,
      }));
      const overall =
        figures.find((s) => s.kind === "all") ??
        ({ kind: "all", value: "", label: "All units", figures: agreementFigures(criterion, tableFromRows(criterion, [])), offScale: 0 } satisfies SliceFigures);
      rows.push({
        judge,
        criterion,
        overall,
        slices: figures.filter((s) => s.kind !== "all").sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label)),
        ceiling: ceilingFigures(criterion, profilesByPair.get(pairKey) ?? [], { bootstrap: filter.bootstrap !== false }),
        mtBench: criterion.kind === "PREFERENCE" ? mtBenchFigures(votesByPair.get(pairKey) ?? [], filter.bootstrap !== false) : null,
        movement: null,
      });
    }
  }
  addMovement(rows);
  return { criteria, judges, rows };
}

// The judge-vs-human figures carry 95 % intervals resampling the compared pairs (lib/stats).
function mtBenchFigures(rows: readonly VoteCountRow[], withIntervals: boolean) {
  const groups = rows.map((row) => ({ judge: row.judge, humans: { a: row.a, b: row.b, tie: row.tie }, units: row.units }));
  const { judgeHuman, humanHuman } = mtBenchFromVoteCounts(groups, withIntervals ? BOOTSTRAP : undefined);
  return { s1: judgeHuman.s1, s2: judgeHuman.s2, humanS1: humanHuman.s1, humanS2: humanHuman.s2 };
}

// Prompt versions of one judge share its name: each row is compared with the
// previous version's row for the same criterion.
function addMovement(rows: JudgeCriterionReport[]) {
  const previous = new Map<string, JudgeCriterionReport>();
  for (const row of rows) {
    const key = `${row.judge.name}\u0000${row.criterion.key}`;
    const before = previous.get(key);
    if (before) {
      const delta = (now: number | null, then: number | null) => (now === null || then === null ? null : now - then);
      row.movement = {
        fromVersion: before.judge.promptVersion,
        exact: delta(row.overall.figures.exact.value, before.overall.figures.exact.value),
        kappa: delta(row.overall.figures.kappa.value, before.overall.figures.kappa.value),
      };
    }
    previous.set(key, row);
  }
}
