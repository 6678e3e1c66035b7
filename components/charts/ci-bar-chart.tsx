"use client";

import { Bar, BarChart, CartesianGrid, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type CiBarRow = {
  label: string;
  /** The judge's figure; null when there is not enough data (the row is kept, without a bar). */
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** The human ceiling for the same units, drawn as an amber dot on the row. */
  ceiling?: number | null;
};

const fmt = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : "—");

/**
 * One row per judge × criterion (or slice, or reviewer): the 95 % interval as
 * a floating bar, the estimate as a dark dot on it and, when given, the human
 * ceiling as an amber dot on the same row, so "is the judge as close to people
 * as people are to each other?" reads at a glance.
 */
export function CiBarChart({ rows, valueName, ceilingName, axisLabel, domain = [-0.2, 1], title }: {
  rows: CiBarRow[];
  valueName: string;
  ceilingName?: string;
  axisLabel: string;
  domain?: [number, number];
  title: string;
}) {
  // The interval is a floating bar from lower to upper; the point estimate a dot on it.
  const data = rows.map((row) => ({
    ...row,
    interval: row.value !== null && row.lower !== null && row.upper !== null ? [row.lower, row.upper] : null,
  }));
  const height = 60 + rows.length * 34;
  return (
    <figure className="w-full" aria-label={title}>
      <figcaption className="mb-2 flex flex-wrap items-center gap-4 text-xs text-slate-600">
        <span className="sr-only">{title}. </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-6 rounded-sm border border-brand-600 bg-indigo-200" /> {valueName}: 95 % interval
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-3 rounded-full bg-indigo-900" /> {valueName}: estimate
        </span>
        {ceilingName && (
          <span className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-3 rounded-full border border-amber-900 bg-amber-500" /> {ceilingName}
          </span>
        )}
      </figcaption>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 28, left: 8 }} barGap={2}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={domain} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: axisLabel, position: "insideBottom", offset: -16, fontSize: 12 }} fontSize={12} />
            <YAxis type="category" dataKey="label" width={210} fontSize={12} interval={0} />
            <Tooltip formatter={(value: unknown, name: unknown) => [Array.isArray(value) ? `${fmt(value[0])} to ${fmt(value[1])}` : fmt(value), String(name)]} />
            <ReferenceLine x={0} stroke="#94a3b8" />
            <Bar dataKey="interval" name={`${valueName}: 95 % interval`} fill="#c7d2fe" stroke="#4f46e5" isAnimationActive={false} />
            {ceilingName &&
              data.map((row) =>
                row.ceiling === null || row.ceiling === undefined ? null : (
                  <ReferenceDot key={`ceiling:${row.label}`} x={row.ceiling} y={row.label} r={6} fill="#f59e0b" stroke="#78350f" ifOverflow="extendDomain" />
                ),
              )}
            {data.map((row) =>
              row.value === null ? null : <ReferenceDot key={row.label} x={row.value} y={row.label} r={5} fill="#312e81" stroke="#fff" ifOverflow="extendDomain" />,
            )}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
