"use client";

import { Field, Input, Textarea } from "@/components/ui/field";
import { criterionKind, FACTUALITY_OPTIONS, type CriterionKindName } from "@/lib/rubrics/kinds";

// The rubric editor's settings per criterion kind (Criterion.config), and the
// pass rule every kind with one shows: its default until an admin changes it.
// Kinds without settings have no entry.

type SettingsProps = { index: number; config: Record<string, unknown>; onChange: (config: Record<string, unknown>) => void };

function LikertSettings({ index, config, onChange }: SettingsProps) {
  const min = Number(config.min ?? 1);
  const max = Number(config.max ?? 5);
  const anchors = Array.isArray(config.anchors) ? (config.anchors as string[]) : [];
  function setRange(nextMin: number, nextMax: number) {
    const size = Math.max(0, Math.min(10, nextMax - nextMin + 1));
    onChange({ ...config, min: nextMin, max: nextMax, anchors: Array.from({ length: size }, (_, i) => anchors[i] ?? "") });
  }
  return (
    <div className="space-y-2">
      <div className="grid grid-cols-2 gap-3 sm:w-64">
        <Field label="Lowest" htmlFor={`c${index}-min`}>
          <Input id={`c${index}-min`} type="number" min={0} max={9} value={min} onChange={(event) => setRange(Number(event.target.value), max)} />
        </Field>
        <Field label="Highest" htmlFor={`c${index}-max`}>
          <Input id={`c${index}-max`} type="number" min={1} max={10} value={max} onChange={(event) => setRange(min, Number(event.target.value))} />
        </Field>
      </div>
      <div className="space-y-1.5">
        {anchors.map((anchor, i) => (
          <div key={i} className="flex items-center gap-2">
            <label htmlFor={`c${index}-anchor-${i}`} className="w-16 text-xs font-medium text-slate-700">
              Level {min + i}
            </label>
            <Input id={`c${index}-anchor-${i}`} value={anchor} placeholder="What this level means" onChange={(event) => onChange({ ...config, anchors: anchors.map((a, j) => (j === i ? event.target.value : a)) })} />
          </div>
        ))}
      </div>
    </div>
  );
}

function OptionsSettings({ index, config, onChange }: SettingsProps) {
  const options = Array.isArray(config.options) ? (config.options as string[]) : [];
  return (
    <Field label="Options (one per line, digits 1–9 pick them)" htmlFor={`c${index}-options`}>
      <Textarea id={`c${index}-options`} rows={Math.max(3, options.length)} value={options.join("\n")} onChange={(event) => onChange({ ...config, options: event.target.value.split("\n") })} />
    </Field>
  );
}


/** A number field that keeps what is typed (a lone "-" or "0.") and hands on numbers only. */
function NumberInput({ id, value, onChange }: { id: string; value: unknown; onChange: (value: number | undefined) => void }) {
  return (
    <Input
      id={id}
      type="number"
      step="any"
      inputMode="decimal"
      value={typeof value === "number" && Number.isFinite(value) ? value : ""}
      onChange={(event) => onChange(event.target.value.trim() === "" ? undefined : Number(event.target.value))}
    />
  );
}

function ScoreSettings({ index, config, onChange }: SettingsProps) {
  const set = (field: "min" | "max" | "step", value: number | undefined) => {
    const next = { ...config, [field]: value };
    if (value === undefined) delete next[field];
    onChange(next);
  };
  return (
    <div className="grid grid-cols-3 gap-3 sm:w-96">
      <Field label="Lowest" htmlFor={`c${index}-min`}>
        <NumberInput id={`c${index}-min`} value={config.min} onChange={(value) => set("min", value)} />
      </Field>
      <Field label="Highest" htmlFor={`c${index}-max`} hint="Decimals allowed (0–1 for probabilities).">
        <NumberInput id={`c${index}-max`} value={config.max} onChange={(value) => set("max", value)} />
      </Field>
      <Field label="Step (optional)" htmlFor={`c${index}-step`} hint="Arrow keys in the review form move by it.">
        <NumberInput id={`c${index}-step`} value={config.step} onChange={(value) => set("step", value)} />
      </Field>
    </div>
  );
}

const KIND_SETTINGS: Partial<Record<CriterionKindName, (props: SettingsProps) => React.ReactNode>> = {
  LIKERT: LikertSettings,
  CATEGORICAL: OptionsSettings,
  SCORE: ScoreSettings,
};

/** The settings of a criterion's kind; nothing for kinds without settings. */
export function KindSettings({ kind, ...props }: SettingsProps & { kind: CriterionKindName }) {
  const Settings = KIND_SETTINGS[kind];
  return Settings ? <Settings {...props} /> : null;
}

/**
 * Which value passes (run comparison, the CI gate, factuality, dataset health):
 * a threshold or the passing categories, shown at its default (from the
 * criterion-kind registry) until changed. Kinds without a pass rule show nothing.
 */
export function PassRuleSettings({ index, kind, config, onChange }: SettingsProps & { kind: CriterionKindName }) {
  const rule = criterionKind(kind, config).passRule();
  if (!rule || kind === "BINARY") return null;
  const explicit = config.pass as { threshold?: number; categories?: string[] } | undefined;
  const setPass = (pass: Record<string, unknown> | undefined) => {
    const next = { ...config, pass };
    if (!pass) delete next.pass;
    onChange(next);
  };
  if ("threshold" in rule) {
    return (
      <Field label="Passes at or above" htmlFor={`c${index}-pass`} hint={explicit?.threshold === undefined ? `Default: ${rule.threshold} (the middle of the scale).` : "Used by run comparison, the CI gate and dataset health."}>
        <div className="sm:w-40">
          <NumberInput id={`c${index}-pass`} value={explicit?.threshold ?? rule.threshold} onChange={(value) => setPass(value === undefined ? undefined : { threshold: value })} />
        </div>
      </Field>
    );
  }
  const options = kind === "FACTUALITY" ? [...FACTUALITY_OPTIONS] : ((config.options as string[] | undefined) ?? []).map((o) => o.trim()).filter(Boolean);
  const passing = new Set(rule.categories);
  const toggle = (option: string) => {
    const next = options.filter((o) => (o === option ? !passing.has(o) : passing.has(o)));
    setPass(next.length > 0 ? { categories: next } : undefined);
  };
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-800">Categories that pass</legend>
      <div className="flex flex-wrap gap-3">
        {options.map((option) => (
          <label key={option} className="flex items-center gap-1.5 text-sm text-slate-800">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={passing.has(option)} onChange={() => toggle(option)} aria-label={`Criterion ${index + 1}: ${option} passes`} />
            {option}
          </label>
        ))}
      </div>
      {!explicit?.categories && <p className="text-xs text-slate-600">Default: {rule.categories.join(", ")}.</p>}
    </fieldset>
  );
}
