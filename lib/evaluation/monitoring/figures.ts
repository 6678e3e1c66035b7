import { percentAgreement } from "@/lib/stats/agreement";
import { meanWithCi, type MeanCi, type Moments } from "@/lib/stats/mean-ci";
import type { CalibratedFigures } from "@/lib/stats/ppi";
import { designWeightedCalibratedFigures } from "@/lib/stats/ppi-design";
import type { Stat } from "@/lib/stats/types";
import type { JudgedCountRow, SpotCheckUnitRow } from "./sql";

// One bucket's figures from the SQL's counts and spot-checked units.
// Arithmetic only (sums of counts); every statistic comes from lib/stats: the
// judge's figure and its interval (meanWithCi: a pass rate is the mean of
// 0/1), the PPI++ figure (designWeightedCalibratedFigures: each spot check
// weighs 1/π of the stratified draw that took it, as calibrated estimates
// weigh a setup's labels, with calibratedFigures' "not enough data" rule) and
// the judge–expert agreement (percentAgreement on the spot-checked samples).

export type BucketFigures = {
  judged: number;
  failed: number;
  /** Failed judge calls among the judged samples; null when nothing was judged. */
  errorShare: number | null;
  /** The judge's raw figure (pass rate or mean score) with its interval. */
  judge: MeanCi;
  /** Spot-checked samples (an expert consensus and a judge value). */
  labelled: number;
  /** PPI++: the judge's figure corrected by its measured error on the spot checks; null without any. */
  calibrated: CalibratedFigures | null;
  /** Judge and experts give the same value (pass/fail, or the score) on the spot-checked samples. */
  agreement: Stat | null;
};

export function judgeMoments(rows: readonly Pick<JudgedCountRow, "failed" | "yhat" | "n">[]): Moments {
  const moments = { n: 0, sum: 0, sumOfSquares: 0 };
  for (const row of rows) {
    if (row.failed || row.yhat === null) continue;
    moments.n += row.n;
    moments.sum += row.n * row.yhat;
    moments.sumOfSquares += row.n * row.yhat * row.yhat;
  }
  return moments;
}


/**
 * `rows`: the rollup's counts (every judged sample, spot-checked or not);
 * `spotChecks`: the spot-checked samples one by one with their weights, which
 * replace the rollup's labelled counts in the PPI++ figure and the agreement.
 */
export function bucketFigures(rows: readonly JudgedCountRow[], spotChecks: readonly Pick<SpotCheckUnitRow, "y" | "yhat" | "w">[], confidence = 0.95): BucketFigures {
  let judged = 0;
  let failed = 0;
  const unlabelled: number[] = [];
  for (const row of rows) {
    judged += row.n;
    if (row.failed) failed += row.n;
    // One value at a time: spreading a row of 100,000 identical values as arguments overflows the stack.
    else if (row.yhat !== null && row.y === null) for (let i = 0; i < row.n; i++) unlabelled.push(row.yhat);
  }
  const judge = meanWithCi(judgeMoments(rows), confidence);
  const y = spotChecks.map((unit) => unit.y);
  const yhat = spotChecks.map((unit) => unit.yhat);
  const labelled = spotChecks.length;
  const calibrated = labelled ? designWeightedCalibratedFigures({ labeled: { y, yhat, w: spotChecks.map((unit) => unit.w) }, judgeOnlyYhat: unlabelled, confidence }) : null;
  return {
    judged,
    failed,
    errorShare: judged ? failed / judged : null,
    judge,
    labelled,
    calibrated,
    agreement: labelled ? percentAgreement(yhat, y) : null,
  };
}
