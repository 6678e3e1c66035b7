"use client";

import { Bar, BarChart, CartesianGrid, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type CiBarRow = {
  label: string;
  /** The figure; null when there is not enough data (the row is kept, with the reason written under the chart). */
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Why there is no figure, shown in place of the error bar. */
  reason?: string;
  /** A reference on the same units (e.g. the human ceiling), drawn as an amber dot on the row. */
  ceiling?: number | null;
};

/** percent: shares; signed: differences in scale units; points: differences of shares in percentage points. */
export type CiFormat = "decimal" | "percent" | "signed" | "points";

function formatter(format: CiFormat, digits = 2) {
  return (v: unknown) => {
    if (typeof v !== "number") return "—";
    if (format === "percent") return `${(v * 100).toFixed(digits === 2 ? 1 : 0)} %`;
    const sign = (format === "signed" || format === "points") && v > 0 ? "+" : "";
    if (format === "points") return `${sign}${(v * 100).toFixed(digits === 2 ? 1 : 0)} pts`.replace("-", "−");
    return `${sign}${v.toFixed(digits)}`.replace("-", "−");
  };
}

// The axis covers the requested domain and every value drawn, with ticks on
// round steps (0.2, 0.25, 0.5, …) so that 0 and 1 are ticks when they are in range.
function niceAxis(domain: [number, number], values: readonly (number | null)[]): { domain: [number, number]; ticks: number[]; step: number } {
  const drawn = values.filter((v): v is number => v !== null && Number.isFinite(v));
  let [min, max] = [Math.min(domain[0], ...drawn), Math.max(domain[1], ...drawn)];
  const step = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].find((s) => s >= (max - min) / 7) ?? 10;
  min = Math.floor(min / step + 1e-9) * step;
  max = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(Math.round(t / step) * step);
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks, step };
}

// A tick's label must name the value it sits on: with steps of 0.25 or 0.05 a
// one-decimal label read "0.3" under the 0.25 tick. Labels get the decimals of
// the step (percentages and points two fewer, as they are scaled by 100).
function tickFormatter(format: CiFormat, step: number) {
  const decimals = (step.toString().split(".")[1] ?? "").length;
  const scaled = format === "percent" || format === "points" ? Math.max(0, decimals - 2) : decimals;
  return (v: number) => {
    if (format === "percent") return `${(v * 100).toFixed(scaled)} %`;
    const sign = (format === "signed" || format === "points") && v > 0 ? "+" : "";
    if (format === "points") return `${sign}${(v * 100).toFixed(scaled)} pts`.replace("-", "−");
    return `${sign}${v.toFixed(scaled)}`.replace("-", "−");
  };
}

type WhiskerProps = { x?: number; y?: number; width?: number; height?: number };

// The 95 % interval as an error bar: a line from lower to upper with end caps,
// centred on the row (recharts places the floating [lower, upper] bar; this
// draws it as whiskers instead of a filled box).
function Whisker({ x = 0, y = 0, width = 0, height = 0 }: WhiskerProps) {
  const mid = y + height / 2;
  const cap = Math.min(8, height / 2);
  const left = Math.min(x, x + width);
  const right = Math.max(x, x + width);
  return (
    <g stroke="#4f46e5" strokeWidth={2} strokeLinecap="round">
      <line x1={left} x2={right} y1={mid} y2={mid} />
      <line x1={left} x2={left} y1={mid - cap} y2={mid + cap} />
      <line x1={right} x2={right} y1={mid - cap} y2={mid + cap} />
    </g>
  );
}

/**
 * One row per figure (judge × criterion, slice, reviewer, bias measure): the
 * 95 % bootstrap interval as an error bar, the estimate as a dark dot on it
 * and, when given, a reference (the human ceiling) as an amber dot on the same
 * row, so "is the judge as close to people as people are to each other?"
 * reads at a glance. Rows without a figure say why under the chart.
 */
export function CiBarChart({ rows, valueName, ceilingName, axisLabel, domain = [-0.2, 1], title, format = "decimal", zeroLine = true }: {
  rows: CiBarRow[];
  valueName: string;
  ceilingName?: string;
  axisLabel: string;
  domain?: [number, number];
  title: string;
  format?: CiFormat;
  /** Draw a vertical line at 0 (chance for κ, no difference for signed figures). */
  zeroLine?: boolean;
}) {
  const data = rows.map((row) => ({
    ...row,
    interval: row.value !== null && row.lower !== null && row.upper !== null ? [row.lower, row.upper] : null,
  }));
  const missing = rows.filter((row) => row.value === null);
  const { domain: axis, ticks, step } = niceAxis(domain, rows.flatMap((row) => [row.value, row.lower, row.upper, row.ceiling ?? null]));
  const tick = tickFormatter(format, step);
  const exact = formatter(format);
  const height = 60 + rows.length * 34;
  const labelWidth = Math.min(260, Math.max(110, ...rows.map((row) => row.label.length * 7.2 + 16)));
  return (
    <figure className="w-full" aria-label={title}>
      <figcaption className="mb-2 flex flex-wrap items-center gap-4 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{title}</span>
        <span className="flex items-center gap-1.5">
          <svg aria-hidden width="24" height="12" className="text-brand-600">
            <g stroke="#4f46e5" strokeWidth={2} strokeLinecap="round">
              <line x1={2} x2={22} y1={6} y2={6} />
              <line x1={2} x2={2} y1={1} y2={11} />
              <line x1={22} x2={22} y1={1} y2={11} />
            </g>
          </svg>
          95 % bootstrap interval
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-3 rounded-full bg-indigo-900" /> {valueName}
        </span>
        {ceilingName && (
          <span className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-3 rounded-full border border-amber-900 bg-amber-500" /> {ceilingName}
          </span>
        )}
      </figcaption>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 28, left: 8 }} barCategoryGap={4}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={axis} ticks={ticks} tickFormatter={(v: number) => tick(v)} label={{ value: axisLabel, position: "insideBottom", offset: -16, fontSize: 12 }} fontSize={12} />
            <YAxis type="category" dataKey="label" width={labelWidth} fontSize={12} interval={0} />
            <Tooltip
              formatter={(value: unknown, name: unknown) => [Array.isArray(value) ? `${exact(value[0])} to ${exact(value[1])}` : exact(value), String(name)]}
            />
            {zeroLine && axis[0] < 0 && axis[1] > 0 && <ReferenceLine x={0} stroke="#94a3b8" />}
            <Bar dataKey="interval" name={`${valueName}: 95 % interval`} shape={<Whisker />} isAnimationActive={false} />
            {ceilingName &&
              data.map((row) =>
                row.ceiling === null || row.ceiling === undefined ? null : (
                  <ReferenceDot key={`ceiling:${row.label}`} x={row.ceiling} y={row.label} r={6} fill="#f59e0b" stroke="#78350f" ifOverflow="extendDomain" />
                ),
              )}
            {data.map((row) =>
              row.value === null ? (
                <ReferenceDot key={row.label} x={axis[0]} y={row.label} r={0} label={{ value: "no figure (see below)", position: "right", fontSize: 11, fill: "#94a3b8" }} />
              ) : (
                <ReferenceDot key={row.label} x={row.value} y={row.label} r={5} fill="#312e81" stroke="#fff" ifOverflow="extendDomain" />
              ),
            )}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {missing.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs text-slate-500">
          {missing.map((row) => (
            <li key={row.label}>
              <span className="font-medium text-slate-700">{row.label}</span>: {row.reason ?? "not enough data"}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
