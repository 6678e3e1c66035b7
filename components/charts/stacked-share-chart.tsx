"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// One horizontal bar split into shares that sum to 1, e.g. position
// consistency: consistent / biased to first / biased to second / error.

export function StackedShareChart({ title, parts, axisLabel }: { title: string; axisLabel: string; parts: { name: string; share: number; color: string }[] }) {
  const row = Object.fromEntries([["label", title], ...parts.map((p) => [p.name, p.share])]);
  return (
    <figure aria-label={title} className="w-full">
      <figcaption className="sr-only">
        {title}: {parts.map((p) => `${p.name} ${(p.share * 100).toFixed(1)} %`).join(", ")}
      </figcaption>
      <div style={{ height: 120 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={[row]} layout="vertical" margin={{ top: 4, right: 24, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)} %`} fontSize={12} label={{ value: axisLabel, position: "insideBottom", offset: -14, fontSize: 12 }} />
            <YAxis type="category" dataKey="label" hide />
            <Tooltip formatter={(value: unknown, name: unknown) => [typeof value === "number" ? `${(value * 100).toFixed(1)} %` : "—", String(name)]} />
            <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
            {parts.map((p) => (
              <Bar key={p.name} dataKey={p.name} stackId="share" fill={p.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
