import { analyticalQuery } from "@/lib/comparisons/analytical-query";
import type { RunComparison } from "@/lib/comparisons/compare";
import { loadCriterionGroups, type CriterionGroup } from "@/lib/comparisons/criteria";
import type { CompareRunsInput } from "@/lib/comparisons/schemas";
import { SafeError } from "@/lib/errors";
import { estimateFigures, type EstimateFigures } from "./figures";
import { pairedUnitsSql } from "./sql";
import type { Units } from "./estimates";

// The PPI++ difference candidate − baseline for run comparison and the CI
// gate: units are the (item, turn)s the judge scored in both runs; the
// estimand is the mean of y_candidate − y_baseline over them, the judge's
// difference is the prediction, and pairs both of whose outputs experts
// decided are the labelled sample (a uniform one: comparisons take no setup).

export type PairedEstimate = { key: string; metric: "mean" | "pass rate" } & EstimateFigures;

export async function pairedEstimates(opts: { projectId: string; groups: CriterionGroup[]; judgeId: string; baselineId: string; candidateId: string; tag: string | null }): Promise<PairedEstimate[]> {
  const [units] = await analyticalQuery<Units>(pairedUnitsSql(opts));
  return opts.groups.map((group) => ({
    key: group.key,
    metric: group.scored ? "mean" : "pass rate",
    ...estimateFigures({ labelled: units!.labelled.filter((u) => u.g === group.index), judgeOnly: units!.judgeOnly.filter((u) => u.g === group.index) }),
  }));
}

/**
 * The PPI++ differences behind a comparison: the same criteria (and likert
 * threshold), tag and judge. Without a pointwise judge there is nothing to
 * calibrate: an error naming the parameter, never a pass.
 */
export async function comparisonEstimates(projectId: string, comparison: RunComparison, input: Pick<CompareRunsInput, "criterion" | "likertThreshold">): Promise<PairedEstimate[]> {
  if (!comparison.judge) throw new SafeError("VALIDATION", "The PPI++ difference needs a pointwise judge's scores on both runs, and this project has none for them.", [{ field: "estimator", message: "No judge to calibrate." }]);
  const groups = await loadCriterionGroups(projectId, { keys: input.criterion, likertThreshold: input.likertThreshold });
  return pairedEstimates({ projectId, groups, judgeId: comparison.judge.id, baselineId: comparison.baseline.id, candidateId: comparison.candidate.id, tag: comparison.tag });
}
