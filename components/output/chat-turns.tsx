import type { ChatTurn } from "./chat-turn";
import { Markdown } from "./markdown";

// Existing importers read the parser from here.
export { parseChatTurns, type ChatTurn } from "./chat-turn";

export const ROLE_STYLE: Record<string, string> = {
  system: "border-slate-200 bg-slate-50",
  user: "border-brand-100 bg-brand-50",
  assistant: "border-slate-200 bg-white",
  tool: "border-amber-200 bg-amber-50",
};

/** A chat conversation (the input of a multi-turn item), one bubble per turn. */
export function ChatTurns({ turns, label = "Conversation" }: { turns: ChatTurn[]; label?: string }) {
  return (
    <ol aria-label={label} className="space-y-2">
      {turns.map((turn, index) => (
        <li key={index} className={`rounded-md border px-3 py-2 ${ROLE_STYLE[turn.role] ?? ROLE_STYLE.assistant}`}>
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{turn.role}</p>
          <Markdown>{turn.content}</Markdown>
        </li>
      ))}
    </ol>
  );
}
