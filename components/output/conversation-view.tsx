import type { ConversationStep } from "@/lib/review/conversation";
import { ROLE_STYLE } from "./chat-turns";
import { Markdown } from "./markdown";

const GRID: Record<number, string> = { 1: "", 2: "md:grid-cols-2", 3: "md:grid-cols-2 xl:grid-cols-3", 4: "md:grid-cols-2 xl:grid-cols-4" };

/**
 * The conversation before the judged answer, in order. Messages the item
 * holds are one bubble each; an earlier reply the item does not hold shows
 * each output's own answer (its run's earlier turn) side by side under the
 * output's letter, so a reviewer follows every run's thread without seeing
 * which run it is.
 */
export function ConversationView({ steps, letters, label = "Conversation" }: { steps: ConversationStep[]; letters: string[]; label?: string }) {
  return (
    <ol aria-label={label} className="space-y-2">
      {steps.map((step, index) =>
        step.kind === "message" ? (
          <li key={index} className={`rounded-md border px-3 py-2 ${ROLE_STYLE[step.role] ?? ROLE_STYLE.assistant}`}>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{step.role}</p>
            <Markdown>{step.content}</Markdown>
          </li>
        ) : (
          <li key={index} className={`rounded-md border px-3 py-2 ${ROLE_STYLE.assistant}`}>
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">
              assistant <span className="font-normal normal-case tracking-normal">· {step.answers.length > 1 ? "each output's own earlier answer" : "this output's earlier answer"}</span>
            </p>
            <div className={`grid gap-2 ${GRID[Math.min(step.answers.length, 4)] ?? ""}`}>
              {step.answers.map((answer, position) => (
                <div key={position} className="min-w-0 rounded border border-slate-100 px-2 py-1">
                  {step.answers.length > 1 && <p className="text-xs font-semibold text-slate-700">Output {letters[position] ?? position + 1}</p>}
                  {answer === null ? <p className="text-sm italic text-slate-600">No answer to this turn from this output&apos;s run.</p> : <Markdown>{answer}</Markdown>}
                </div>
              ))}
            </div>
          </li>
        ),
      )}
    </ol>
  );
}
