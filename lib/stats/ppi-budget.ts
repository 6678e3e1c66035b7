import { twoSidedZ, type PpiEstimate } from "@/lib/stats/ppi";
import { StatsInputError } from "@/lib/stats/types";

// The labelling budget planner (docs/METRICS.md#ppi-budget): how wide the
// calibrated interval will be after more expert labels, and how many more it
// takes to reach ±target. Assumption, stated to the user: λ and both per-unit
// variances stay as measured now, and each new label moves one unit from the
// judge-only pool to the labelled set (n grows, N shrinks, n + N is fixed):
//   half-width(k) = z · √(V_u/(N − k) + V_r/(n + k)).

export type PlanState = Pick<PpiEstimate, "imputedVariance" | "rectifierVariance" | "n" | "N" | "confidence">;

function predictedVariance(state: PlanState, more: number): number {
  const { imputedVariance, rectifierVariance, n, N } = state;
  return (imputedVariance === 0 ? 0 : imputedVariance / (N - more)) + rectifierVariance / (n + more);
}

function checkState(state: PlanState) {
  const { imputedVariance, rectifierVariance, n, N } = state;
  if (!(n >= 1 && N >= 0 && Number.isInteger(n) && Number.isInteger(N))) throw new StatsInputError("plan: n and N must be whole numbers, n ≥ 1");
  if (!(imputedVariance >= 0 && rectifierVariance >= 0)) throw new StatsInputError("plan: variances must be non-negative");
}

/** The predicted half-width with `more` additional expert labels (0 ≤ more < N, or more = 0 when N = 0). */
export function predictedHalfWidth(state: PlanState, more: number): number {
  checkState(state);
  if (!Number.isInteger(more) || more < 0) throw new StatsInputError("predictedHalfWidth: more must be a whole number ≥ 0");
  if (more > 0 && more >= state.N) throw new StatsInputError(`predictedHalfWidth: only ${state.N} units are left to label`);
  return twoSidedZ(state.confidence) * Math.sqrt(predictedVariance(state, more));
}

export type LabelPlan =
  | { reachable: true; more: number; predictedHalfWidth: number }
  | { reachable: false; bestHalfWidth: number; more: number };

/**
 * The fewest additional labels k with predicted half-width ≤ target. The
 * variance is convex in k (V_u/(N − k) rises, V_r/(n + k) falls), so it is
 * minimal at k* = (N·√r − n)/(1 + √r), r = V_r/V_u; below k* it falls, and
 * a bisection there finds the first k that reaches the target. When even k*
 * does not, the plan says so and gives the best width (more labels would widen
 * the interval again, because the judge-only pool shrinks).
 */
export function labelsNeededForHalfWidth(state: PlanState, target: number): LabelPlan {
  checkState(state);
  if (!(target > 0)) throw new StatsInputError("labelsNeededForHalfWidth: target must be positive");
  const z = twoSidedZ(state.confidence);
  const bound = (target / z) ** 2;
  const reaches = (k: number) => predictedVariance(state, k) <= bound;
  if (reaches(0)) return { reachable: true, more: 0, predictedHalfWidth: z * Math.sqrt(predictedVariance(state, 0)) };
  const last = state.N - 1;
  if (last < 1) return { reachable: false, bestHalfWidth: z * Math.sqrt(predictedVariance(state, 0)), more: 0 };
  const { imputedVariance: vu, rectifierVariance: vr, n, N } = state;
  const root = vu === 0 ? Infinity : Math.sqrt(vr / vu);
  const continuous = root === Infinity ? last : (N * root - n) / (1 + root);
  // The integer minimiser is one of the two integers around k*.
  const candidates = [Math.floor(continuous), Math.ceil(continuous)].map((k) => Math.min(last, Math.max(0, k)));
  const best = candidates.reduce((a, b) => (predictedVariance(state, b) < predictedVariance(state, a) ? b : a));
  if (!reaches(best)) return { reachable: false, bestHalfWidth: z * Math.sqrt(predictedVariance(state, best)), more: best };
  let lo = 0; // does not reach
  let hi = best; // reaches
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return { reachable: true, more: hi, predictedHalfWidth: z * Math.sqrt(predictedVariance(state, hi)) };
}

/** The plan for each slice on its own (each slice's figure to ±target). */
export function labelsNeededPerSlice(slices: readonly { key: string; state: PlanState }[], target: number) {
  return slices.map(({ key, state }) => ({ key, plan: labelsNeededForHalfWidth(state, target) }));
}
