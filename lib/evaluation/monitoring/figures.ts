import { estimateFigures, type EstimateFigures } from "@/lib/estimates/figures";
import { percentAgreement } from "@/lib/stats/agreement";
import { meanWithCi, type MeanCi, type Moments } from "@/lib/stats/mean-ci";
import type { Stat } from "@/lib/stats/types";
import type { JudgedCountRow, SpotCheckUnitRow } from "./sql";

// One bucket's figures from the SQL's counts and spot-checked units.
// Arithmetic only (sums of counts); every statistic comes from lib/stats: the
// judge's figure and its interval (meanWithCi: a pass rate is the mean of
// 0/1), the PPI++ figure (estimateFigures, the calibrated-estimates screen's
// own: each spot check weighs 1/π of the stratified draw that took it, as a
// setup's labels do, the judge-only samples arrive as counts per value, and
// the "not enough data" rule is the same) and the judge–expert agreement
// (percentAgreement on the spot-checked samples).

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
  calibrated: EstimateFigures | null;
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
export function bucketFigures(rows: readonly JudgedCountRow[], spotChecks: readonly Pick<SpotCheckUnitRow, "y" | "yhat" | "w">[]): BucketFigures {
  let judged = 0;
  let failed = 0;
  const judgeOnly: { yhat: number; n: number }[] = [];
  for (const row of rows) {
    judged += row.n;
    if (row.failed) failed += row.n;
    else if (row.yhat !== null && row.y === null) judgeOnly.push({ yhat: row.yhat, n: row.n });
  }
  const judge = meanWithCi(judgeMoments(rows));
  const labelled = spotChecks.length;
  const calibrated = labelled ? estimateFigures({ labelled: spotChecks, judgeOnly }) : null;
  return {
    judged,
    failed,
    errorShare: judged ? failed / judged : null,
    judge,
    labelled,
    calibrated,
    agreement: labelled ? percentAgreement(spotChecks.map((unit) => unit.yhat), spotChecks.map((unit) => unit.y)) : null,
  };
}
