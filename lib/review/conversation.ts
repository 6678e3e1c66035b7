import type { ChatTurn } from "@/components/output/chat-turn";

// The conversation a reviewer reads before the answer(s) under review: the
// item's chat up to the user message the judged turn answers, in order, with
// the earlier replies filled in.
//
// Which user message a turn answers. `Output.turn` k (0-based) answers the
// k-th user message the item's chat leaves without an assistant reply: an
// MT-Bench item (user turns only) has turn k answer user message k; an OpenAI
// `messages` conversation that holds earlier replies and ends with a user
// message has its one output at turn 0 answer that last message. A turn past
// those unanswered messages (an item that holds a reply to every user turn
// and is answered again turn by turn) counts all user messages from the start,
// as the outputs importer checks turns.
//
// Where earlier replies come from. A reply the item's chat holds is shared
// context, shown once. A user message the item leaves unanswered before the
// judged one was answered by each run itself: its step carries every shown
// output's own earlier answer (the same run's output of that turn, null when
// the run has none), so pairwise review shows them side by side in the
// reviewer's order, under the same letters and never a run name.

export type ConversationStep =
  | { kind: "message"; role: string; content: string }
  | { kind: "answers"; turn: number; answers: (string | null)[] };

export type Conversation = {
  /** The judged turn's place among the item's user turns, 1-based: "Turn {position} of {of}". */
  position: number;
  of: number;
  steps: ConversationStep[];
};

/** Earlier answers of one shown output's run on this item, by turn. */
export type EarlierAnswers = ReadonlyMap<number, string>;

export function buildConversation(input: { chat: ChatTurn[]; inputText: string | null; turn: number; earlier: EarlierAnswers[] }): Conversation {
  const messages: ChatTurn[] = input.chat.length > 0 ? input.chat : input.inputText !== null ? [{ role: "user", content: input.inputText }] : [];
  const userAt: number[] = [];
  messages.forEach((message, index) => {
    if (message.role === "user") userAt.push(index);
  });
  const replied = userAt.map((start, u) => messages.slice(start + 1, userAt[u + 1] ?? messages.length).some((message) => message.role === "assistant"));
  const unanswered = userAt.map((_, u) => u).filter((u) => !replied[u]);
  const byUnanswered = input.turn < unanswered.length;
  // The user message (ordinal among user messages) the judged turn answers; null past the last one.
  const target = byUnanswered ? unanswered[input.turn]! : input.turn < userAt.length ? input.turn : null;
  const turnOf = (u: number) => (byUnanswered ? unanswered.indexOf(u) : u);

  const steps: ConversationStep[] = [];
  const fillReply = (u: number) => {
    const turn = turnOf(u);
    if (replied[u] || turn < 0 || turn >= input.turn) return;
    steps.push({ kind: "answers", turn, answers: input.earlier.map((answers) => answers.get(turn) ?? null) });
  };
  let user = -1;
  for (const message of messages) {
    if (message.role === "user") {
      if (user >= 0) fillReply(user);
      user += 1;
    }
    steps.push({ kind: "message", role: message.role, content: message.content });
    if (target !== null && user === target && message.role === "user") break;
  }
  if (target === null && user >= 0) fillReply(user);
  const position = target === null ? input.turn + 1 : target + 1;
  return { position, of: Math.max(userAt.length, position, 1), steps };
}

/** The prompt text when the conversation is a single user message (shown as a plain prompt, not a chat). */
export function plainPrompt(conversation: Conversation): string | null {
  const [only, ...rest] = conversation.steps;
  return rest.length === 0 && only?.kind === "message" && only.role === "user" ? only.content : null;
}
