import type { Stat } from "@/lib/stats/types";

// How a statistic is shown everywhere on the dashboards: the value, its 95 %
// interval when there is one, and, when the value is undefined, the reason in
// words — never a blank, a 0 or NaN.

export type ShownStat = Stat & { lower?: number | null; upper?: number | null };

export function formatValue(value: number, kind: "percent" | "decimal" | "signed") {
  if (kind === "percent") return `${(value * 100).toFixed(1)} %`;
  if (kind === "signed") return `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(2)}`;
  return value.toFixed(2).replace("-", "−");
}

export function Figure({ stat, kind = "decimal", testId, showCi = true }: { stat: ShownStat | null | undefined; kind?: "percent" | "decimal" | "signed"; testId?: string; showCi?: boolean }) {
  if (!stat) return <span className="text-slate-400">n/a</span>;
  if (stat.value === null) {
    return (
      <span className="text-xs text-slate-500" data-testid={testId}>
        {stat.reason ?? "undefined"}
      </span>
    );
  }
  const ci = showCi && stat.lower !== undefined && stat.lower !== null && stat.upper !== undefined && stat.upper !== null;
  return (
    <span className="whitespace-nowrap">
      <span className="font-medium tabular-nums text-slate-900" data-testid={testId}>
        {formatValue(stat.value, kind)}
      </span>
      {ci && (
        <span className="ml-1 text-xs tabular-nums text-slate-500">
          [{formatValue(stat.lower!, kind === "signed" ? "decimal" : kind)}, {formatValue(stat.upper!, kind === "signed" ? "decimal" : kind)}]
        </span>
      )}
    </span>
  );
}

export function FigureTile({ label, stat, kind, testId, hint }: { label: string; stat: ShownStat | null | undefined; kind?: "percent" | "decimal" | "signed"; testId?: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg">
        <Figure stat={stat} kind={kind} testId={testId} />
        {stat && stat.value !== null && <span className="ml-2 text-xs text-slate-500">n = {stat.n.toLocaleString("en")}</span>}
      </dd>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

export function kappaLabel(weights: "none" | "linear" | "quadratic") {
  return weights === "none" ? "Cohen's κ" : `Cohen's κ (${weights})`;
}
