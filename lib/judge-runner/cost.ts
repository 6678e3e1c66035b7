import type { ChatMessage } from "@/lib/llm/types";

// Token counts and cost. Prices are USD per million tokens on the connection;
// a missing price makes the cost unknown (null), never 0.

export type Prices = { inputPricePerMTok: number | null; outputPricePerMTok: number | null };

export function costUsd(prices: Prices, inputTokens: number, outputTokens: number): number | null {
  if (prices.inputPricePerMTok === null || prices.outputPricePerMTok === null) return null;
  return (inputTokens * prices.inputPricePerMTok + outputTokens * prices.outputPricePerMTok) / 1_000_000;
}

// Per-message overhead of the chat format (role and separators), as OpenAI's
// cookbook counts it for its chat models.
const TOKENS_PER_MESSAGE = 4;

/**
 * Input tokens of a rendered prompt, estimated before the run: ≈ 4 characters
 * per token (OpenAI's rule of thumb for English; code and non-Latin scripts
 * run denser, so estimates for them are low). A heuristic on purpose: the
 * estimate is shown before a run starts and must cost nothing for 100,000
 * prompts; actual counts come from the provider's usage as calls return.
 */
export function estimateInputTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + Math.ceil(message.content.length / 4), 3);
}

/** Expected answer length when the judge sets no max_tokens: a short JSON verdict with reasoning. */
export const DEFAULT_ANSWER_TOKENS = 150;
