"use client";

import type { Answer, Answers, CriterionSpec } from "@/lib/review/fields";
import { POINTWISE_KINDS } from "@/lib/rubrics/kinds";
import { WIDGETS } from "./widgets";

export type FormField = { id: string; outputId: string | null; criterion: CriterionSpec };
export type FormOutput = { id: string; letter: string };

export function fieldTitle(field: FormField, outputs: FormOutput[]) {
  const output = field.outputId ? outputs.find((o) => o.id === field.outputId) : null;
  return output ? `${field.criterion.name} — Output ${output.letter}` : field.criterion.name;
}

/** A pointwise criterion shown without an output is asked once of the comparison (Criterion.pairwiseScope). */
const aboutComparison = (field: FormField) => !field.outputId && POINTWISE_KINDS.includes(field.criterion.kind);

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
  // Enter in a typed value moves to the next field, as digits do for choices.
  const moveOn = (index: number) => {
    const next = Math.min(index + 1, fields.length - 1);
    onFocus(next);
    document.getElementById(`field-${next}`)?.focus();
  };
  return (
    <div className="space-y-3">
      {fields.map((field, index) => {
        const answer = answers[field.id];
        const isFocused = index === focused;
        const title = fieldTitle(field, outputs);
        const Widget = WIDGETS[field.criterion.kind];
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
                {aboutComparison(field) && <span className="ml-1 text-xs font-normal text-slate-600">(about the comparison)</span>}
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
            <Widget
              field={field}
              index={index}
              title={title}
              outputs={outputs}
              answer={answer}
              focused={isFocused}
              rankCursor={rankCursor}
              onAnswer={(next) => onAnswer(field.id, next)}
              onFocus={() => onFocus(index)}
              onRankCursor={onRankCursor}
              onDone={() => moveOn(index)}
            />
          </fieldset>
        );
      })}
    </div>
  );
}
