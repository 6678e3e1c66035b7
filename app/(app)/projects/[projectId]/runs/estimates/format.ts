import { formatMetric } from "../format";

// Formatting of calibrated figures: pass rates in percent (± in points), means on their scale.

export type Metric = "mean" | "pass rate";

export function formatInterval(interval: { lower: number; upper: number } | null, metric: Metric) {
  if (!interval) return "";
  // A normal interval may reach past 0 % or 100 %; a rate cannot, so the shown ends stop there.
  const bound = (x: number) => (metric === "pass rate" ? Math.min(1, Math.max(0, x)) : x);
  return `[${formatMetric(bound(interval.lower), metric)}, ${formatMetric(bound(interval.upper), metric)}]`;
}

/** A half-width: "±0.12" on a scale, "±3.4 pts" for a pass rate. */
export function formatHalfWidth(halfWidth: number | null, metric: Metric) {
  if (halfWidth === null) return "—";
  return metric === "mean" ? `±${halfWidth.toFixed(2)}` : `±${(halfWidth * 100).toFixed(1)} pts`;
}

/** The planner's target as typed (points for pass rates) on the figure's own scale. */
export const targetOnScale = (typed: number, metric: Metric) => (metric === "mean" ? typed : typed / 100);
