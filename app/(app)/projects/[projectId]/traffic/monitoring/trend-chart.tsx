import type { SeriesPoint } from "@/lib/evaluation/monitoring/series";

// Plain SVG: the judge's figure per bucket with its interval as a band, the
// PPI++ figure as diamonds where experts spot-checked the bucket, and
// agreement with the experts as hollow circles. Figures come computed from
// lib/stats; this only places them.

const W = 880;
const H = 240;
const PAD = { left: 48, right: 40, top: 12, bottom: 28 };

export function TrendChart({ points, scale, title }: { points: SeriesPoint[]; scale: { min: number; max: number }; title: string }) {
  const times = points.map((p) => p.bucket.getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => PAD.left + (t1 === t0 ? (W - PAD.left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (Math.min(scale.max, Math.max(scale.min, v)) - scale.min) / (scale.max - scale.min)) * (H - PAD.top - PAD.bottom);
  const withFigure = points.filter((p) => p.judge.value !== null);
  const band = withFigure.filter((p) => p.judge.ci);
  const bandPath = band.length
    ? `M ${band.map((p) => `${x(p.bucket.getTime())} ${y(p.judge.ci![1])}`).join(" L ")} L ${[...band].reverse().map((p) => `${x(p.bucket.getTime())} ${y(p.judge.ci![0])}`).join(" L ")} Z`
    : "";
  const line = withFigure.map((p) => `${x(p.bucket.getTime())},${y(p.judge.value!)}`).join(" ");
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => scale.min + f * (scale.max - scale.min));
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={title}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(tick)} y2={y(tick)} className="stroke-slate-200" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="fill-slate-600 text-[11px]">
              {Number.isInteger(tick) ? tick : tick.toFixed(2)}
            </text>
          </g>
        ))}
        {bandPath && <path d={bandPath} className="fill-brand-100" />}
        {withFigure.length > 1 && <polyline points={line} fill="none" className="stroke-brand-700" strokeWidth={2} />}
        {withFigure.map((p) => (
          <circle key={p.bucket.toISOString()} cx={x(p.bucket.getTime())} cy={y(p.judge.value!)} r={3} className="fill-brand-700">
            <title>{`${p.bucket.toISOString().slice(0, 16)}: judge ${p.judge.value!.toFixed(3)} (n = ${p.judge.n})`}</title>
          </circle>
        ))}
        {points.map((p) =>
          p.calibrated?.ppi ? (
            <rect key={`ppi-${p.bucket.toISOString()}`} x={x(p.bucket.getTime()) - 4} y={y(p.calibrated.ppi.estimate) - 4} width={8} height={8} transform={`rotate(45 ${x(p.bucket.getTime())} ${y(p.calibrated.ppi.estimate)})`} className="fill-amber-500">
              <title>{`PPI++ ${p.calibrated.ppi.estimate.toFixed(3)} from ${p.calibrated.n} spot checks`}</title>
            </rect>
          ) : null,
        )}
        {points.map((p) =>
          p.agreement?.value != null && scale.min === 0 && scale.max === 1 ? (
            <circle key={`agr-${p.bucket.toISOString()}`} cx={x(p.bucket.getTime())} cy={y(p.agreement.value)} r={4} fill="none" className="stroke-emerald-700" strokeWidth={1.5}>
              <title>{`Agreement with experts ${(p.agreement.value * 100).toFixed(0)} % on ${p.agreement.n} spot checks`}</title>
            </circle>
          ) : null,
        )}
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={`t-${p.bucket.toISOString()}`} x={x(p.bucket.getTime())} y={H - 8} textAnchor="middle" className="fill-slate-600 text-[11px]">
              {p.bucket.toISOString().slice(5, 13).replace("T", " ")}h
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-700">
        <span><span className="mr-1 inline-block h-2 w-4 bg-brand-700 align-middle" />judge (raw) with its 95 % interval (band)</span>
        <span><span className="mr-1 inline-block h-2 w-2 rotate-45 bg-amber-500 align-middle" />PPI++ corrected by spot checks</span>
        {scale.min === 0 && scale.max === 1 && <span><span className="mr-1 inline-block h-2 w-2 rounded-full border border-emerald-700 align-middle" />judge–expert agreement</span>}
      </figcaption>
    </figure>
  );
}
