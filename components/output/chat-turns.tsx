import { Markdown } from "./markdown";

export type ChatTurn = { role: string; content: string };

const ROLE_STYLE: Record<string, string> = {
  system: "border-slate-200 bg-slate-50",
  user: "border-brand-100 bg-brand-50",
  assistant: "border-slate-200 bg-white",
  tool: "border-amber-200 bg-amber-50",
};

/** Parses a stored `inputTurns`/`turns` JSON value; anything malformed is dropped, never rendered raw. */
export function parseChatTurns(value: unknown): ChatTurn[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((turn) =>
    turn && typeof turn === "object" && typeof (turn as ChatTurn).content === "string"
      ? [{ role: String((turn as ChatTurn).role ?? "user"), content: (turn as ChatTurn).content }]
      : [],
  );
}

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
