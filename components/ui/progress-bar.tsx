export function ProgressBar({ value, max, label, unit = "labels" }: { value: number; max: number; label: string; unit?: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">
        {max > 0 ? `${value.toLocaleString("en")} of ${max.toLocaleString("en")} ${unit} (${percent}%)` : "No review tasks yet"}
      </p>
    </div>
  );
}
