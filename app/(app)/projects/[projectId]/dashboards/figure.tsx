import { MetricsText } from "@/components/metrics-text";
import type { CiBarRow } from "@/components/charts/ci-bar-chart";
import type { Stat } from "@/lib/stats/types";

// How a statistic is shown everywhere on the dashboards: the value, its 95 %
// interval when there is one, and, when the value is undefined, the reason in
// words — never a blank, a 0 or NaN.

export type ShownStat = Stat & { lower?: number | null; upper?: number | null; rounds?: number; undefinedRounds?: number };
/** percent: a share; decimal: κ, ρ, errors; signed: a difference in scale units; points: a difference of shares, in percentage points. */
export type FigureKind = "percent" | "decimal" | "signed" | "points";

const sign = (value: number) => (value > 0 ? "+" : value < 0 ? "−" : "");

export function formatValue(value: number, kind: FigureKind) {
  if (kind === "percent") return `${(value * 100).toFixed(1)} %`;
  if (kind === "signed") return `${sign(value)}${Math.abs(value).toFixed(2)}`;
  if (kind === "points") return `${sign(value)}${Math.abs(value * 100).toFixed(1)} pts`;
  return value.toFixed(2).replace("-", "−");
}

// Interval bounds in the figure's units, without repeating the sign or the unit on each.
function formatBound(value: number, kind: FigureKind) {
  if (kind === "points") return (value * 100).toFixed(1).replace("-", "−");
  return formatValue(value, kind === "signed" ? "decimal" : kind);
}

/** The interval of a figure as the text shown in brackets, e.g. "[0.55, 0.69]"; null when it has none. */
export function formatInterval(stat: ShownStat, kind: FigureKind): string | null {
  if (stat.value === null || stat.lower === undefined || stat.lower === null || stat.upper === undefined || stat.upper === null) return null;
  return `[${formatBound(stat.lower, kind)}, ${formatBound(stat.upper, kind)}]`;
}

/** A figure as a row of a CI chart: value, interval, and the reason when there is no value. */
export function ciRow(label: string, stat: ShownStat | null | undefined, ceiling?: number | null): CiBarRow {
  if (!stat) return { label, value: null, lower: null, upper: null, reason: "not applicable", ceiling };
  return {
    label,
    value: stat.value,
    lower: stat.value === null ? null : (stat.lower ?? null),
    upper: stat.value === null ? null : (stat.upper ?? null),
    reason: stat.value === null ? (stat.reason ?? "undefined") : undefined,
    ceiling,
  };
}

export function Figure({ stat, kind = "decimal", testId, showCi = true, showN = false }: { stat: ShownStat | null | undefined; kind?: FigureKind; testId?: string; showCi?: boolean; showN?: boolean }) {
  if (!stat) return <span className="text-slate-400">n/a</span>;
  if (stat.value === null) {
    return (
      <span className="text-xs text-slate-500" data-testid={testId}>
        {stat.reason ?? "undefined"}
      </span>
    );
  }
  const interval = showCi ? formatInterval(stat, kind) : null;
  // A bootstrap was run but gave no interval (every replicate undefined): say so rather than look precise.
  const noInterval = showCi && interval === null && stat.lower === null && stat.reason;
  // Notes about the interval go on their own line: the figure itself never wraps.
  const undefinedNote = interval && stat.undefinedRounds !== undefined && stat.undefinedRounds > 0;
  return (
    <>
      <span className="whitespace-nowrap">
        <span className="font-medium tabular-nums text-slate-900" data-testid={testId}>
          {formatValue(stat.value, kind)}
        </span>
        {interval && (
          <span className="ml-1 text-xs tabular-nums text-slate-500" data-testid={testId ? `${testId}-ci` : undefined} aria-label={`95 % interval ${interval}`}>
            {interval}
          </span>
        )}
      </span>
      {/* The space lets a narrow tile wrap n onto the next line. */}
      {showN && " "}
      {showN && <span className="ml-1 whitespace-nowrap text-xs text-slate-500">n = {stat.n.toLocaleString("en")}</span>}
      {noInterval && <span className="block text-xs text-slate-500">no interval: {stat.reason}</span>}
      {/* docs/METRICS.md#intervals: report resamples on which the figure was undefined (the interval uses the others). */}
      {undefinedNote && (
        <span className="block text-xs text-amber-700">
          {stat.undefinedRounds!.toLocaleString("en")} of {stat.rounds?.toLocaleString("en")} resamples undefined
        </span>
      )}
    </>
  );
}

export function KeepGreek({ text }: { text: string }) {
  return <>{text.split(/([\u0370-\u03ff]+)/).map((part, i) => (i % 2 === 1 ? <span key={i} className="normal-case">{part}</span> : part))}</>;
}

export function FigureTile({ label, stat, kind, testId, hint }: { label: string; stat: ShownStat | null | undefined; kind?: FigureKind; testId?: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">
        <KeepGreek text={label} />
      </dt>
      <dd className="mt-1 text-lg">
        <Figure stat={stat} kind={kind} testId={testId} showN />
      </dd>
      {/* A second dd, not a p: a dl's groups may hold only dt and dd (axe definition-list). */}
      {hint && <dd className="mt-1 text-xs text-slate-500"><MetricsText text={hint} /></dd>}
    </div>
  );
}

export function kappaLabel(weights: "none" | "linear" | "quadratic") {
  return weights === "none" ? "Cohen's κ" : `Cohen's κ (${weights})`;
}
