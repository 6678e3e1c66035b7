import { db } from "@/lib/db/client";
import { SafeError } from "@/lib/errors";
import { loadCriterionGroups } from "@/lib/comparisons/criteria";
import { labelsNeededForHalfWidth } from "@/lib/stats/ppi-budget";
import { loadUnits, unitsOf } from "./estimates";
import { figuresAndPlanState } from "./figures";
import type { SaveBudgetPlanInput } from "./schemas";

// Saved budget plans: what the planner predicted when a lead saved it, and the
// same figure now, so the screen can set achieved against predicted width.

const halfWidthOf = (ppi: { lower: number; upper: number } | null) => (ppi ? (ppi.upper - ppi.lower) / 2 : null);

/** One figure's units and PPI++ state now (the plan's run, criterion, judge, slice and setup). */
async function currentFigure(projectId: string, plan: { runId: string; criterionKey: string; judgeId: string; slice: string; setupId: string | null }) {
  const groups = await loadCriterionGroups(projectId, { keys: [plan.criterionKey] });
  const units = await loadUnits({ projectId, groups, judgeId: plan.judgeId, runIds: [plan.runId], slices: { tag: plan.slice || null, withTags: false }, setupId: plan.setupId });
  return figuresAndPlanState(unitsOf(units, plan.runId, groups[0]!.index, null));
}

/** Recomputes the plan on the server (never trusts a client's numbers) and stores it. */
export async function saveBudgetPlan(input: SaveBudgetPlanInput, createdById: string) {
  const { projectId } = input;
  const run = await db.run.findFirst({ where: { id: input.runId, projectId }, select: { id: true } });
  if (!run) throw new SafeError("NOT_FOUND", "Unknown run.", [{ field: "runId", message: "Not a run of this project." }]);
  const judge = await db.judge.findFirst({ where: { id: input.judgeId, projectId }, select: { id: true } });
  if (!judge) throw new SafeError("NOT_FOUND", "Unknown judge.", [{ field: "judgeId", message: "Not a judge of this project." }]);
  if (input.setupId && !(await db.reviewSetup.findFirst({ where: { id: input.setupId, projectId }, select: { id: true } }))) {
    throw new SafeError("NOT_FOUND", "Unknown review setup.", [{ field: "setupId", message: "Not a setup of this project." }]);
  }
  const plan = { runId: run.id, criterionKey: input.criterionKey, judgeId: judge.id, slice: input.slice, setupId: input.setupId ?? null };
  const { figures, planState } = await currentFigure(projectId, plan);
  if (!planState) throw new SafeError("VALIDATION", `${figures.notEnoughData ?? "Not enough data"}: label more items before planning.`, [{ field: "targetHalfWidth", message: "No interval to plan from yet." }]);
  const need = labelsNeededForHalfWidth(planState, input.targetHalfWidth);
  if (!need.reachable) {
    throw new SafeError("VALIDATION", `±${input.targetHalfWidth} cannot be reached on this figure: the narrowest predicted is ±${need.bestHalfWidth.toPrecision(3)} (with ${need.more} more labels).`, [{ field: "targetHalfWidth", message: "Not reachable." }]);
  }
  return db.budgetPlan.create({
    data: { projectId, ...plan, targetHalfWidth: input.targetHalfWidth, labelledAtPlan: figures.n, halfWidthAtPlan: halfWidthOf(figures.ppi), predictedLabels: need.more, createdById },
    select: { id: true, predictedLabels: true },
  });
}

export type PlanReview = {
  id: string;
  runName: string;
  criterionKey: string;
  slice: string;
  targetHalfWidth: number;
  labelledAtPlan: number;
  halfWidthAtPlan: number | null;
  predictedLabels: number;
  createdAt: Date;
  /** The figure today: labels so far and the interval's half-width (null: not enough data). */
  labelledNow: number;
  halfWidthNow: number | null;
};

/** The project's latest saved plans beside the same figure now. */
export async function reviewBudgetPlans(projectId: string, limit = 10): Promise<PlanReview[]> {
  const plans = await db.budgetPlan.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take: limit, include: { run: { select: { name: true } } } });
  return Promise.all(
    plans.map(async (plan) => {
      const { figures } = await currentFigure(projectId, plan).catch(() => ({ figures: null }));
      return {
        id: plan.id,
        runName: plan.run.name,
        criterionKey: plan.criterionKey,
        slice: plan.slice,
        targetHalfWidth: plan.targetHalfWidth,
        labelledAtPlan: plan.labelledAtPlan,
        halfWidthAtPlan: plan.halfWidthAtPlan,
        predictedLabels: plan.predictedLabels,
        createdAt: plan.createdAt,
        labelledNow: figures?.n ?? 0,
        halfWidthNow: halfWidthOf(figures?.ppi ?? null),
      };
    }),
  );
}
