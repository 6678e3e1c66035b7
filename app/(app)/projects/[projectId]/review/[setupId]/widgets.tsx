"use client";

import { useEffect, useRef, useState } from "react";
import { fieldChoices, type Answer } from "@/lib/review/fields";
import { criterionKind, type CriterionKindName } from "@/lib/rubrics/kinds";
import { RankingField } from "./ranking-field";
import type { FormField, FormOutput } from "./rubric-form";

// The review widget of each criterion kind. The record is keyed by every kind,
// so a kind added to the registry (lib/rubrics/kinds.ts) does not build until
// it has a widget here.

export type WidgetProps = {
  field: FormField;
  index: number;
  title: string;
  outputs: FormOutput[];
  answer: Answer | undefined;
  focused: boolean;
  rankCursor: number;
  onAnswer: (answer: Answer) => void;
  onFocus: () => void;
  onRankCursor: (index: number) => void;
  /** Moves on to the next field (Enter in a typed value). */
  onDone: () => void;
};

function sameAnswer(a: Answer | undefined, b: Answer) {
  return !!a && JSON.stringify(a) === JSON.stringify(b);
}

/** Keyboard choices: digits (or A/B/T/X) pick one (the review screen's key handler). */
function ChoiceWidget({ field, title, outputs, answer, onAnswer }: WidgetProps) {
  return (
    <div className="mt-2 flex flex-wrap gap-1.5">
      {fieldChoices(field, outputs).map((choice) => {
        const checked = sameAnswer(answer, choice.answer);
        return (
          <label
            key={choice.key}
            className={`inline-flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 text-xs has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${checked ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
          >
            <input type="radio" className="sr-only" name={field.id} checked={checked} onChange={() => onAnswer(choice.answer)} aria-label={`${title}: ${choice.label}`} />
            <kbd className={`rounded px-1 font-mono text-[0.7rem] pointer-coarse:hidden ${checked ? "bg-white/20" : "bg-slate-100 text-slate-700"}`}>{choice.key}</kbd>
            {choice.label}
          </label>
        );
      })}
    </div>
  );
}

function RankingWidget({ outputs, answer, focused, rankCursor, onAnswer, onFocus, onRankCursor }: WidgetProps) {
  return (
    <div className="mt-2 space-y-2">
      <RankingField
        items={outputs}
        order={answer?.kind === "ranking" ? answer.order : outputs.map((o) => o.id)}
        selected={focused ? rankCursor : -1}
        onChange={(order) => onAnswer({ kind: "ranking", order })}
        onSelect={(i) => {
          onFocus();
          onRankCursor(i);
        }}
      />
      {!answer && (
        <button type="button" onClick={() => onAnswer({ kind: "ranking", order: outputs.map((o) => o.id) })} className="text-xs font-medium text-brand-700 underline">
          Keep this order (Space)
        </button>
      )}
    </div>
  );
}

/**
 * A real number typed in: the field takes the keyboard focus when it becomes
 * the current one (j/k), Enter keeps the value and moves on, Tab moves on as
 * usual. The range is checked as one types, with the same words as on submit.
 */
function ScoreWidget({ field, title, answer, focused, onAnswer, onDone }: WidgetProps) {
  const kind = criterionKind(field.criterion.kind, field.criterion.config);
  const { min, max, step } = kind.config as { min: number; max: number; step?: number };
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(answer?.kind === "score" ? String(answer.value) : "");
  useEffect(() => {
    if (focused && document.activeElement !== input.current) input.current?.focus();
  }, [focused]);
  const value = text.trim() === "" ? null : Number(text);
  const problem = value === null ? null : Number.isFinite(value) ? kind.answerCheck({ kind: "score", value }, []) : "Type a number.";
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      <input
        ref={input}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step ?? "any"}
        value={text}
        aria-label={`${title}: score from ${min} to ${max}`}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          const typed = event.target.value.trim() === "" ? NaN : Number(event.target.value);
          if (Number.isFinite(typed)) onAnswer({ kind: "score", value: typed });
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.ctrlKey && !problem && value !== null) {
            event.preventDefault();
            onDone();
          }
        }}
        className="w-28 rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <span className="text-xs text-slate-600">
        {min} – {max}, decimals allowed · Enter moves on
      </span>
      {problem && (
        <span className="text-xs font-medium text-red-700" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

export const WIDGETS: Record<CriterionKindName, (props: WidgetProps) => React.ReactNode> = {
  LIKERT: ChoiceWidget,
  BINARY: ChoiceWidget,
  CATEGORICAL: ChoiceWidget,
  FACTUALITY: ChoiceWidget,
  PREFERENCE: ChoiceWidget,
  RANKING: RankingWidget,
  SCORE: ScoreWidget,
};
