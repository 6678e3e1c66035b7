"use client";

import { categoricalOptions, likertConfig, type Answer, type Answers, type CriterionSpec } from "@/lib/review/fields";
import { RankingField } from "./ranking-field";

export type FormField = { id: string; outputId: string | null; criterion: CriterionSpec };
export type FormOutput = { id: string; letter: string };

const FACTUALITY_LABELS: Record<string, string> = { correct: "Correct", incorrect: "Incorrect", not_attempted: "Not attempted" };

export function fieldTitle(field: FormField, outputs: FormOutput[]) {
  const output = field.outputId ? outputs.find((o) => o.id === field.outputId) : null;
  return output ? `${field.criterion.name} — Output ${output.letter}` : field.criterion.name;
}

/** The choices of a field, in the order digits pick them. */
export function fieldChoices(field: FormField, outputs: FormOutput[]): { key: string; label: string; answer: Answer }[] {
  const { criterion } = field;
  switch (criterion.kind) {
    case "LIKERT": {
      const { min, max, anchors } = likertConfig(criterion);
      return Array.from({ length: max - min + 1 }, (_, i) => ({ key: String(min + i), label: anchors[i] ? `${min + i} · ${anchors[i]}` : String(min + i), answer: { kind: "score", value: min + i } }));
    }
    case "BINARY":
      return [
        { key: "1", label: "Pass", answer: { kind: "score", value: 1 } },
        { key: "0", label: "Fail", answer: { kind: "score", value: 0 } },
      ];
    case "CATEGORICAL":
    case "FACTUALITY":
      return categoricalOptions(criterion).map((option, i) => ({ key: String(i + 1), label: FACTUALITY_LABELS[option] ?? option, answer: { kind: "category", value: option } }));
    case "PREFERENCE":
      return [
        { key: "A", label: `Output ${outputs[0]?.letter ?? "A"} is better`, answer: { kind: "preference", winner: outputs[0]!.id } },
        { key: "B", label: `Output ${outputs[1]?.letter ?? "B"} is better`, answer: { kind: "preference", winner: outputs[1]!.id } },
        { key: "T", label: "Tie", answer: { kind: "preference", winner: "TIE" } },
        { key: "X", label: "Both bad", answer: { kind: "preference", winner: "BOTH_BAD" } },
      ];
    case "RANKING":
    case "SCORE":
      return [];
  }
}

function sameAnswer(a: Answer | undefined, b: Answer) {
  return !!a && JSON.stringify(a) === JSON.stringify(b);
}

export function RubricForm({ fields, outputs, answers, focused, rankCursor, onAnswer, onFocus, onRankCursor, missing }: {
  fields: FormField[];
  outputs: FormOutput[];
  answers: Answers;
  focused: number;
  rankCursor: number;
  onAnswer: (fieldId: string, answer: Answer) => void;
  onFocus: (index: number) => void;
  onRankCursor: (index: number) => void;
  missing: Set<string>;
}) {
  return (
    <div className="space-y-3">
      {fields.map((field, index) => {
        const answer = answers[field.id];
        const isFocused = index === focused;
        const title = fieldTitle(field, outputs);
        return (
          <fieldset
            key={field.id}
            id={`field-${index}`}
            tabIndex={-1}
            onFocus={() => onFocus(index)}
            onClick={() => onFocus(index)}
            data-focused={isFocused || undefined}
            className={`rounded-md border p-3 ${isFocused ? "border-brand-500 bg-brand-50/40 ring-1 ring-brand-500" : "border-slate-200 bg-white"}`}
          >
            <legend className="sr-only">{title}</legend>
            <div className="flex items-baseline justify-between gap-2">
              <p className="text-sm font-semibold text-slate-900" aria-hidden>
                {title}
                {!field.criterion.required && <span className="ml-1 text-xs font-normal text-slate-600">(optional)</span>}
              </p>
              {answer && <span className="text-xs text-emerald-700">✓ answered</span>}
            </div>
            {field.criterion.description && <p className="mt-0.5 text-xs text-slate-600">{field.criterion.description}</p>}
            {missing.has(field.id) && (
              <p className="mt-1 text-xs font-medium text-red-700" role="alert">
                Required before submitting.
              </p>
            )}
            {field.criterion.kind === "RANKING" ? (
              <div className="mt-2 space-y-2">
                <RankingField
                  items={outputs}
                  order={answer?.kind === "ranking" ? answer.order : outputs.map((o) => o.id)}
                  selected={isFocused ? rankCursor : -1}
                  onChange={(order) => onAnswer(field.id, { kind: "ranking", order })}
                  onSelect={(i) => {
                    onFocus(index);
                    onRankCursor(i);
                  }}
                />
                {!answer && (
                  <button type="button" onClick={() => onAnswer(field.id, { kind: "ranking", order: outputs.map((o) => o.id) })} className="text-xs font-medium text-brand-700 underline">
                    Keep this order (Space)
                  </button>
                )}
              </div>
            ) : (
              <div className="mt-2 flex flex-wrap gap-1.5">
                {fieldChoices(field, outputs).map((choice) => {
                  const checked = sameAnswer(answer, choice.answer);
                  return (
                    <label
                      key={choice.key}
                      className={`inline-flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 text-xs has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${checked ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
                    >
                      <input type="radio" className="sr-only" name={field.id} checked={checked} onChange={() => onAnswer(field.id, choice.answer)} aria-label={`${title}: ${choice.label}`} />
                      <kbd className={`rounded px-1 font-mono text-[0.7rem] ${checked ? "bg-white/20" : "bg-slate-100 text-slate-700"}`}>{choice.key}</kbd>
                      {choice.label}
                    </label>
                  );
                })}
              </div>
            )}
          </fieldset>
        );
      })}
    </div>
  );
}
