import { formatMetric } from "../format";

// Formatting of calibrated figures: pass rates in percent (± in points), means on their scale.

export type Metric = "mean" | "pass rate";

export function formatInterval(interval: { lower: number; upper: number } | null, metric: Metric) {
  if (!interval) return "";
  return `[${formatMetric(interval.lower, metric)}, ${formatMetric(interval.upper, metric)}]`;
}

/** A half-width: "±0.12" on a scale, "±3.4 pts" for a pass rate. */
export function formatHalfWidth(halfWidth: number | null, metric: Metric) {
  if (halfWidth === null) return "—";
  return metric === "mean" ? `±${halfWidth.toFixed(2)}` : `±${(halfWidth * 100).toFixed(1)} pts`;
}

/** The planner's target as typed (points for pass rates) on the figure's own scale. */
export const targetOnScale = (typed: number, metric: Metric) => (metric === "mean" ? typed : typed / 100);
