"use client";

import { CartesianGrid, ComposedChart, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";

export type RatingPoint = { name: string; rating: number; lower: number; upper: number };

/** Ratings as dots with their 95% bootstrap interval as horizontal bars; the anchor line at 1000. */
export function RatingChart({ rows }: { rows: RatingPoint[] }) {
  const data = rows.map((row) => ({ ...row, error: [row.rating - row.lower, row.upper - row.rating] }));
  const min = Math.min(...rows.map((r) => r.lower));
  const max = Math.max(...rows.map((r) => r.upper));
  const pad = Math.max(10, (max - min) * 0.1);
  return (
    <figure aria-label="Bradley–Terry ratings with 95% intervals">
      <div style={{ height: Math.max(140, rows.length * 44 + 60) }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart layout="vertical" data={data} margin={{ top: 10, right: 24, bottom: 10, left: 10 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={[Math.floor(min - pad), Math.ceil(max + pad)]} tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 12 }} />
            <ReferenceLine x={1000} stroke="#94a3b8" strokeDasharray="4 4" />
            <Tooltip formatter={(value) => (typeof value === "number" ? value.toFixed(0) : String(value))} />
            <Scatter dataKey="rating" fill="#4f46e5" name="Rating" isAnimationActive={false}>
              <ErrorBar dataKey="error" direction="x" width={6} stroke="#4f46e5" />
            </Scatter>
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {rows.map((r) => `${r.name}: ${r.rating.toFixed(0)} (${r.lower.toFixed(0)}–${r.upper.toFixed(0)})`).join("; ")}
      </figcaption>
    </figure>
  );
}
