// The seams between the judge runner's parts, fixed before they are built:
// prompts and answers (template.ts, answer.ts, plan.ts) produce JudgeCallSpecs;
// the queue (runs.ts, worker/) executes them through a ChatModel and stores
// each parsed answer as exactly one score.
import type { AnswerSchema, ChatMessage, ChatParams } from "@/lib/llm/types";

/** Where a call's answer is stored: one JudgeScore, or one PairwiseJudgeScore. */
export type PointwiseTarget = { kind: "pointwise"; outputId: string; criterionId: string };
export type PairwiseTarget = {
  kind: "pairwise";
  itemId: string;
  criterionId: string;
  // Canonical A/B (as PairwiseJudgeScore stores them); shownOrder says which came first in the prompt.
  outputAId: string;
  outputBId: string;
  shownOrder: "AB" | "BA";
};
export type JudgeTarget = PointwiseTarget | PairwiseTarget;

/** One planned call: rendered once at planning time, so its tokens can be estimated before the run starts. */
export type JudgeCallSpec = {
  // Unique within a judge run; the score's own unique key (target) makes a retried write a no-op.
  key: string;
  target: JudgeTarget;
  messages: ChatMessage[];
  params: ChatParams;
  answerSchema?: AnswerSchema;
};

/**
 * A judge's answer read from the model's text. Pointwise answers carry value
 * (LIKERT, SCORE, BINARY as 0/1) or category (CATEGORICAL, FACTUALITY);
 * pairwise answers a verdict in terms of the canonical A/B (already mapped
 * back from the shown order). An answer that cannot be read is an ERROR score
 * that keeps the raw text.
 */
export type ParsedJudgeAnswer =
  | { ok: true; value?: number; category?: string; verdict?: "A" | "B" | "TIE" | "BOTH_BAD"; reasoning: string }
  | { ok: false; error: string; raw: string };

/**
 * What a judge run scores: outputs of runs on a dataset version, optionally
 * only some items (the held-out set) or some outputs. An "online" run scores
 * the production outputs of one batch of an evaluation rule's samples
 * (lib/evaluation/online-scoring.ts): ruleId says which rule it spends for.
 */
export type JudgeRunScope = {
  datasetVersionId: string;
  runIds: string[];
  itemIds?: string[];
  outputIds?: string[];
  purpose: "dataset" | "heldout" | "promote" | "online";
  ruleId?: string;
};

export type JudgeRunStatus = "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLED" | "FAILED" | "DONE";

export type JudgeRunProgress = {
  id: string;
  judgeId: string;
  status: JudgeRunStatus;
  total: number;
  done: number;
  errors: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  // Null when the connection has no prices.
  costUsd: number | null;
  estimatedCostUsd: number | null;
  callsPerSecond: number;
  // The provider's message when a fatal error stopped the run.
  failure: string | null;
};
