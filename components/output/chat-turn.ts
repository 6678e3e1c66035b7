// The shape of one chat message as stored in `DatasetItem.inputTurns` and
// `Output.turns`, and its parser. Kept free of JSX so server code (the review
// task view) can read conversations without loading the renderers.

export type ChatTurn = { role: string; content: string };

/** Parses a stored `inputTurns`/`turns` JSON value; anything malformed is dropped, never rendered raw. */
export function parseChatTurns(value: unknown): ChatTurn[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((turn) =>
    turn && typeof turn === "object" && typeof (turn as ChatTurn).content === "string"
      ? [{ role: String((turn as ChatTurn).role ?? "user"), content: (turn as ChatTurn).content }]
      : [],
  );
}
