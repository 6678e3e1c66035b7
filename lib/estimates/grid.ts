import { db } from "@/lib/db/client";
import { loadCriterionGroups, type CriterionGroup } from "@/lib/comparisons/criteria";
import { listDatasets } from "@/lib/datasets/queries";
import { labelsNeededForHalfWidth, type LabelPlan } from "@/lib/stats/ppi-budget";
import { bucketUnits, loadUnits, metricOf, resolveEstimateJudge, resolveSetup, unitsOf, type JudgeRef, type SetupRef, type Units } from "./estimates";
import { estimateFigures, figuresAndPlanState, type EstimateFigures } from "./figures";

// What the "Calibrated estimates" screen shows: every run of one dataset
// version × every criterion with a pass rule, for all items or one slice (an
// item tag), from one units query; and the budget planner's answer per slice.

export type GridRun = { id: string; name: string; model: string };
export type GridRow = { run: GridRun; key: string; name: string; g: number; metric: "mean" | "pass rate"; figures: EstimateFigures };

export type EstimateGrid = {
  versions: { id: string; label: string }[];
  version: { id: string; label: string };
  runs: GridRun[];
  groups: CriterionGroup[];
  judge: JudgeRef;
  setup: SetupRef | null;
  slice: string | null;
  /** Every tag of the units, for the slice picker and the planner. */
  tags: string[];
  rows: GridRow[];
  units: Units;
};

export type GridInput = { datasetVersion?: string; judge?: string; setup?: string; slice?: string };

/** The grid, or why there is nothing to show (in words). */
export async function estimateGrid(projectId: string, input: GridInput): Promise<EstimateGrid | { empty: string }> {
  const datasets = await listDatasets(projectId);
  const versions = datasets.flatMap((dataset) => dataset.versions.filter((v) => v.runs.length > 0).map((v) => ({ id: v.id, label: `${dataset.name} v${v.version}`, runs: v.runs })));
  if (versions.length === 0) return { empty: "Upload a run's outputs and its judge scores first." };
  const version = versions.find((v) => v.id === input.datasetVersion) ?? versions[0]!;
  const groups = await loadCriterionGroups(projectId);
  if (groups.length === 0) return { empty: "No criterion with a pass rule (likert, score, binary, factuality, categories with passing ones) to estimate." };
  const runs = version.runs.map((run) => ({ id: run.id, name: run.name, model: run.model }));
  const runIds = runs.map((run) => run.id);
  const [judge, setup] = await Promise.all([resolveEstimateJudge(projectId, runIds, groups, input.judge), resolveSetup(projectId, input.setup)]);
  const units = await loadUnits({ projectId, groups, judgeId: judge.id, runIds, slices: { tag: null, withTags: true }, setupId: setup?.id ?? null });
  const slice = input.slice ?? null;
  const unitsFor = bucketUnits(units);
  const rows = runs.flatMap((run) =>
    groups.map((group) => ({ run, key: group.key, name: group.name, g: group.index, metric: metricOf(group), figures: estimateFigures(unitsFor(run.id, group.index, slice)) })),
  );
  const tags = [...new Set([...units.labelled, ...units.judgeOnly].flatMap((u) => u.tags))].sort();
  return { versions: versions.map(({ id, label }) => ({ id, label })), version: { id: version.id, label: version.label }, runs, groups, judge, setup, slice, tags, rows, units };
}

export type SlicePlan = { slice: string | null; n: number; N: number; halfWidth: number | null; plan: LabelPlan | null; notEnoughData: string | null };

/** The planner: for one run and criterion, all items and each slice, the labels needed to reach ±target. */
export function planBySlice(units: Units, runId: string, g: number, tags: string[], target: number): SlicePlan[] {
  return [null, ...tags].map((slice) => {
    const { figures, planState } = figuresAndPlanState(unitsOf(units, runId, g, slice));
    const halfWidth = figures.ppi ? (figures.ppi.upper - figures.ppi.lower) / 2 : null;
    return { slice, n: figures.n, N: figures.N, halfWidth, plan: planState ? labelsNeededForHalfWidth(planState, target) : null, notEnoughData: figures.notEnoughData };
  });
}

/** Review setups for the sample picker, saying which recorded inclusion probabilities (weighted by 1/p). */
export async function listSampleSetups(projectId: string) {
  const setups = await db.reviewSetup.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, _count: { select: { tasks: { where: { inclusionProbability: { not: null } } } } } },
  });
  return setups.map((setup) => ({ id: setup.id, name: setup.name, weighted: setup._count.tasks > 0 }));
}
