import { parseChatTurns } from "@/components/output/chat-turn";
import { parseContext } from "@/components/output/retrieved-context";
import type { ChatMessage } from "@/lib/llm/types";
import { buildConversation, plainPrompt, type Conversation } from "@/lib/review/conversation";
import { describeAnswerFormat } from "./answer";
import type { JudgedCriterion, JudgeModeName } from "./criterion";
import { renderTemplate, describeCriterion, type JudgeTemplate, type TemplateValues } from "./template";

// One call's messages from an item and the output(s) under judgment, in the
// order shown. Shared by the planner (every call of a run), the editor's live
// preview and the few-shot block, so the preview is exactly what is sent.

export type PromptItem = {
  inputText: string | null;
  inputTurns: unknown;
  context: unknown;
  reference: string | null;
};

/** An output as a prompt shows it: its text and its run's earlier answers on the item (multi-turn chats). */
export type PromptOutput = { content: string; turn: number; earlier: ReadonlyMap<number, string> };

const NONE = "(none)";

/** The conversation up to the judged turn, earlier replies filled in per shown output, as plain text. */
export function formatInput(item: PromptItem, outputs: PromptOutput[]): string {
  const conversation: Conversation = buildConversation({
    chat: parseChatTurns(item.inputTurns),
    inputText: item.inputText,
    turn: outputs[0]?.turn ?? 0,
    earlier: outputs.map((output) => output.earlier),
  });
  const plain = plainPrompt(conversation);
  if (plain !== null) return plain;
  const names = outputs.length > 1 ? ["first response", "second response"] : ["assistant"];
  return conversation.steps
    .flatMap((step) =>
      step.kind === "message"
        ? [`[${step.role}]\n${step.content}`]
        : step.answers.map((answer, i) => `[${names[i] ?? "assistant"}, earlier turn]\n${answer ?? "(no answer)"}`),
    )
    .join("\n\n");
}

export function formatContext(context: unknown): string {
  const documents = parseContext(context);
  if (documents.length === 0) return NONE;
  return documents.map((doc, i) => `[${i + 1}] ${doc.title ?? doc.id ?? "Untitled document"}\n${doc.content}`).join("\n\n");
}

/** Every variable's value for one call; `examples` is the rendered few-shot block (examples.ts). */
export function promptValues(input: { mode: JudgeModeName; criterion: JudgedCriterion; item: PromptItem; outputs: PromptOutput[]; examples: string }): TemplateValues {
  const [first, second] = input.outputs;
  return {
    input: formatInput(input.item, input.outputs) || NONE,
    output: input.mode === "POINTWISE" ? (first?.content ?? "") : "",
    output_a: input.mode === "PAIRWISE" ? (first?.content ?? "") : "",
    output_b: input.mode === "PAIRWISE" ? (second?.content ?? "") : "",
    reference: input.item.reference?.trim() ? input.item.reference : NONE,
    context: formatContext(input.item.context),
    criterion: describeCriterion(input.criterion),
    examples: input.examples,
    answer_format: describeAnswerFormat(input.criterion, input.mode),
  };
}

export function renderCall(input: { template: JudgeTemplate; mode: JudgeModeName; criterion: JudgedCriterion; item: PromptItem; outputs: PromptOutput[]; examples: string }): ChatMessage[] {
  return renderTemplate(input.template, input.mode, promptValues(input));
}
