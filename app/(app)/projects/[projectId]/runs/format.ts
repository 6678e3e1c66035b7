import type { BootstrapCi } from "@/lib/stats/bootstrap";

// Number formatting shared by the runs pages.

export function formatMetric(value: number | null | undefined, metric: "mean" | "pass rate" | "rate" = "mean") {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return metric === "mean" ? value.toFixed(2) : `${(value * 100).toFixed(1)}%`;
}

export function formatSigned(value: number | null | undefined, metric: "mean" | "pass rate" = "mean") {
  if (value === null || value === undefined) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${metric === "mean" ? Math.abs(value).toFixed(2) : `${(Math.abs(value) * 100).toFixed(1)} pp`}`;
}

export function formatCi(ci: BootstrapCi, metric: "mean" | "pass rate", signed = false) {
  if (ci.lower === null || ci.upper === null) return ci.reason ?? "not enough data";
  const f = (x: number) => (signed ? formatSigned(x, metric) : formatMetric(x, metric));
  return `[${f(ci.lower)}, ${f(ci.upper)}]`;
}

/** Query-string value: the first when repeated. */
export function param(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}
