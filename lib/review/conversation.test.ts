import { describe, expect, it } from "vitest";
import { buildConversation, type ConversationStep } from "./conversation";

const user = (content: string) => ({ role: "user", content });
const assistant = (content: string) => ({ role: "assistant", content });
const answers = (...turns: [number, string][]) => new Map(turns);

/** A step as one short line: "user: Q2", "assistant: A1", "answers 1: [x, y]". */
function outline(steps: ConversationStep[]) {
  return steps.map((step) => (step.kind === "message" ? `${step.role}: ${step.content}` : `answers ${step.turn}: [${step.answers.map((a) => a ?? "-").join(", ")}]`));
}

describe("buildConversation", () => {
  const mtBench = [user("Q1"), user("Q2"), user("Q3")];

  it("turn k of a user-only chat answers user message k, after each run's own earlier answers in order", () => {
    const earlier = [answers([0, "A0"], [1, "A1"]), answers([0, "B0"], [1, "B1"])];
    const third = buildConversation({ chat: mtBench, inputText: null, turn: 2, earlier });
    expect(third.position).toBe(3);
    expect(third.of).toBe(3);
    expect(outline(third.steps)).toEqual(["user: Q1", "answers 0: [A0, B0]", "user: Q2", "answers 1: [A1, B1]", "user: Q3"]);

    const second = buildConversation({ chat: mtBench, inputText: null, turn: 1, earlier });
    expect([second.position, second.of]).toEqual([2, 3]);
    expect(outline(second.steps)).toEqual(["user: Q1", "answers 0: [A0, B0]", "user: Q2"]);

    const first = buildConversation({ chat: mtBench, inputText: null, turn: 0, earlier });
    expect([first.position, first.of]).toEqual([1, 3]);
    expect(outline(first.steps)).toEqual(["user: Q1"]);
  });

  it("marks an earlier answer a run does not have as missing instead of shifting the others", () => {
    const conversation = buildConversation({ chat: mtBench, inputText: null, turn: 2, earlier: [answers([1, "A1"])] });
    expect(outline(conversation.steps)).toEqual(["user: Q1", "answers 0: [-]", "user: Q2", "answers 1: [A1]", "user: Q3"]);
  });

  it("keeps the replies an item holds as shared context: turn 0 answers its first unanswered user message", () => {
    const chat = [{ role: "system", content: "Be brief." }, user("Plus plan?"), assistant("Single user."), user("And Family?")];
    const conversation = buildConversation({ chat, inputText: null, turn: 0, earlier: [new Map(), new Map()] });
    expect([conversation.position, conversation.of]).toEqual([2, 2]);
    expect(outline(conversation.steps)).toEqual(["system: Be brief.", "user: Plus plan?", "assistant: Single user.", "user: And Family?"]);
  });

  it("mixes held replies and runs' answers in chat order", () => {
    const chat = [user("Q1"), assistant("golden A1"), user("Q2"), user("Q3")];
    const conversation = buildConversation({ chat, inputText: null, turn: 1, earlier: [answers([0, "run answer to Q2"])] });
    expect(outline(conversation.steps)).toEqual(["user: Q1", "assistant: golden A1", "user: Q2", "answers 0: [run answer to Q2]", "user: Q3"]);
    expect([conversation.position, conversation.of]).toEqual([3, 3]);
  });

  it("counts all user messages when every one already has a reply (answered again turn by turn)", () => {
    const chat = [user("Q1"), assistant("g1"), user("Q2"), assistant("g2")];
    const conversation = buildConversation({ chat, inputText: null, turn: 1, earlier: [answers([0, "A0"])] });
    expect([conversation.position, conversation.of]).toEqual([2, 2]);
    expect(outline(conversation.steps)).toEqual(["user: Q1", "assistant: g1", "user: Q2"]);
  });

  it("treats a text prompt as one user turn", () => {
    const conversation = buildConversation({ chat: [], inputText: "What is 2+2?", turn: 0, earlier: [new Map()] });
    expect(conversation).toEqual({ position: 1, of: 1, steps: [{ kind: "message", role: "user", content: "What is 2+2?" }] });
  });
});
