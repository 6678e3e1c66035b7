"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type CiBarRow = {
  label: string;
  /** The judge's figure; null when there is not enough data (the row is kept, without a bar). */
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** The human ceiling for the same units, drawn as a second bar. */
  ceiling?: number | null;
};

const fmt = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : "—");

/**
 * Horizontal bars with 95 % interval whiskers, one row per judge × criterion
 * (or slice), and the human ceiling beside each bar so "is the judge as close
 * to people as people are to each other?" reads at a glance.
 */
export function CiBarChart({ rows, valueName, ceilingName, axisLabel, domain = [-0.2, 1], title }: {
  rows: CiBarRow[];
  valueName: string;
  ceilingName?: string;
  axisLabel: string;
  domain?: [number, number];
  title: string;
}) {
  const data = rows.map((row) => ({
    ...row,
    error: row.value !== null && row.lower !== null && row.upper !== null ? [row.value - row.lower, row.upper - row.value] : [0, 0],
  }));
  const height = 70 + rows.length * (ceilingName ? 44 : 30);
  return (
    <figure className="w-full" aria-label={title}>
      <figcaption className="sr-only">{title}</figcaption>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 28, left: 8 }} barGap={2}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={domain} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: axisLabel, position: "insideBottom", offset: -16, fontSize: 12 }} fontSize={12} />
            <YAxis type="category" dataKey="label" width={210} fontSize={12} interval={0} />
            <Tooltip formatter={(value: unknown, name: unknown) => [fmt(value), String(name)]} />
            <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine x={0} stroke="#94a3b8" />
            <Bar dataKey="value" name={`${valueName} (95 % CI)`} fill="#4f46e5" isAnimationActive={false}>
              <ErrorBar dataKey="error" direction="x" width={6} stroke="#1e1b4b" strokeWidth={1.5} />
            </Bar>
            {ceilingName && <Bar dataKey="ceiling" name={ceilingName} fill="#f59e0b" isAnimationActive={false} />}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
