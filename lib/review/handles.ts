import { SafeError } from "@/lib/errors";
import type { Answer, Answers } from "./fields";
import type { Draft } from "./schemas";

// Blind review that devtools cannot undo. Output ids are database ids whose
// long prefix is shared by a run's outputs (cuids of one import), so a
// reviewer reading the screen's JSON could tell runs apart whatever the
// shown order. Nothing the review screen receives or sends names an output
// by id: an output is its shown letter (A, B, C, D), the position in the
// assignment's recorded `shownOrder`, mapped back to the output id on the
// server. Field ids, preference winners and ranking orders all use letters;
// drafts are stored in letters too (they belong to one assignment, whose
// shown order never changes).

/** The letter of the output shown at a position (0 → "A"). */
export function outputLetter(position: number) {
  return String.fromCharCode(65 + position);
}

/** Both directions between an assignment's shown output ids and their letters. */
export function outputHandles(shownOutputIds: string[]) {
  const letterOf = new Map(shownOutputIds.map((id, position) => [id, outputLetter(position)]));
  const idOf = new Map(shownOutputIds.map((id, position) => [outputLetter(position), id]));
  return { letterOf, idOf };
}

type Handles = ReturnType<typeof outputHandles>;

/** A field id ("<criterionId>" or "<criterionId>@<output>") with its output part translated. */
function translateFieldId(fieldId: string, translate: (output: string) => string) {
  const at = fieldId.lastIndexOf("@");
  return at < 0 ? fieldId : `${fieldId.slice(0, at)}@${translate(fieldId.slice(at + 1))}`;
}

function translateAnswer(answer: Answer, translate: (output: string) => string): Answer {
  if (answer.kind === "preference") return answer.winner === "TIE" || answer.winner === "BOTH_BAD" ? answer : { kind: "preference", winner: translate(answer.winner) };
  if (answer.kind === "ranking") return { kind: "ranking", order: answer.order.map(translate) };
  return answer;
}

function translateAnswers(answers: Answers, translate: (output: string) => string): Answers {
  return Object.fromEntries(Object.entries(answers).map(([fieldId, answer]) => [translateFieldId(fieldId, translate), translateAnswer(answer, translate)]));
}

/** Answers in output ids (built from stored label values) as the screen sees them, in letters. */
export function answersToHandles(answers: Answers, handles: Handles): Answers {
  return translateAnswers(answers, (id) => handles.letterOf.get(id) ?? id);
}

/**
 * Answers the screen sent, in letters, in terms of output ids. A letter that
 * is not one of the task's outputs is refused in plain words: nothing is stored.
 */
export function answersFromHandles(answers: Answers, handles: Handles): Answers {
  return translateAnswers(answers, (letter) => {
    const id = handles.idOf.get(letter);
    if (!id) {
      const known = [...handles.idOf.keys()].join(", ");
      throw new SafeError("VALIDATION", `Output "${letter}" is not one of this task's outputs (${known}).`, [{ field: "answers", message: `Unknown output "${letter}"; this task shows outputs ${known}.` }]);
    }
    return id;
  });
}

/**
 * A stored draft as the screen gets it. Drafts are saved in letters; one saved
 * before outputs had letters holds output ids, which are translated here so
 * the reviewer's answers survive (and no id is sent).
 */
export function draftToHandles(draft: Draft | null, handles: Handles): Draft | null {
  return draft ? { ...draft, answers: answersToHandles(draft.answers ?? {}, handles) } : null;
}
